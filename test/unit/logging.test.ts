import Fastify from 'fastify';
import pino from 'pino';
import { loggerOptions, redactDeep, redactUrl } from '../../server/logging';
import { requestLogController } from '../../server/http/request-logging';

describe('log redaction', () => {
  it('replaces secrets at any depth, including PHP-style event keys', () => {
    const record = {
      body: { AUTH_ID: 'a1', REFRESH_ID: 'r1', APPLICATION_TOKEN: 't1', member_id: 'm1', auth: { access_token: 'x' } },
      'auth[access_token]': 'y',
      headers: { authorization: 'Bearer z' },
      list: [{ refresh_token: 'q' }],
      client_secret: 's',
    };
    const text = JSON.stringify(redactDeep(record));
    for (const secret of ['a1', 'r1', 't1', '"x"', '"y"', 'Bearer z', '"q"', '"s"']) expect(text).not.toContain(secret);
    expect(text).toContain('m1');
  });

  it('strips secret query parameters from URLs and keeps the rest', () => {
    const url = redactUrl('/oauth/callback?code=abc&state=s1&domain=p.bitrix24.com&auth=tok');
    expect(url).not.toContain('abc');
    expect(url).not.toContain('tok');
    expect(url).toContain('domain=p.bitrix24.com');
    expect(redactUrl('/healthz')).toBe('/healthz');
  });
});

describe('log redaction of our own names and of errors', () => {
  it('redacts camelCase token fields as well', () => {
    const text = JSON.stringify(redactDeep({ accessToken: 'a2', refreshToken: 'r2', applicationToken: 't2', clientSecret: 's2', sessionToken: 'k2', memberId: 'm2' }));
    for (const secret of ['a2', 'r2', 't2', 's2', 'k2']) expect(text).not.toContain(secret);
    expect(text).toContain('m2');
  });

  it("keeps an HTTP client error's request (client_secret, refresh token) out of the log line", async () => {
    const lines: string[] = [];
    const logger = pino(loggerOptions('info') as pino.LoggerOptions, { write: (line: string) => void lines.push(line) });
    // What axios throws when the OAuth server does not answer: the request it tried to send rides along.
    const error = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
      config: { url: 'https://oauth.bitrix.info/oauth/token/', data: 'grant_type=refresh_token&refresh_token=rt-123&client_secret=cs-456' },
      request: { _header: 'POST /oauth/token/ HTTP/1.1' },
      response: { data: { access_token: 'at-789' } },
    });
    logger.error({ err: error }, 'request failed');
    const text = lines.join('');
    expect(text).toContain('ECONNREFUSED');
    for (const secret of ['rt-123', 'cs-456', 'at-789']) expect(text).not.toContain(secret);
  });
});

describe('error codes in the log, and the OAuth authorization code', () => {
  const capture = () => {
    const lines: string[] = [];
    const logger = pino(loggerOptions('info') as pino.LoggerOptions, { write: (line: string) => void lines.push(line) });
    return { logger, text: () => lines.join('') };
  };

  it('shows error codes: a field named code, and the code of an error', () => {
    const { logger, text } = capture();
    logger.warn({ portalId: 'p1', method: 'user.get', code: 'QUERY_LIMIT_EXCEEDED', status: 503 }, 'bitrix rest call will be retried');
    logger.warn({ code: 'invalid_grant', status: 400 }, 'bitrix token refresh failed');
    logger.error({ err: Object.assign(new Error('Bitrix24 profile: expired_token'), { code: 'expired_token' }) }, 'failed');
    const logged = text();
    for (const code of ['QUERY_LIMIT_EXCEEDED', 'invalid_grant', 'expired_token']) expect(logged).toContain(`"code":"${code}"`);
    expect(logged).not.toContain('[redacted]');
  });

  it("hides the OAuth authorization code: in the callback's URL, its query and the token request's body", () => {
    expect(redactUrl('/oauth/callback?code=authcode-1&state=s1')).not.toContain('authcode-1');
    expect(redactUrl('/oauth/callback?CODE=authcode-1&state=s1')).not.toContain('authcode-1');
    const { logger, text } = capture();
    logger.info({ query: { code: 'authcode-2', state: 's2', domain: 'p.bitrix24.com' } }, 'callback');
    logger.info({ body: { grant_type: 'authorization_code', code: 'authcode-3', client_id: 'app.1' } }, 'token request');
    logger.info({ authorizationCode: 'authcode-4', authCode: 'authcode-5' }, 'our own names');
    const logged = text();
    for (const secret of ['authcode-2', 'authcode-3', 'authcode-4', 'authcode-5']) expect(logged).not.toContain(secret);
    expect(logged).toContain('p.bitrix24.com');
  });

  it("keeps the code out of Fastify's own request line for /oauth/callback", async () => {
    const lines: string[] = [];
    const options = loggerOptions('info') as Record<string, unknown>;
    const app = Fastify({ logger: { ...options, stream: { write: (line: string) => void lines.push(line) } }, logController: requestLogController('info') });
    app.get('/oauth/callback', async () => 'ok');
    await app.inject({ method: 'GET', url: '/oauth/callback?code=authcode-6&state=s6&domain=p.bitrix24.com' });
    await app.close();
    const logged = lines.join('');
    expect(logged).toContain('/oauth/callback?code=%5Bredacted%5D');
    expect(logged).toContain('domain=p.bitrix24.com');
    expect(logged).not.toContain('authcode-6');
  });
});

describe('request lines', () => {
  async function linesOf(level: string, urls: string[]): Promise<Array<Record<string, any>>> {
    const lines: string[] = [];
    const options = loggerOptions(level) as Record<string, unknown>;
    const app = Fastify({ logger: { ...options, stream: { write: (line: string) => void lines.push(line) } }, logController: requestLogController(level) });
    app.get('/api/me', async () => ({ ok: true }));
    app.get('/healthz', async () => ({ status: 'ok' }));
    app.get('/api/broken', async () => {
      throw new Error('boom');
    });
    for (const url of urls) await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer secret-token' } });
    await app.close();
    return lines.map((line) => JSON.parse(line));
  }

  it('is one line a request, written when it completes: method, URL, address, status, time, reqId', async () => {
    const records = await linesOf('info', ['/api/me?auth=tok-1&x=2']);
    expect(records).toHaveLength(1);
    const [line] = records;
    expect(line).toMatchObject({ msg: 'request completed', req: { method: 'GET', remoteAddress: '127.0.0.1' }, res: { statusCode: 200 }, reqId: expect.any(String) });
    expect(line!.req.url).toBe('/api/me?auth=%5Bredacted%5D&x=2');
    expect(typeof line!.responseTime).toBe('number');
    expect(JSON.stringify(records)).not.toContain('secret-token');
  });

  it("keeps the health probe quiet at info, logs it at debug, and keeps a failed request's error", async () => {
    expect(await linesOf('info', ['/healthz'])).toEqual([]);
    expect((await linesOf('debug', ['/healthz'])).filter((record) => record.msg === 'request completed')).toHaveLength(1);
    const failed = await linesOf('info', ['/api/broken']);
    expect(failed.find((record) => record.msg === 'boom')?.err?.message).toBe('boom');
    expect(failed.find((record) => record.msg === 'request completed')?.res?.statusCode).toBe(500);
  });
});
