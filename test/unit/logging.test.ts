import { redactDeep, redactUrl } from '../../server/logging';

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
