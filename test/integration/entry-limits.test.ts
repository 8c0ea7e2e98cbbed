import { SEED_USERS } from '../../server/dev-portal';
import { bootOf, startPortalApp, type PortalApp } from '../support/portal-app';

/**
 * The doors that need no session, as an attacker knocks on them: junk tokens cost nothing, one
 * address gets a bounded share, forged tokens stop costing the portal requests after a few, and
 * the refusal says when to come back. Windows are an hour and the sign-in throttle's clock is a
 * fake, so nothing here depends on how fast the machine is.
 */
describe('limits on the routes that need no session', () => {
  let t: PortalApp;
  let clock = 1_800_000_000_000;
  const HOUR = 3_600_000;
  beforeAll(async () => {
    t = await startPortalApp({
      portals: 2,
      app: {
        deps: {
          now: () => clock,
          entryLimits: {
            launch: { max: 5, windowMs: HOUR },
            session: { max: 50, windowMs: HOUR },
            events: { max: 3, windowMs: HOUR },
            logins: { maxFailures: 3, windowMs: 10 * 60_000, maxInFlight: 2 },
          },
        },
      },
    });
    await t.install(t.portals[0]);
    await t.install(t.portals[1]);
  });
  afterAll(async () => {
    await t.close();
  });

  let nextAddress = 1;
  /** A client address of its own for each test, so the tests do not share allowances. */
  const newClient = () => `198.51.100.${nextAddress++}`;
  const session = (remoteAddress: string, accessToken: string, memberId = t.portal.memberId) =>
    t.app.inject({ method: 'POST', url: '/api/session', payload: { memberId, accessToken }, remoteAddress });
  const launch = (remoteAddress: string, fields: Record<string, string>, query: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/?${new URLSearchParams(query).toString()}`,
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress,
    });
  const forged = () => 'f00d'.repeat(12); // well-shaped: only Bitrix24 can tell it is not a token

  it('refuses a malformed token with 400 before asking Bitrix24 anything', async () => {
    t.portal.controls.resetStats();
    for (const junk of ['forged-token', 'x', 'a'.repeat(129), "1' OR '1'='1", 'é'.repeat(30)]) {
      const res = await session(newClient(), junk);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'AUTH_MALFORMED', field: 'accessToken' });
    }
    const frame = t.portal.controls.frameLaunch(SEED_USERS.employee);
    const page = await launch(newClient(), { ...frame.fields, AUTH_ID: 'forged-token' }, frame.query);
    expect(page.statusCode).toBe(400);
    expect(bootOf(page)).toMatchObject({ view: 'error', error: { code: 'AUTH_MALFORMED' } });
    const install = t.portal.controls.frameLaunch(SEED_USERS.admin);
    const wizard = await t.app.inject({
      method: 'POST',
      url: `/install?${new URLSearchParams(install.query).toString()}`,
      payload: new URLSearchParams({ ...install.fields, REFRESH_ID: 'not a token' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bootOf(wizard).install).toMatchObject({ ok: false, error: { code: 'INSTALL_DATA_MISSING' } });
    expect(t.portal.controls.stats()).toMatchObject({ restRequests: 0, tokenRefreshes: 0 });
  });

  it('turns away one address past its allowance with 429, Retry-After and a page in the frame language; others still get in', async () => {
    const crowd = newClient();
    const frame = () => t.portal.controls.frameLaunch(SEED_USERS.employee, { lang: 'ru' });
    for (let i = 0; i < 5; i++) {
      const { fields, query } = frame();
      expect((await launch(crowd, fields, query)).statusCode).toBe(200);
    }
    const { fields, query } = frame();
    const refused = await launch(crowd, fields, query);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(bootOf(refused)).toMatchObject({ view: 'error', lang: 'ru', error: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) } });
    expect(refused.headers['content-security-policy']).toBe(`frame-ancestors ${t.portal.url}`);

    const other = frame();
    expect((await launch(newClient(), other.fields, other.query)).statusCode).toBe(200);
  });

  it('stops an address sending forged tokens from spending the portal’s requests, counting only refused tokens', async () => {
    const attacker = newClient();
    t.portal.controls.resetStats();
    // 20 at once: at most 2 are checked at a time, and after 3 refusals none is checked any more.
    const answers = await Promise.all(Array.from({ length: 20 }, () => session(attacker, forged())));
    const statuses = answers.map((res) => res.statusCode);
    expect(statuses.filter((s) => s === 403).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(17);
    expect(t.portal.controls.stats().restRequests).toBeLessThanOrEqual(3);
    const refusal = answers.find((res) => res.statusCode === 429)!;
    expect(refusal.json()).toMatchObject({ error: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });

    // Until the window ends, even a genuine token from that address waits; other addresses do not.
    for (let i = 0; i < 3; i++) await session(attacker, forged());
    const genuine = () => t.portal.controls.issueTokens(SEED_USERS.employee).access_token;
    expect((await session(attacker, genuine())).statusCode).toBe(429);
    expect((await session(newClient(), genuine())).statusCode).toBe(200);
    clock += 10 * 60_000;
    expect((await session(attacker, genuine())).statusCode).toBe(200);
  });

  it('lets an office sign in again and again: successes and expired tokens do not count against it', async () => {
    const office = newClient();
    for (let i = 0; i < 10; i++) {
      const res = await session(office, t.portal.controls.issueTokens(SEED_USERS.employee).access_token);
      expect(res.statusCode).toBe(200);
    }
    const stale = t.portal.controls.issueTokens(SEED_USERS.employee).access_token;
    t.portal.controls.expireAllAccessTokens();
    for (let i = 0; i < 5; i++) expect((await session(office, stale)).statusCode).toBe(401);
    expect((await session(office, t.portal.controls.issueTokens(SEED_USERS.employee).access_token)).statusCode).toBe(200);
  });

  it('counts events per address and claimed portal, so one portal’s burst does not block another’s events', async () => {
    const bitrix24 = newClient();
    const deliver = (memberId: string, applicationToken: string) =>
      t.app.inject({
        method: 'POST',
        url: '/bitrix/events',
        payload: new URLSearchParams({ event: 'ONUNKNOWNEVENT', 'auth[member_id]': memberId, 'auth[application_token]': applicationToken }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        remoteAddress: bitrix24,
      });
    const [a, b] = t.portals as [typeof t.portal, typeof t.portal];
    for (let i = 0; i < 3; i++) expect((await deliver(a.memberId, a.controls.applicationToken())).statusCode).toBe(200);
    const refused = await deliver(a.memberId, a.controls.applicationToken());
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'TOO_MANY_REQUESTS' });
    expect((await deliver(b.memberId, b.controls.applicationToken())).statusCode).toBe(200);
  });
});
