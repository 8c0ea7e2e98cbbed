import { createTestDatabase, type TestDatabase } from '../support/database';
import { connectLocalPortal, LOCAL_CLIENT, type ConnectedPortal } from '../support/local-portal';
import { BitrixClient } from '../../server/bitrix/rest-client';
import { readPortalTokens } from '../../server/tenants/portal-repository';
import { portalTokenStore } from '../../server/tenants/portal-token-store';
import { refreshTokens, OAuthError } from '../../server/bitrix/oauth-server';

describe('token refresh against the local portal (real OAuth server, real database)', () => {
  let t: TestDatabase;
  let c: ConnectedPortal;
  beforeAll(async () => {
    t = await createTestDatabase();
    c = await connectLocalPortal(t.db);
  });
  afterAll(async () => {
    await c.close();
    await t.destroy();
  });

  it('50 concurrent calls from two processes on an expired token make exactly one refresh, and all succeed', async () => {
    const config = { b24OAuthServers: [c.local.url], b24ClientId: LOCAL_CLIENT.id, b24ClientSecret: LOCAL_CLIENT.secret };
    // A second client stands for a second app process: its own in-process state, the same database.
    const other = new BitrixClient({ db: t.db, tokens: portalTokenStore, config, limits: { burst: 10_000, drainPerSecond: 1000 } });
    const before = await readPortalTokens(t.db, c.portal.id);
    c.local.controls.expireAllAccessTokens();
    c.local.controls.resetStats();

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? other : c.bitrix).call<{ ID: string; ADMIN: boolean }>(c.portal, { kind: 'app' }, 'profile')),
    );
    await other.flushRequestLog();

    expect(results.every((r) => r.result.ADMIN === true)).toBe(true);
    expect(c.local.controls.stats().tokenRefreshes).toBe(1);
    const after = await readPortalTokens(t.db, c.portal.id);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    // Rotation: the old refresh token is dead at the OAuth server, so it must never be used again.
    await expect(refreshTokens(config, c.local.url, before!.refreshToken!)).rejects.toBeInstanceOf(OAuthError);
  });
});
