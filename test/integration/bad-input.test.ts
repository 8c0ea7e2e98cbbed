import { createTestApp, type TestApp } from '../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../support/seed-portal';
import { issueSessionToken } from '../../server/auth/session-token';
import { enqueueJob } from '../../server/jobs/job-repository';

/**
 * Input no client of ours sends, from callers with and without a session: each is refused with
 * a 400 that names the field, never reaches a query (PostgreSQL refuses NUL in text and jsonb:
 * that used to be a 500 with the driver's stack in the log).
 */
describe('bad input', () => {
  let t: TestApp;
  let portal: SeededPortal;
  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(t.database.db);
  });
  afterAll(async () => {
    await t.close();
  });
  const admin = () => sessionHeader(t.config.sessionSecret, portal, 'admin');
  const form = (url: string, payload: string) =>
    t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  describe('a NUL byte', () => {
    it.each([
      ['GET /oauth/start', () => t.app.inject({ method: 'GET', url: '/oauth/start?member_id=a%00b' }), 'member_id'],
      ['POST /bitrix/events', () => form('/bitrix/events', 'event=ONUSERADD&auth[member_id]=a%00b&auth[application_token]=x'), 'auth.member_id'],
      ['POST /api/session', () => t.app.inject({ method: 'POST', url: '/api/session', payload: { memberId: 'a\u0000b', accessToken: 'x' } }), 'memberId'],
      ['POST /', () => form('/', 'member_id=a%00b&AUTH_ID=x'), 'member_id'],
      ['POST /placement', () => form('/placement', 'member_id=a%00b&AUTH_ID=x'), 'member_id'],
      ['POST /install', () => form('/install', 'member_id=a%00b&REFRESH_ID=x&APPLICATION_TOKEN=y'), 'member_id'],
      ['GET /api/people', () => t.app.inject({ method: 'GET', url: '/api/people?search=a%00b', headers: admin() }), 'search'],
      ['GET /api/jobs', () => t.app.inject({ method: 'GET', url: '/api/jobs?kind=a%00b', headers: admin() }), 'kind'],
    ])('in %s is refused with 400 naming the field', async (_name, send, field) => {
      const res = await send();
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED', field });
      expect(res.json().message).toContain(`"${field}"`);
    });

    it('in event data (a value or a key) is refused for a verified portal too', async () => {
      const auth = `auth[member_id]=${portal.memberId}&auth[application_token]=${portal.applicationToken}`;
      const inValue = await form('/bitrix/events', `event=ONUSERADD&data[FIELDS][ID]=1%00&${auth}`);
      expect(inValue.statusCode).toBe(400);
      expect(inValue.json().field).toBe('data.FIELDS.ID');
      const inKey = await form('/bitrix/events', `event=ONUSERADD&data[a%00b]=1&${auth}`);
      expect(inKey.statusCode).toBe(400);
      expect(inKey.json().field).toBe('data.a?b');
    });
  });

  it.each([
    ['a control character', 'a\u0001b'],
    ['an escape', 'a\u001bb'],
    ['DEL', 'a\u007fb'],
    ['an unpaired surrogate', 'a\ud800b'],
  ])('refuses %s like a NUL', async (_name, text) => {
    // A URL cannot carry an unpaired surrogate (it decodes to U+FFFD); JSON can, and jsonb refuses it.
    if (!text.includes('\ud800')) {
      const query = await t.app.inject({ method: 'GET', url: `/api/people?search=${encodeURIComponent(text)}`, headers: admin() });
      expect([query.statusCode, query.json().field]).toEqual([400, 'search']);
    }
    const json = await t.app.inject({ method: 'POST', url: '/api/session', payload: JSON.stringify({ memberId: text, accessToken: 'x' }), headers: { 'content-type': 'application/json' } });
    expect([json.statusCode, json.json().field]).toEqual([400, 'memberId']);
  });

  it('accepts tab, line feed, emoji and SQL-looking text as the text they are', async () => {
    for (const search of ['a\tb', 'a\nb', '🎓 Ада', "x' OR 1=1 --", '%_\\']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/people?search=${encodeURIComponent(search)}`, headers: admin() });
      expect(res.statusCode).toBe(200);
    }
  });

  describe('ids', () => {
    it.each(['0x10', '1e1', '+16', ' 16', '16.0', '0b10', '0o20'])('/api/jobs/%s is not job 16 but a 400', async (id) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/jobs/${encodeURIComponent(id)}`, headers: admin() });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED', field: 'id' });
    });

    it('a plain decimal id still finds the job, and a plain integer query value still counts', async () => {
      const id = await enqueueJob(t.database.db, portal.id, 'bad-input-test', {});
      expect((await t.app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: admin() })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/jobs?limit=0x10', headers: admin() })).json().field).toBe('limit');
      expect((await t.app.inject({ method: 'GET', url: '/api/jobs?limit=16', headers: admin() })).statusCode).toBe(200);
    });

    it('a JSON body id must be a number or plain digits', async () => {
      const put = (subjectId: unknown) =>
        t.app.inject({ method: 'PUT', url: '/api/settings/moderators', headers: admin(), payload: { moderators: [{ subjectType: 'user', subjectId }] } });
      const hex = await put('0x10');
      expect(hex.statusCode).toBe(400);
      expect(hex.json().field).toBe('moderators.0.subjectId');
      expect((await put(16)).statusCode).toBe(200);
    });
  });

  it('names an extra field', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/moderators',
      headers: admin(),
      payload: { moderators: [{ subjectType: 'user', subjectId: 2, role: 'admin' }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED', field: 'moderators.0.role' });
    expect(res.json().message).toContain('"moderators.0.role"');
  });

  describe('a signed session token of the wrong shape', () => {
    const forged = (claims: Record<string, unknown>) => {
      const base = { portalId: portal.id, memberId: portal.memberId, userId: 1, role: 'admin', purpose: 'app' };
      const { token } = issueSessionToken(t.config.sessionSecret, { ...base, ...claims } as never, 900);
      return { authorization: `Bearer ${token}` };
    };
    it.each([
      ['a portal id that is not a UUID', { portalId: 'not-a-uuid' }],
      ['a portal id with a NUL', { portalId: `${'0'.repeat(8)}\u0000` }],
      ['a numeric portal id', { portalId: 7 }],
      ['a member id that is not a string', { memberId: { $ne: null } }],
      ['a user id of 0', { userId: 0 }],
      ['an unknown purpose', { purpose: 'root' }],
    ])('is refused with 401 SESSION_INVALID: %s', async (_name, claims) => {
      for (const url of ['/api/me', '/api/people', '/api/jobs', '/api/settings/moderators']) {
        const res = await t.app.inject({ method: 'GET', url, headers: forged(claims) });
        expect([res.statusCode, res.json().error]).toEqual([401, 'SESSION_INVALID']);
      }
    });
  });
});

describe('deeply nested input', () => {
  let t: TestApp;
  let portal: SeededPortal;
  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(t.database.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is refused with 400 past 32 levels, before a recursive walk or jsonb chokes on it', async () => {
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/bitrix/events',
      headers: { 'content-type': 'application/json' },
      payload: `{"event":"ONUSERADD","auth":{"member_id":${JSON.stringify(portal.memberId)},"application_token":${JSON.stringify(portal.applicationToken)}},"data":${deep}}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED', field: expect.stringMatching(/^data(\.a)+$/) });
  });
});
