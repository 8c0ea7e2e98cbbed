import pino from 'pino';
import { loggerOptions, redactDeep, redactUrl } from '../../server/logging';

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
