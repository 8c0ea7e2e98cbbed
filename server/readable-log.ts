/**
 * Log lines for a person at a terminal (`npm start` in local-portal mode): pino's JSON records,
 * already redacted by logging.ts, printed as "12:03:04 INFO  text key=value". Production keeps
 * JSON for log collectors. A request's one record (http/request-logging.ts) reads "GET /api/me 200 12 ms".
 */

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
// Shown elsewhere in the line, or noise at a terminal.
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'responseTime', 'err', 'module']);

type LogRecord = Record<string, unknown>;

function clock(time: unknown): string {
  const date = new Date(typeof time === 'number' || typeof time === 'string' ? time : Date.now());
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

function errorText(err: unknown): string {
  if (!err || typeof err !== 'object') return '';
  const { message, stack, type } = err as { message?: unknown; stack?: unknown; type?: unknown };
  // The stack starts with "Type: message"; indented, so the next record still stands out.
  const body = typeof stack === 'string' ? stack : `${String(type ?? 'Error')}: ${String(message ?? '')}`;
  return `\n${body.replace(/^/gm, '    ')}`;
}

/** One record as one readable line (plus an indented stack for an error). */
export function formatLogRecord(record: LogRecord): string {
  const level = (LEVELS[Number(record.level)] ?? String(record.level)).padEnd(5);
  const module = typeof record.module === 'string' ? `[${record.module}] ` : '';
  const extras = Object.entries(record)
    .filter(([key, value]) => !OMITTED.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${valueText(value)}`);
  const text = [`${module}${String(record.msg ?? '')}`, ...extras].filter(Boolean).join(' ');
  return `${clock(record.time)} ${level} ${text}${errorText(record.err)}`;
}

/** A pino destination that writes readable lines to `out`; anything that is not a JSON record passes as it is. */
export function readableLogStream(out: { write(text: string): unknown }): { write(line: string): void } {
  return {
    write(line: string) {
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        out.write(line.endsWith('\n') ? line : `${line}\n`);
        return;
      }
      const req = record.req as { method?: string; url?: string } | undefined;
      const res = record.res as { statusCode?: number } | undefined;
      if ((record.msg === 'request completed' || record.msg === 'request errored') && req && res) {
        const ms = typeof record.responseTime === 'number' ? ` ${Math.round(record.responseTime)} ms` : '';
        const { req: _req, res: _res, responseTime: _time, ...rest } = record;
        out.write(`${formatLogRecord({ ...rest, msg: `${req.method ?? ''} ${req.url ?? ''} ${res.statusCode ?? ''}${ms}` })}\n`);
        return;
      }
      out.write(`${formatLogRecord(record)}\n`);
    },
  };
}
