import type { FastifyServerOptions } from 'fastify';
import { stdSerializers } from 'pino';

/**
 * Keys whose values are secrets anywhere in a log record: Bitrix24 frame fields, OAuth
 * fields, nested event auth (`auth[access_token]`), our own session tokens and headers.
 * Not `code`: in a record that is almost always an error code (QUERY_LIMIT_EXCEEDED,
 * invalid_grant), which is what makes a log line useful. See OAUTH_CODE_COMPANIONS.
 */
// `_?` also covers our own camelCase names (accessToken, refreshToken, applicationToken, clientSecret).
const SENSITIVE_KEY = /^(auth|auth_?id|refresh_?id|application_?token|access_?token|refresh_?token|client_?secret|authori[sz]ation_?code|auth_?code|authorization|cookie|password|secret|token|session_?token|auth\[.*\])$/i;
const REDACTED = '[redacted]';

/**
 * The OAuth authorization code is a secret (it buys a token pair) and travels as `code`: in the
 * callback's query (/oauth/callback?code=...&state=...) and in the token request's body
 * (grant_type=authorization_code&code=...). In a URL the `code` parameter is always redacted;
 * in a record only when a key of that query or body sits beside it.
 */
const OAUTH_CODE_COMPANIONS = ['state', 'grant_type', 'redirect_uri', 'client_id'];
const isOAuthCodeIn = (record: Record<string, unknown>, key: string) =>
  key.toLowerCase() === 'code' && OAUTH_CODE_COMPANIONS.some((companion) => companion in record);

/** Returns a copy of `value` with every sensitive key's value replaced, at any depth. */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  // Only plain records are rewritten; requests, errors and buffers reach their serializers intact.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SENSITIVE_KEY.test(key) || isOAuthCodeIn(value as Record<string, unknown>, key) ? REDACTED : redactDeep(item, depth + 1);
  }
  return out;
}

/** Strips secret query parameters (`auth=`, the OAuth `code=`, ...) from a URL or path before it is logged. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) {
    // A URL never carries an error code: `code` there is the OAuth authorization code.
    if (SENSITIVE_KEY.test(key) || key.toLowerCase() === 'code') params.set(key, REDACTED);
  }
  return `${url.slice(0, q)}?${params.toString()}`;
}

/**
 * Errors keep only what says what went wrong. An HTTP client's error (axios) carries the request
 * it failed to send, `config.data` included: for a token request that is client_secret and the
 * refresh token. Those properties never reach a log line.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return redactDeep(error);
  const { config: _config, request: _request, response: _response, ...rest } = { ...stdSerializers.err(error) } as Record<string, unknown>;
  return redactDeep(rest);
}

/** `stream`: where the lines go instead of stdout (readable-log.ts in local-portal mode). */
export function loggerOptions(level: string, stream?: { write(line: string): void }): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    formatters: {
      log: (record) => redactDeep(record) as Record<string, unknown>,
    },
    serializers: {
      req: (req) => ({ method: req.method, url: redactUrl(String(req.url ?? '')), remoteAddress: req.ip }),
      res: (res) => ({ statusCode: res.statusCode }),
      err: (err) => serializeError(err) as ReturnType<typeof stdSerializers.err>,
    },
  };
}
