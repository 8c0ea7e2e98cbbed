import type { FastifyServerOptions } from 'fastify';

/**
 * Keys whose values are secrets anywhere in a log record: Bitrix24 frame fields, OAuth
 * fields, nested event auth (`auth[access_token]`), our own session tokens and headers.
 */
const SENSITIVE_KEY = /^(auth|auth_id|refresh_id|application_token|access_token|refresh_token|client_secret|code|authorization|cookie|password|secret|token|session_token|auth\[.*\])$/i;
const REDACTED = '[redacted]';

/** Returns a copy of `value` with every sensitive key's value replaced, at any depth. */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  // Only plain records are rewritten; requests, errors and buffers reach their serializers intact.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SENSITIVE_KEY.test(key) ? REDACTED : redactDeep(item, depth + 1);
  }
  return out;
}

/** Strips secret query parameters (`auth=`, `code=`, ...) from a URL or path before it is logged. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) {
    if (SENSITIVE_KEY.test(key)) params.set(key, REDACTED);
  }
  return `${url.slice(0, q)}?${params.toString()}`;
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    formatters: {
      log: (record) => redactDeep(record) as Record<string, unknown>,
    },
    serializers: {
      req: (req) => ({ method: req.method, url: redactUrl(String(req.url ?? '')), remoteAddress: req.ip }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
  };
}
