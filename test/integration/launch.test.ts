import { SEED_USERS } from '../../server/dev-portal';
import { verifySessionToken } from '../../server/auth/session-token';
import { bearer, bootOf, formPost, startPortalApp, type PortalApp } from '../support/portal-app';

describe('opening the app from Bitrix24', () => {
  let t: PortalApp;
  beforeAll(async () => {
    t = await startPortalApp({ portals: 2 });
    await t.install(t.portals[0]);
    await t.install(t.portals[1]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives an admin a session with the admin role, framable by that portal only', async () => {
    const { res, boot } = await t.launch(t.portal, SEED_USERS.admin, { query: (q) => ({ ...q, LANG: 'de' }) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(`frame-ancestors ${t.portal.url}`);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(boot).toMatchObject({
      view: 'app',
      lang: 'de',
      user: { id: SEED_USERS.admin, name: 'Anna Petrova', role: 'admin' },
      portal: { domain: t.portal.domain, memberId: t.portal.memberId },
      placement: 'DEFAULT',
      placementOptions: {},
    });
    const claims = verifySessionToken(t.config.sessionSecret, boot.session.token);
    expect(claims).toMatchObject({ userId: SEED_USERS.admin, role: 'admin', purpose: 'app', memberId: t.portal.memberId });
    expect(new Date(boot.session.expiresAt).getTime()).toBe(claims.expiresAt * 1000);
    expect(claims.expiresAt * 1000 - Date.now()).toBeLessThanOrEqual(900_000);
  });

  it('resolves an employee, an extranet user and a named moderator', async () => {
    expect((await t.launch(t.portal, SEED_USERS.employee)).boot.user).toEqual({ id: 3, name: 'Olga Smirnova', role: 'employee' });
    expect((await t.launch(t.portal, SEED_USERS.extranet)).boot.user).toMatchObject({ id: 4, role: 'extranet' });
    expect((await t.launch(t.portal, SEED_USERS.moderator)).boot.user).toMatchObject({ id: 2, role: 'employee' });

    const admin = await t.sessionToken(t.portal, SEED_USERS.admin);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/moderators',
      headers: bearer(admin),
      payload: { moderators: [{ subjectType: 'user', subjectId: SEED_USERS.moderator }, { subjectType: 'department', subjectId: 6 }] },
    });
    expect(put.statusCode).toBe(200);
    expect((await t.launch(t.portal, SEED_USERS.moderator)).boot.user).toMatchObject({ id: 2, role: 'moderator' });
    // User 5 works in department 6 (Development).
    expect((await t.launch(t.portal, 5)).boot.user).toMatchObject({ id: 5, role: 'moderator' });
    expect((await t.launch(t.portal, SEED_USERS.employee)).boot.user.role).toBe('employee');
    // The other portal's settings are its own.
    expect((await t.launch(t.portals[1]!, SEED_USERS.moderator)).boot.user.role).toBe('employee');
  });

  it('ignores a role the browser claims', async () => {
    const { boot } = await t.launch(t.portal, SEED_USERS.employee, {
      query: (q) => ({ ...q, role: 'admin' }),
      fields: (f) => ({ ...f, role: 'admin', ADMIN: 'Y', USER_ID: '1' }),
    });
    expect(boot.user).toMatchObject({ id: SEED_USERS.employee, role: 'employee' });
  });

  it('opens the workgroup tab with its placement options', async () => {
    const { res, boot } = await t.launch(t.portal, SEED_USERS.employee, {
      path: '/placement',
      placement: 'SONET_GROUP_DETAIL_TAB',
      placementOptions: { GROUP_ID: '1', URI: '/workgroups/group/1/' },
    });
    expect(res.statusCode).toBe(200);
    expect(boot).toMatchObject({ view: 'app', placement: 'SONET_GROUP_DETAIL_TAB', placementOptions: { GROUP_ID: '1', URI: '/workgroups/group/1/' } });
  });

  it("refuses another portal's user token presented for this portal", async () => {
    const other = t.portals[1]!;
    const { res, boot } = await t.launch(other, SEED_USERS.admin, {
      // An older portal posts no APPLICATION_TOKEN, so the token check is what stands.
      fields: ({ APPLICATION_TOKEN: _dropped, ...f }) => ({ ...f, member_id: t.portal.memberId }),
    });
    expect(res.statusCode).toBe(403);
    // The test app runs in local-portal mode, so the error page also links to that portal.
    expect(boot).toEqual({ view: 'error', lang: 'en', error: { code: 'AUTH_INVALID', message: expect.any(String) }, localPortalUrl: expect.any(String) });
    expect(boot.session).toBeUndefined();
  });

  it('verifies at the stored endpoint, whatever DOMAIN says', async () => {
    const other = t.portals[1]!;
    other.controls.resetStats();
    t.portal.controls.resetStats();
    // A genuine launch with a forged DOMAIN: verified at the stored portal, framed by it only.
    const forged = await t.launch(t.portal, SEED_USERS.employee, { query: (q) => ({ ...q, DOMAIN: other.domain, PROTOCOL: '0' }) });
    expect(forged.boot).toMatchObject({ view: 'app', portal: { domain: t.portal.domain }, user: { role: 'employee' } });
    expect(forged.res.headers['content-security-policy']).toBe(`frame-ancestors ${t.portal.url}`);
    // Another portal's token, with DOMAIN pointing at the portal that issued it: still checked at the stored one.
    const crossed = await t.launch(other, SEED_USERS.admin, {
      fields: ({ APPLICATION_TOKEN: _dropped, ...f }) => ({ ...f, member_id: t.portal.memberId }),
    });
    expect(crossed.boot.view).toBe('error');
    expect(other.controls.stats().restRequests).toBe(0);
    expect(t.portal.controls.stats().restRequests).toBeGreaterThan(0);
  });

  it('refuses a wrong APPLICATION_TOKEN', async () => {
    const { res, boot } = await t.launch(t.portal, SEED_USERS.admin, { fields: (f) => ({ ...f, APPLICATION_TOKEN: 'not-the-stored-one' }) });
    expect(res.statusCode).toBe(403);
    expect(boot).toMatchObject({ view: 'error', error: { code: 'APP_TOKEN_MISMATCH' } });
  });

  it('refuses a forged AUTH_ID, and tells an expired one apart', async () => {
    const forged = await t.launch(t.portal, SEED_USERS.admin, { fields: (f) => ({ ...f, AUTH_ID: 'f0rged'.repeat(8) }) });
    expect(forged.res.statusCode).toBe(403);
    expect(forged.boot.error.code).toBe('AUTH_INVALID');

    const launch = t.portal.controls.frameLaunch(SEED_USERS.employee);
    t.portal.controls.expireAllAccessTokens();
    const res = await formPost(t.app, '/', launch.query, launch.fields);
    expect(res.statusCode).toBe(401);
    expect(bootOf(res).error.code).toBe('AUTH_EXPIRED');
  });

  it('says the app is not installed for an unknown portal or a page opened outside Bitrix24', async () => {
    const unknown = await t.launch(t.portal, SEED_USERS.admin, { fields: (f) => ({ ...f, member_id: 'no-such-portal' }) });
    expect(unknown.res.statusCode).toBe(200);
    expect(unknown.boot).toMatchObject({ view: 'error', error: { code: 'NOT_INSTALLED' } });
    // Nothing secret on it, so the (claimed) portal may frame the message.
    expect(unknown.res.headers['content-security-policy']).toBe(`frame-ancestors ${t.portal.url}`);

    const get = await t.app.inject({ method: 'GET', url: '/' });
    expect(get.statusCode).toBe(200);
    expect(bootOf(get)).toMatchObject({ view: 'error', error: { code: 'OPEN_FROM_BITRIX24' } });
    expect(get.headers['content-security-policy']).toBe("frame-ancestors 'none'");
  });

  it('says the app is not installed once the portal uninstalled it', async () => {
    const other = t.portals[1]!;
    await t.database.db('portals').where({ member_id: other.memberId }).update({ state: 'uninstalled' });
    const { boot } = await t.launch(other, SEED_USERS.admin);
    expect(boot).toMatchObject({ view: 'error', error: { code: 'NOT_INSTALLED' } });
  });
});

describe('a failure of ours while opening the app', () => {
  let t: PortalApp;
  beforeAll(async () => {
    t = await startPortalApp();
    await t.install(t.portal);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is a plain-words page inside the frame, neither blamed on the user nor leaking the cause', async () => {
    // The moderators table is out of reach for one launch (as in a database outage).
    await t.database.db.schema.renameTable('moderators', 'moderators_away');
    const { res, boot } = await t.launch(t.portal, SEED_USERS.employee).finally(() => t.database.db.schema.renameTable('moderators_away', 'moderators'));
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(boot).toMatchObject({ view: 'error', error: { code: 'INTERNAL' } });
    expect(res.body).not.toMatch(/moderators|relation|does not exist/);
    // The next launch works again.
    expect((await t.launch(t.portal, SEED_USERS.employee)).boot.view).toBe('app');
  });
});
