import { loadConfig, ConfigError, LOCAL_PORTAL_CLIENT } from '../../server/config';

describe('configuration from the environment', () => {
  it('given nothing, runs in local-portal mode on the embedded database', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.localPortal).toBe(true);
    expect(config.b24ClientId).toBe(LOCAL_PORTAL_CLIENT.id);
    expect(config.b24OAuthServers).toEqual(['http://localhost:3100']);
    expect(config.appBaseUrl).toBe('http://localhost:3000');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x/y'],
    ['DATABASE_URL', 'not a url'],
    ['APP_BASE_URL', 'ftp://x'],
    ['LOG_LEVEL', 'loud'],
    ['B24_OAUTH_SERVERS', 'https://ok.example, nope'],
    ['SESSION_SECRET', 'short'],
    ['RUN_WORKER', 'maybe'],
    ['TRUST_PROXY', 'everyone'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1, 300.1.1.1'],
    ['TRUST_PROXY', '1'],
  ])('rejects %s=%s with an error naming the variable', (name, value) => {
    let caught: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(name);
    expect((caught as ConfigError).message).toMatch(new RegExp(`^${name}: expected `));
  });

  it('with marketplace credentials, demands a real session secret and defaults to the Bitrix24 OAuth servers', () => {
    expect(() => loadConfig({ B24_CLIENT_ID: 'app.1', B24_CLIENT_SECRET: 's' })).toThrow(/SESSION_SECRET/);
    const config = loadConfig({ B24_CLIENT_ID: 'app.1', B24_CLIENT_SECRET: 's', SESSION_SECRET: 'x'.repeat(32) });
    expect(config.localPortal).toBe(false);
    expect(config.b24OAuthServers).toEqual(['https://oauth.bitrix.info', 'https://oauth.bitrix24.tech']);
  });

  it('refuses half a credential pair', () => {
    expect(() => loadConfig({ B24_CLIENT_ID: 'app.1' })).toThrow(/^B24_CLIENT_SECRET/);
    expect(() => loadConfig({ B24_CLIENT_SECRET: 's' })).toThrow(/^B24_CLIENT_ID/);
  });

  it('normalises the OAuth allow-list to origins', () => {
    const config = loadConfig({ B24_OAUTH_SERVERS: 'https://oauth.bitrix.info/rest/, http://127.0.0.1:9000' });
    expect(config.b24OAuthServers).toEqual(['https://oauth.bitrix.info', 'http://127.0.0.1:9000']);
  });

  it('trusts no proxy unless TRUST_PROXY says which, in the forms Fastify takes', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1,fd00::/8, loopback' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/255.0.0.0' }).trustProxy).toEqual(['10.0.0.0/255.0.0.0']);
  });
});
