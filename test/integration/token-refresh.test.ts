import nock from 'nock';
import type { Knex } from 'knex';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { openDatabase } from '../../server/db/database';
import { BitrixClient, PortalAuthError, pruneRequestLog, type PortalEndpoint } from '../../server/bitrix/rest-client';
import { getPortal, readPortalTokens } from '../../server/tenants/portal-repository';
import { portalTokenStore } from '../../server/tenants/portal-token-store';
import { secretLike, seedPortal } from '../support/seed-portal';

/**
 * Token refresh against a real database (PostgreSQL with DATABASE_URL, else PGlite), with the
 * portal and the OAuth server played by nock. Refresh tokens rotate, so the one thing that must
 * never happen is two refreshes for one expiry: not from parallel calls in one process, and
 * not from two processes sharing the database.
 */
const PORTAL = 'https://academy.bitrix24.com';
const OAUTH = 'https://oauth.bitrix.info';
const SECRET = 'integration-client-secret';
const config = { b24OAuthServers: [OAUTH], b24ClientId: 'app.training.it', b24ClientSecret: SECRET };

const secret = secretLike;
const noWait = async () => undefined;
const roomy = { burst: 10_000, drainPerSecond: 1_000 };

interface Seeded {
  portal: PortalEndpoint;
  access: string;
  refresh: string;
}

async function seed(db: Knex): Promise<Seeded> {
  const portal = await seedPortal(db, {
    origin: PORTAL,
    serverEndpoint: `${OAUTH}/rest/`,
    accessToken: secret('old-access'),
    refreshToken: secret('old-refresh'),
    expiresAt: new Date(Date.now() - 60_000),
  });
  return { portal, access: portal.accessToken, refresh: portal.refreshToken };
}

/** The portal: the expired token gets 401 expired_token, the fresh one gets an answer. Counts requests. */
function portalAccepting(freshToken: () => string | null) {
  const seen = { expired: 0, ok: 0 };
  nock(PORTAL)
    .persist()
    .post('/rest/profile')
    .reply(async (request: Request) => {
      const body = (await request.json()) as { auth?: string };
      if (body.auth && body.auth === freshToken()) {
        seen.ok++;
        return [200, { result: { ID: '1', ADMIN: true } }];
      }
      seen.expired++;
      return [401, { error: 'expired_token', error_description: 'The access token provided has expired.' }];
    });
  return seen;
}

/** The OAuth server: rotates the pair once per call, slowly enough for the others to pile up behind the lock. */
function oauthRotating(expectedRefresh: string) {
  const state = { calls: 0, access: null as string | null, refresh: null as string | null };
  nock(OAUTH)
    .persist()
    .post('/oauth/token/')
    .delay(100)
    .reply(async (request: Request) => {
      state.calls++;
      const form = new URLSearchParams(await request.text());
      if (form.get('refresh_token') !== expectedRefresh || form.get('client_secret') !== SECRET) {
        return [400, { error: 'invalid_grant', error_description: 'Invalid refresh token' }];
      }
      state.access = secret('new-access');
      state.refresh = secret('new-refresh');
      return [200, { access_token: state.access, refresh_token: state.refresh, expires_in: 3600, expires: Math.floor(Date.now() / 1000) + 3600, member_id: 'm', client_endpoint: `${PORTAL}/rest/`, server_endpoint: `${OAUTH}/rest/`, domain: 'oauth.bitrix.info', scope: 'user_brief', status: 'P', user_id: 1 }];
    });
  return state;
}

describe('token refresh (integration)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    nock.disableNetConnect();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('50 concurrent calls with an expired token cause exactly one refresh; all succeed; the rotated pair is stored', async () => {
    const { portal, access, refresh } = await seed(database.db);
    const oauth = oauthRotating(refresh);
    const seen = portalAccepting(() => oauth.access);
    const client = new BitrixClient({ db: database.db, tokens: portalTokenStore, config, sleep: noWait, limits: roomy });

    const answers = await Promise.all(Array.from({ length: 50 }, () => client.call(portal, { kind: 'app' }, 'profile')));

    expect(answers).toHaveLength(50);
    expect(answers.every((a) => (a.result as { ID: string }).ID === '1')).toBe(true);
    expect(oauth.calls).toBe(1);
    expect(seen).toEqual({ expired: 50, ok: 50 });
    const stored = await readPortalTokens(database.db, portal.id);
    expect(stored).toMatchObject({ accessToken: oauth.access, refreshToken: oauth.refresh });
    expect(stored?.accessToken).not.toBe(access);
    expect(stored!.expiresAt!.getTime()).toBeGreaterThan(Date.now());

    // One request log row per HTTP request to the portal, and no token in any of them.
    await client.flushRequestLog();
    const rows = await database.db('rest_request_log').where({ portal_id: portal.id });
    expect(rows).toHaveLength(100);
    expect(rows.filter((r) => r.http_status === 401 && r.error_code === 'expired_token')).toHaveLength(50);
    expect(rows.filter((r) => r.http_status === 200 && r.error_code === null)).toHaveLength(50);
    expect(rows.every((r) => r.method === 'profile' && r.actor === 'app' && r.commands === 1 && r.duration_ms >= 0)).toBe(true);
    const dump = JSON.stringify(rows);
    for (const t of [access, refresh, oauth.access!, oauth.refresh!]) expect(dump).not.toContain(t);
  });

  it('two clients (two processes) sharing the database refresh once: the row lock and the "already refreshed" check', async () => {
    const { portal, refresh } = await seed(database.db);
    const oauth = oauthRotating(refresh);
    const seen = portalAccepting(() => oauth.access);
    // On PostgreSQL the second "process" gets its own connection pool; PGlite has one connection per database.
    const otherDb = database.url ? openDatabase({ databaseUrl: database.url, dataDir: 'memory' }) : database.db;
    try {
      const messages: string[] = [];
      const log = { debug: (_: object, msg?: string) => void messages.push(msg ?? ''), info: (_: object, msg?: string) => void messages.push(msg ?? ''), warn: () => undefined, error: () => undefined };
      const first = new BitrixClient({ db: database.db, tokens: portalTokenStore, config, sleep: noWait, limits: roomy, log });
      const second = new BitrixClient({ db: otherDb, tokens: portalTokenStore, config, sleep: noWait, limits: roomy, log });
      const calls = Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).call(portal, { kind: 'app' }, 'profile'));
      await Promise.all(calls);
      expect(oauth.calls).toBe(1);
      expect(seen).toEqual({ expired: 20, ok: 20 });
      // Both "processes" saw the expiry; one refreshed, the other found the new pair behind the lock.
      expect(messages.filter((m) => m === 'bitrix token refreshed')).toHaveLength(1);
      expect(messages.filter((m) => m === 'bitrix token already refreshed elsewhere')).toHaveLength(1);
      expect(await readPortalTokens(database.db, portal.id)).toMatchObject({ accessToken: oauth.access, refreshToken: oauth.refresh });
      await Promise.all([first.flushRequestLog(), second.flushRequestLog()]);
    } finally {
      if (otherDb !== database.db) await otherDb.destroy();
    }
  });

  it('a refresh answered invalid_grant throws PortalAuthError, marks the portal needs_reinstall, and is not retried', async () => {
    const { portal, access, refresh } = await seed(database.db);
    let oauthCalls = 0;
    nock(OAUTH)
      .persist()
      .post('/oauth/token/')
      .reply(() => {
        oauthCalls++;
        return [400, { error: 'invalid_grant', error_description: 'Invalid refresh token' }];
      });
    portalAccepting(() => null);
    const client = new BitrixClient({ db: database.db, tokens: portalTokenStore, config, sleep: noWait, limits: roomy });

    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.call(portal, { kind: 'app' }, 'profile')));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof PortalAuthError && r.reason.code === 'invalid_grant')).toBe(true);
    expect(oauthCalls).toBe(1);
    expect((await getPortal(database.db, portal.id))?.state).toBe('needs_reinstall');
    // The dead pair stays as it was (a reinstall replaces it), and the grant is not asked again.
    expect(await readPortalTokens(database.db, portal.id)).toMatchObject({ accessToken: access, refreshToken: refresh });
    await expect(client.call(portal, { kind: 'app' }, 'profile')).rejects.toBeInstanceOf(PortalAuthError);
    expect(oauthCalls).toBe(1);
    await client.flushRequestLog();
  });

  it('PAYMENT_REQUIRED from the OAuth server marks the portal payment_required', async () => {
    const { portal } = await seed(database.db);
    nock(OAUTH).post('/oauth/token/').reply(402, { error: 'PAYMENT_REQUIRED', error_description: 'Payment required' });
    portalAccepting(() => null);
    const client = new BitrixClient({ db: database.db, tokens: portalTokenStore, config, sleep: noWait, limits: roomy });
    await expect(client.call(portal, { kind: 'app' }, 'profile')).rejects.toMatchObject({ name: 'PortalAuthError', code: 'PAYMENT_REQUIRED' });
    expect((await getPortal(database.db, portal.id))?.state).toBe('payment_required');
    await client.flushRequestLog();
  });

  it('logs batches and frame users in the request log, and prunes rows older than three days', async () => {
    const { portal } = await seed(database.db);
    nock(PORTAL)
      .post('/rest/batch')
      .reply(200, { result: { result: { a: [], b: [] }, result_error: [], result_total: [], result_next: [], result_time: [] } })
      .post('/rest/sonet_group.user.add')
      .reply(400, { error: '', error_description: 'No permissions to add users' });
    const client = new BitrixClient({ db: database.db, tokens: portalTokenStore, config, sleep: noWait, limits: roomy });
    const frame = { kind: 'user' as const, userId: 42, accessToken: secret('frame') };
    await client.batch(portal, frame, { a: ['user.get', { ID: 1 }], b: ['user.get', { ID: 2 }] });
    await client.call(portal, frame, 'sonet_group.user.add', { GROUP_ID: 1, USER_ID: 2 }).catch(() => undefined);
    await client.flushRequestLog();

    const rows = await database.db('rest_request_log').where({ portal_id: portal.id }).orderBy('id');
    expect(rows.map((r) => [r.method, r.actor, r.commands, r.http_status, r.error_code])).toEqual([
      ['batch', 'user:42', 2, 200, null],
      ['sonet_group.user.add', 'user:42', 1, 400, 'SONET_NO_PERMISSIONS'],
    ]);

    await database.db('rest_request_log').where({ portal_id: portal.id, method: 'batch' }).update({ at: new Date(Date.now() - 4 * 86_400_000) });
    const removed = await pruneRequestLog(database.db, portal.id);
    expect(removed).toBeGreaterThanOrEqual(1);
    const left = await database.db('rest_request_log').where({ portal_id: portal.id });
    expect(left.map((r) => r.method)).toEqual(['sonet_group.user.add']);
  });
});
