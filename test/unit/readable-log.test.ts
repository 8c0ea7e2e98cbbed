import Fastify from 'fastify';
import { loggerOptions } from '../../server/logging';
import { formatLogRecord, readableLogStream } from '../../server/readable-log';
import { isRoutineRequest } from '../../server/http/request-logging';

describe('readable log lines (npm start in local-portal mode)', () => {
  const capture = () => {
    const out: string[] = [];
    return { out, stream: readableLogStream({ write: (text: string) => out.push(text) }) };
  };

  it('prints time, level, module, message and the other fields, already redacted', () => {
    const { out, stream } = capture();
    const app = Fastify({ logger: loggerOptions('info', stream) });
    app.log.child({ module: 'worker' }).info({ jobId: 7, accessToken: 'tok-123', note: 'two words' }, 'job done');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d INFO  \[worker\] job done jobId=7 accessToken=\[redacted\] note="two words"\n$/);
  });

  it("prints a request's one record as one line: method, URL, status, time", () => {
    const { out, stream } = capture();
    stream.write(JSON.stringify({ level: 30, time: 0, reqId: 'req-1', req: { method: 'GET', url: '/api/me' }, res: { statusCode: 401 }, responseTime: 12.4, msg: 'request completed' }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/INFO  GET \/api\/me 401 12 ms\n$/);
  });

  it('keeps the message of an error record that names its request', () => {
    const { out, stream } = capture();
    const err = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at here' };
    stream.write(JSON.stringify({ level: 50, time: 0, reqId: 'req-2', req: { method: 'GET', url: '/api/me' }, res: { statusCode: 500 }, err, msg: 'boom' }));
    expect(out[0]).toMatch(/ERROR boom\n {4}Error: boom\n/);
  });

  it('indents the stack of an error under its line, and passes on what is not a record', () => {
    const { out, stream } = capture();
    const err = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at here' };
    stream.write(JSON.stringify({ level: 50, time: 0, err, msg: 'failed' }));
    stream.write('plain text');
    expect(out[0]).toMatch(/ERROR failed\n {4}Error: boom\n {8}at here\n$/);
    expect(out[1]).toBe('plain text\n');
    expect(formatLogRecord({ level: 40, time: 0, msg: 'careful' })).toMatch(/WARN  careful$/);
  });

  it('counts the health probe, assets and the favicon as routine, nothing else', () => {
    for (const url of ['/healthz', '/assets/app.js', '/favicon.ico', '/favicon.svg']) expect(isRoutineRequest(url)).toBe(true);
    for (const url of ['/', '/api/healthz', '/install', '/api/settings/moderators']) expect(isRoutineRequest(url)).toBe(false);
  });
});
