import axios from 'axios';
import nock from 'nock';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { BitrixError, PortalAuthError, UserTokenExpiredError } from '../../server/bitrix/rest-client';
import { readPortalTokens } from '../../server/tenants/portal-repository';
import { CLIENT_SECRET, OAUTH_ORIGIN, PORTAL_ORIGIN, capturedLogger, makeClient, seedPortal, token, tokenAnswer } from './rest-client-fixtures';

type Body = Record<string, unknown>;

/** nock 15.0.0 hangs on replyWithError with a plain object; an Error with a code works. */
const networkError = (code: string) => Object.assign(new Error(`${code} (simulated)`), { code });

describe('BitrixClient.call', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    nock.disableNetConnect();
  });
  afterAll(async () => {
    await database.destroy();
  });

  describe('the request', () => {
    it('POSTs JSON to client_endpoint + method, with auth in the body, JSON accept, a User-Agent and a 30 s timeout', async () => {
      const { portal, accessToken } = await seedPortal(database.db);
      const http = axios.create();
      const timeouts: Array<number | undefined> = [];
      http.interceptors.request.use((config) => {
        timeouts.push(config.timeout);
        return config;
      });
      const { client } = makeClient(database.db, { http });
      let seen: Body | undefined;
      const scope = nock(PORTAL_ORIGIN)
        .matchHeader('accept', /application\/json/)
        .matchHeader('content-type', /application\/json/)
        .matchHeader('user-agent', /^TrainingGroups-B24\//)
        // An exact path: a token in the query string would not match.
        .post('/rest/user.get', (body: Body) => {
          seen = body;
          return true;
        })
        .reply(200, { result: [{ ID: '1' }], total: 1, time: { start: 1, finish: 2, duration: 1 } });

      const answer = await client.call<Array<{ ID: string }>>(portal, { kind: 'app' }, 'user.get', { FILTER: { ACTIVE: true }, sort: 'ID', order: 'ASC' });

      expect(scope.isDone()).toBe(true);
      expect(answer).toEqual({ result: [{ ID: '1' }], total: 1, time: { start: 1, finish: 2, duration: 1 } });
      // Keys go out exactly as given: FILTER upper-case, sort/order lower-case.
      expect(seen).toEqual({ FILTER: { ACTIVE: true }, sort: 'ID', order: 'ASC', auth: accessToken });
      expect(timeouts).toEqual([30_000]);
    });

    it('reads next and total of a list page', async () => {
      const { portal } = await seedPortal(database.db);
      const { client } = makeClient(database.db);
      nock(PORTAL_ORIGIN).post('/rest/sonet_group.get').reply(200, { result: [], total: '120', next: 50 });
      const answer = await client.call(portal, { kind: 'app' }, 'sonet_group.get', { start: 0 });
      expect(answer.total).toBe(120);
      expect(answer.next).toBe(50);
    });

    it("uses a frame user's own token and never the stored one", async () => {
      const { portal } = await seedPortal(database.db);
      const { client } = makeClient(database.db);
      const userToken = token('user');
      nock(PORTAL_ORIGIN).post('/rest/profile', (body: Body) => body.auth === userToken).reply(200, { result: { ID: '7' } });
      await expect(client.call(portal, { kind: 'user', userId: 7, accessToken: userToken }, 'profile')).resolves.toEqual({ result: { ID: '7' } });
    });
  });

  describe('errors', () => {
    it('throws a BitrixError with code, description, status and method from the error envelope', async () => {
      const { portal } = await seedPortal(database.db);
      const { client } = makeClient(database.db);
      nock(PORTAL_ORIGIN).post('/rest/placement.bind').reply(400, { error: 'ERROR_PLACEMENT_HANDLER', error_description: 'Handler already binded' });
      const error = await client.call(portal, { kind: 'app' }, 'placement.bind', {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BitrixError);
      expect(error).toMatchObject({ code: 'ERROR_PLACEMENT_HANDLER', description: 'Handler already binded', status: 400, method: 'placement.bind' });
    });

    it.each([
      ['No permissions to add users', 'SONET_NO_PERMISSIONS'],
      ['Socialnetwork group not found', 'SONET_GROUP_NOT_FOUND'],
      ['Wrong socialnetwork group ID', 'SONET_WRONG_GROUP_ID'],
      ['Wrong group ID', 'SONET_WRONG_GROUP_ID'],
      ['Wrong user IDs', 'SONET_WRONG_USER_IDS'],
      ['Something nobody has seen before', 'SONET_ERROR'],
    ])('maps the empty-code sonet error "%s" to %s and keeps the description', async (description, code) => {
      const { portal } = await seedPortal(database.db);
      const { client, waits } = makeClient(database.db);
      const scope = nock(PORTAL_ORIGIN).post('/rest/sonet_group.user.add').reply(400, { error: '', error_description: description });
      const error = await client.call(portal, { kind: 'app' }, 'sonet_group.user.add', { GROUP_ID: 5, USER_ID: [7] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BitrixError);
      expect(error).toMatchObject({ code, description, status: 400, method: 'sonet_group.user.add' });
      // A 4xx is never sent again.
      expect(scope.isDone()).toBe(true);
      expect(waits).toEqual([]);
    });

    it('refuses a method name that would change the URL, before sending anything', async () => {
      const { portal } = await seedPortal(database.db);
      const { client } = makeClient(database.db);
      for (const method of ['../../evil', 'user.get?x=1', 'https://evil.example/rest/user.get', '']) {
        await expect(client.call(portal, { kind: 'app' }, method)).rejects.toMatchObject({ code: 'INVALID_METHOD', status: 0 });
      }
    });

    it('treats a 200 that is not a REST envelope as an error', async () => {
      const { portal } = await seedPortal(database.db);
      const { client } = makeClient(database.db);
      nock(PORTAL_ORIGIN).post('/rest/profile').reply(200, '<html>maintenance</html>', { 'content-type': 'text/html' });
      await expect(client.call(portal, { kind: 'app' }, 'profile')).rejects.toMatchObject({ code: 'ERROR_UNEXPECTED_ANSWER', status: 200 });
    });
  });

  describe('token refresh', () => {
    it('refreshes the app token once on 401 expired_token, saves the rotated pair, and retries once', async () => {
      const { portal, accessToken, refreshToken } = await seedPortal(database.db);
      const { client } = makeClient(database.db);
      const fresh = { access: token('access2'), refresh: token('refresh2') };
      let oauthBody = '';
      const oauth = nock(OAUTH_ORIGIN)
        .post('/oauth/token/', (body: Record<string, string>) => {
          oauthBody = new URLSearchParams(body).toString();
          return true;
        })
        .reply(200, tokenAnswer(fresh.access, fresh.refresh));
      const rest = nock(PORTAL_ORIGIN)
        .post('/rest/profile', (body: Body) => body.auth === accessToken)
        .reply(401, { error: 'expired_token', error_description: 'The access token provided has expired.' })
        .post('/rest/profile', (body: Body) => body.auth === fresh.access)
        .reply(200, { result: { ID: '1', ADMIN: true } });

      await expect(client.call(portal, { kind: 'app' }, 'profile')).resolves.toEqual({ result: { ID: '1', ADMIN: true } });

      expect(oauth.isDone()).toBe(true);
      expect(rest.isDone()).toBe(true);
      const sent = new URLSearchParams(oauthBody);
      expect(sent.get('grant_type')).toBe('refresh_token');
      expect(sent.get('refresh_token')).toBe(refreshToken);
      expect(sent.get('client_secret')).toBe(CLIENT_SECRET);
      const stored = await readPortalTokens(database.db, portal.id);
      expect(stored).toMatchObject({ accessToken: fresh.access, refreshToken: fresh.refresh });
    });

    it('refreshes on 401 invalid_token too, and keeps using the new token afterwards', async () => {
      const { portal, accessToken } = await seedPortal(database.db);
      const { client } = makeClient(database.db);
      const fresh = token('access2');
      nock(OAUTH_ORIGIN).post('/oauth/token/').reply(200, tokenAnswer(fresh, token('refresh2')));
      nock(PORTAL_ORIGIN)
        .post('/rest/profile', (body: Body) => body.auth === accessToken)
        .reply(401, { error: 'invalid_token', error_description: 'Unable to verify access token' })
        .post('/rest/profile', (body: Body) => body.auth === fresh)
        .times(2)
        .reply(200, { result: {} });
      await client.call(portal, { kind: 'app' }, 'profile');
      await client.call(portal, { kind: 'app' }, 'profile');
      expect(nock.pendingMocks()).toEqual([]);
    });

    it('throws when the token is rejected again after the refresh: one refresh, one retry, no loop', async () => {
      const { portal } = await seedPortal(database.db);
      const { client } = makeClient(database.db);
      const oauth = nock(OAUTH_ORIGIN).post('/oauth/token/').once().reply(200, tokenAnswer(token('access2'), token('refresh2')));
      let restCalls = 0;
      nock(PORTAL_ORIGIN)
        .post('/rest/profile')
        .times(5)
        .reply(() => {
          restCalls++;
          return [401, { error: 'expired_token', error_description: 'The access token provided has expired.' }];
        });
      const error = await client.call(portal, { kind: 'app' }, 'profile').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BitrixError);
      expect(error).not.toBeInstanceOf(PortalAuthError);
      expect(error).toMatchObject({ code: 'expired_token', status: 401 });
      expect(oauth.isDone()).toBe(true);
      expect(restCalls).toBe(2);
    });

    it('does not refresh or retry on 403', async () => {
      const { portal, accessToken } = await seedPortal(database.db);
      const { client, waits } = makeClient(database.db);
      const oauth = nock(OAUTH_ORIGIN).post('/oauth/token/').reply(200, tokenAnswer(token('a'), token('r')));
      const rest = nock(PORTAL_ORIGIN).post('/rest/user.get').once().reply(403, { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token' });
      await expect(client.call(portal, { kind: 'app' }, 'user.get')).rejects.toMatchObject({ code: 'insufficient_scope', status: 403 });
      expect(rest.isDone()).toBe(true);
      expect(oauth.isDone()).toBe(false);
      expect(waits).toEqual([]);
      expect(await readPortalTokens(database.db, portal.id)).toMatchObject({ accessToken });
    });

    it("throws UserTokenExpiredError for a frame user's expired token, without any refresh", async () => {
      const { portal, accessToken } = await seedPortal(database.db);
      const { client } = makeClient(database.db);
      const oauth = nock(OAUTH_ORIGIN).post('/oauth/token/').reply(200, tokenAnswer(token('a'), token('r')));
      const rest = nock(PORTAL_ORIGIN).post('/rest/sonet_group.user.groups').once().reply(401, { error: 'expired_token', error_description: 'The access token provided has expired.' });
      const error = await client.call(portal, { kind: 'user', userId: 9, accessToken: token('frame') }, 'sonet_group.user.groups').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserTokenExpiredError);
      expect(error).toMatchObject({ code: 'expired_token', status: 401, method: 'sonet_group.user.groups' });
      expect(rest.isDone()).toBe(true);
      expect(oauth.isDone()).toBe(false);
      expect(await readPortalTokens(database.db, portal.id)).toMatchObject({ accessToken });
    });

    it('never sends client_secret to a host off the allow-list: an evil server_endpoint falls back to the default', async () => {
      const { portal, accessToken } = await seedPortal(database.db, { serverEndpoint: 'https://oauth.evil.example/rest/' });
      const { client } = makeClient(database.db);
      const evil = nock('https://oauth.evil.example').post(/.*/).reply(200, tokenAnswer(token('stolen'), token('stolen')));
      const fresh = token('access2');
      const allowed = nock(OAUTH_ORIGIN)
        .post('/oauth/token/', (body: Record<string, string>) => body.client_secret === CLIENT_SECRET)
        .reply(200, tokenAnswer(fresh, token('refresh2')));
      nock(PORTAL_ORIGIN)
        .post('/rest/profile', (body: Body) => body.auth === accessToken)
        .reply(401, { error: 'expired_token', error_description: 'expired' })
        .post('/rest/profile', (body: Body) => body.auth === fresh)
        .reply(200, { result: {} });
      await client.call(portal, { kind: 'app' }, 'profile');
      expect(allowed.isDone()).toBe(true);
      expect(evil.isDone()).toBe(false);
    });
  });

  describe('limits and retries', () => {
    it('backs off on 503 QUERY_LIMIT_EXCEEDED with a growing delay, then succeeds', async () => {
      const { portal } = await seedPortal(database.db);
      const { client, waits } = makeClient(database.db);
      nock(PORTAL_ORIGIN)
        .post('/rest/user.get')
        .times(2)
        .reply(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' })
        .post('/rest/user.get')
        .reply(200, { result: [] });
      await expect(client.call(portal, { kind: 'app' }, 'user.get')).resolves.toEqual({ result: [] });
      expect(waits).toEqual([1000, 1500]);
    });

    it('gives up after five back-offs on QUERY_LIMIT_EXCEEDED', async () => {
      const { portal } = await seedPortal(database.db);
      const { client, waits } = makeClient(database.db);
      const scope = nock(PORTAL_ORIGIN).post('/rest/user.get').times(6).reply(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
      await expect(client.call(portal, { kind: 'app' }, 'user.get')).rejects.toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', status: 503 });
      expect(scope.isDone()).toBe(true);
      expect(waits).toEqual([1000, 1500, 2250, 3375, 5063]);
    });

    it('waits until operating_reset_at on 429 OPERATION_TIME_LIMIT, then retries', async () => {
      const { portal } = await seedPortal(database.db);
      const now = 1_757_425_000_000;
      const { client, waits } = makeClient(database.db, { now: () => now });
      nock(PORTAL_ORIGIN)
        .post('/rest/user.get')
        .reply(429, { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.', time: { operating_reset_at: 1_757_425_271, operating: 480.2 } })
        .post('/rest/user.get')
        .reply(200, { result: [] });
      await client.call(portal, { kind: 'app' }, 'user.get');
      expect(waits).toEqual([271_000]);
    });

    it('waits 10 s on 429 when the answer has no reset time, and at most 10 minutes when it is far away', async () => {
      const { portal } = await seedPortal(database.db);
      const now = 1_757_425_000_000;
      const { client, waits } = makeClient(database.db, { now: () => now });
      nock(PORTAL_ORIGIN)
        .post('/rest/user.get')
        .reply(429, { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' })
        .post('/rest/user.get')
        .reply(429, { error: 'OPERATION_TIME_LIMIT', error_description: 'blocked', time: { operating_reset_at: now / 1000 + 86_400 } })
        .post('/rest/user.get')
        .reply(200, { result: [] });
      await client.call(portal, { kind: 'app' }, 'user.get');
      expect(waits).toEqual([10_000, 600_000]);
    });

    it('retries a 5xx and a refused connection of a repeatable method with back-off', async () => {
      const { portal } = await seedPortal(database.db);
      const { client, waits } = makeClient(database.db);
      nock(PORTAL_ORIGIN)
        .post('/rest/sonet_group.user.get')
        .reply(502, '<html>Bad gateway</html>')
        .post('/rest/sonet_group.user.get')
        .replyWithError(networkError('ECONNREFUSED'))
        .post('/rest/sonet_group.user.get')
        .reply(200, { result: [{ USER_ID: '1', ROLE: 'A' }] });
      await expect(client.call(portal, { kind: 'app' }, 'sonet_group.user.get', { ID: 5 })).resolves.toEqual({ result: [{ USER_ID: '1', ROLE: 'A' }] });
      expect(waits).toEqual([1000, 2000]);
    });

    it('does not repeat a 5xx of a method that creates something (it may have run)', async () => {
      const { portal } = await seedPortal(database.db);
      const { client, waits } = makeClient(database.db);
      const scope = nock(PORTAL_ORIGIN).post('/rest/sonet_group.create').once().reply(504, 'Gateway timeout');
      await expect(client.call(portal, { kind: 'app' }, 'sonet_group.create', { NAME: 'Onboarding' })).rejects.toMatchObject({ code: 'HTTP_504', status: 504 });
      expect(scope.isDone()).toBe(true);
      expect(waits).toEqual([]);
    });

    it('does not repeat OVERLOAD_LIMIT (a manual block by Bitrix24)', async () => {
      const { portal } = await seedPortal(database.db);
      const { client, waits } = makeClient(database.db);
      nock(PORTAL_ORIGIN).post('/rest/user.get').once().reply(503, { error: 'OVERLOAD_LIMIT', error_description: 'REST API is blocked due to overload.' });
      await expect(client.call(portal, { kind: 'app' }, 'user.get')).rejects.toMatchObject({ code: 'OVERLOAD_LIMIT' });
      expect(waits).toEqual([]);
    });
  });

  describe('logging', () => {
    it('logs method, status and duration of every request, and no token or secret anywhere, even on errors and refreshes', async () => {
      const { portal, accessToken, refreshToken } = await seedPortal(database.db);
      const { log, lines } = capturedLogger();
      const { client } = makeClient(database.db, { log });
      const fresh = { access: token('access2'), refresh: token('refresh2') };
      const frame = token('frame');
      nock(OAUTH_ORIGIN).post('/oauth/token/').reply(200, tokenAnswer(fresh.access, fresh.refresh));
      nock(PORTAL_ORIGIN)
        .post('/rest/profile', (body: Body) => body.auth === accessToken)
        .reply(401, { error: 'expired_token', error_description: 'The access token provided has expired.' })
        .post('/rest/profile', (body: Body) => body.auth === fresh.access)
        .reply(200, { result: {} })
        .post('/rest/user.get')
        .reply(401, { error: 'expired_token', error_description: 'expired' })
        .post('/rest/sonet_group.user.add')
        .reply(400, { error: '', error_description: 'No permissions to add users' })
        .post('/rest/batch')
        .reply(200, { result: { result: [], result_error: [], result_total: [], result_next: [], result_time: [] } });

      await client.call(portal, { kind: 'app' }, 'profile');
      await client.call(portal, { kind: 'user', userId: 3, accessToken: frame }, 'user.get').catch(() => undefined);
      await client.call(portal, { kind: 'app' }, 'sonet_group.user.add', { GROUP_ID: 1, USER_ID: 2 }).catch(() => undefined);
      await client.batch(portal, { kind: 'app' }, [['user.current']]);

      const text = lines.join('');
      for (const secret of [accessToken, refreshToken, fresh.access, fresh.refresh, frame, CLIENT_SECRET]) expect(text).not.toContain(secret);
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(records.filter((r) => r.msg === 'bitrix rest call' || r.msg === 'bitrix rest call failed').map((r) => [r.method, r.status])).toEqual([
        ['profile', 401],
        ['profile', 200],
        ['user.get', 401],
        ['sonet_group.user.add', 400],
        ['batch', 200],
      ]);
      expect(records.every((r) => r.msg !== 'bitrix rest call' || typeof r.durationMs === 'number')).toBe(true);
      expect(records.some((r) => r.msg === 'bitrix token refreshed')).toBe(true);
    });

    it('keeps tokens out of the log when the refresh fails and when the portal does not answer', async () => {
      const { portal, accessToken, refreshToken } = await seedPortal(database.db);
      const { log, lines } = capturedLogger();
      const { client } = makeClient(database.db, { log });
      nock(OAUTH_ORIGIN).post('/oauth/token/').reply(400, { error: 'invalid_grant', error_description: `Invalid refresh token` });
      nock(PORTAL_ORIGIN)
        .post('/rest/profile')
        .reply(401, { error: 'expired_token', error_description: 'expired' })
        .post('/rest/user.get')
        .times(4)
        .replyWithError(networkError('ECONNRESET'));
      await expect(client.call(portal, { kind: 'app' }, 'profile')).rejects.toBeInstanceOf(PortalAuthError);
      const frame = token('frame');
      const unanswered = await client.call(portal, { kind: 'user', userId: 3, accessToken: frame }, 'user.get').catch((e: unknown) => e);
      expect(unanswered).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
      // The thrown error does not carry the request (axios keeps the body, token included, on its errors).
      expect(JSON.stringify(unanswered)).not.toContain(frame);
      expect(String((unanswered as Error).stack)).not.toContain(frame);
      const text = lines.join('');
      for (const secret of [accessToken, refreshToken, frame, CLIENT_SECRET]) expect(text).not.toContain(secret);
      expect(text).toContain('invalid_grant');
    });
  });
});
