import nock from 'nock';
import { SEED_USERS } from '../../server/dev-portal';
import { issueSessionToken } from '../../server/auth/session-token';
import { bearer, bootOf, formPost, startPortalApp, type PortalApp } from '../support/portal-app';
import { createTestApp, type TestApp } from '../support/app';

describe('the install wizard', () => {
  let t: PortalApp;
  beforeAll(async () => {
    t = await startPortalApp({ portals: 2 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a non-admin, and leaves no trace of the portal', async () => {
    const { res, boot } = await t.installPage(t.portal, SEED_USERS.employee);
    expect(res.statusCode).toBe(200);
    expect(boot).toMatchObject({ view: 'install', install: { ok: false, error: { code: 'NOT_ADMIN' } } });
    expect(boot.install.token).toBeUndefined();
    expect(boot.install.error.message).toMatch(/administrator/i);
    expect(await t.database.db('portals').where({ member_id: t.portal.memberId }).first()).toBeUndefined();
  });

  it('stores the portal as its OAuth server describes it, with the admin token pair, from one wizard POST', async () => {
    const { res, boot } = await t.installPage(t.portal, SEED_USERS.admin, { query: (q) => ({ ...q, LANG: 'ru' }) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(`frame-ancestors ${t.portal.url}`);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(boot).toMatchObject({ view: 'install', lang: 'ru', install: { ok: true } });
    expect(typeof boot.install.token).toBe('string');

    const row = await t.database.db('portals').where({ member_id: t.portal.memberId }).first();
    expect(row).toMatchObject({
      domain: t.portal.domain,
      client_endpoint: `${t.portal.url}/rest/`,
      server_endpoint: `${t.portal.url}/rest/`,
      application_token: t.portal.controls.applicationToken(),
      token_user_id: SEED_USERS.admin,
      state: 'installing',
    });
    expect(row.access_token).toEqual(expect.any(String));
    expect(row.refresh_token).toEqual(expect.any(String));
    expect(new Date(row.token_expires_at).getTime()).toBeGreaterThan(Date.now());
  });

  it('binds events and the group tab at the portal, then marks the portal active', async () => {
    const { boot } = await t.installPage(t.portal);
    const res = await t.setup(boot.install.token);
    expect(res.statusCode).toBe(200);
    expect(res.json().steps).toEqual([
      { key: 'portal', ok: true },
      { key: 'events', ok: true },
      { key: 'placements', ok: true },
      { key: 'groups', ok: true },
      { key: 'people', ok: true },
    ]);
    const events = t.portal.controls.boundEvents();
    for (const event of ['ONAPPUNINSTALL', 'ONUSERADD', 'ONSONETGROUPUPDATE', 'ONSONETGROUPDELETE']) {
      expect(events).toContainEqual({ event, handler: `${t.baseUrl}/bitrix/events` });
    }
    expect(t.portal.controls.boundPlacements()).toEqual([{ placement: 'SONET_GROUP_DETAIL_TAB', handler: `${t.baseUrl}/placement` }]);
    const portal = await t.stored();
    expect(portal.state).toBe('active');
    const jobs = await t.database.db('jobs').where({ portal_id: portal.id }).orderBy('id');
    expect(jobs.map((job: { kind: string; state: string }) => [job.kind, job.state])).toEqual([
      ['import-departments', 'queued'],
      ['import-people', 'queued'],
    ]);
  });

  it('runs setup again without duplicating anything', async () => {
    const { boot } = await t.installPage(t.portal);
    const before = t.portal.controls.boundEvents().length;
    const res = await t.setup(boot.install.token);
    expect(res.json().steps.every((step: { ok: boolean }) => step.ok)).toBe(true);
    expect(t.portal.controls.boundEvents()).toHaveLength(before);
    expect(t.portal.controls.boundPlacements()).toHaveLength(1);
    // The imports still waiting are not queued twice.
    expect(await t.database.db('jobs').where({ portal_id: (await t.stored()).id })).toHaveLength(2);
  });

  it('reinstalls into the same portal row with new tokens, keeping the data', async () => {
    t.portal.controls.finishInstall();
    const before = await t.database.db('portals').where({ member_id: t.portal.memberId }).first();
    await t.database.db('moderators').insert({ portal_id: before.id, subject_type: 'user', subject_id: SEED_USERS.moderator, added_by: 1 });

    await t.portal.controls.uninstall({ clean: false });
    t.portal.controls.reinstall();
    const stored = await t.install(t.portal);

    const after = await t.database.db('portals').where({ member_id: t.portal.memberId }).first();
    expect(after.id).toBe(before.id);
    expect(stored.state).toBe('active');
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.application_token).toBe(t.portal.controls.applicationToken());
    expect(after.application_token).not.toBe(before.application_token);
    expect(after.uninstalled_at).toBeNull();
    expect(await t.database.db('moderators').where({ portal_id: before.id })).toHaveLength(1);
    expect(t.portal.controls.boundPlacements()).toHaveLength(1);
  });

  it("keeps the stored install when a non-admin opens the wizard of an installed portal", async () => {
    const before = await t.database.db('portals').where({ member_id: t.portal.memberId }).first();
    const { boot } = await t.installPage(t.portal, SEED_USERS.moderator);
    expect(boot.install).toMatchObject({ ok: false, error: { code: 'NOT_ADMIN' } });
    const after = await t.database.db('portals').where({ member_id: t.portal.memberId }).first();
    expect(after).toEqual(before);
  });

  it('refuses a grant that belongs to another portal than the one posted', async () => {
    const other = t.portals[1]!;
    const { boot } = await t.installPage(other, SEED_USERS.admin, { fields: (f) => ({ ...f, member_id: t.portal.memberId }) });
    expect(boot.install).toMatchObject({ ok: false, error: { code: 'PORTAL_MISMATCH' } });
    expect(await t.database.db('portals').where({ member_id: other.memberId }).first()).toBeUndefined();
  });

  it('refuses a refresh token the OAuth server does not know', async () => {
    const { boot } = await t.installPage(t.portals[1]!, SEED_USERS.admin, { fields: (f) => ({ ...f, REFRESH_ID: 'f0rgedrefresht0ken0000000' }) });
    expect(boot.install).toMatchObject({ ok: false, error: { code: 'INSTALL_NOT_CONFIRMED' } });
  });

  it('requires the APPLICATION_TOKEN, and says so when opened outside Bitrix24', async () => {
    const { boot } = await t.installPage(t.portals[1]!, SEED_USERS.admin, {
      fields: ({ APPLICATION_TOKEN: _dropped, ...rest }) => rest,
    });
    expect(boot.install).toMatchObject({ ok: false, error: { code: 'INSTALL_DATA_MISSING' } });

    const res = await t.app.inject({ method: 'GET', url: '/install?DOMAIN=portal.example&LANG=de' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe('frame-ancestors https://portal.example');
    expect(JSON.parse(/window\.__BOOT__=(.*?)<\/script>/s.exec(res.body)![1]!)).toMatchObject({
      view: 'install',
      lang: 'de',
      install: { ok: false, error: { code: 'INSTALL_DATA_MISSING' } },
    });
  });

  it('never sends the client secret to an OAuth server that is not allowed', async () => {
    const evil = nock('https://oauth.evil.example').post(/.*/).reply(200, {}).get(/.*/).reply(200, {});
    const other = t.portals[1]!;
    const { boot } = await t.installPage(other, SEED_USERS.admin, { fields: (f) => ({ ...f, SERVER_ENDPOINT: 'https://oauth.evil.example/rest/' }) });
    expect(evil.isDone()).toBe(false);
    // The allowed servers are asked instead (the first one, here the other portal's, does not know this grant).
    expect(boot.install.ok).toBe(false);
  });

  it('lets only the wizard session of an admin run setup', async () => {
    const row = await t.stored();
    expect((await t.app.inject({ method: 'POST', url: '/api/install/setup' })).statusCode).toBe(401);
    const appToken = issueSessionToken(t.config.sessionSecret, { portalId: row.id, memberId: row.memberId, userId: 1, role: 'admin', purpose: 'app' }, 600).token;
    expect((await t.app.inject({ method: 'POST', url: '/api/install/setup', headers: bearer(appToken) })).statusCode).toBe(403);
    const employee = issueSessionToken(t.config.sessionSecret, { portalId: row.id, memberId: row.memberId, userId: 3, role: 'employee', purpose: 'install' }, 600).token;
    expect((await t.app.inject({ method: 'POST', url: '/api/install/setup', headers: bearer(employee) })).statusCode).toBe(403);
  });
});

describe('the install wizard when the OAuth server does not answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 9 of this machine: the token request gets no answer.
    t = await createTestApp({ B24_OAUTH_SERVERS: 'http://127.0.0.1:9' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows a plain-words page, not a JSON 500', async () => {
    const res = await formPost(t.app, '/install', { DOMAIN: 'portal.example', LANG: 'en' }, {
      member_id: 'member-1',
      REFRESH_ID: 'refreshsecret00000000001',
      APPLICATION_TOKEN: 'app-token-1',
      SERVER_ENDPOINT: 'http://127.0.0.1:9/rest/',
    });
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(bootOf(res)).toMatchObject({ view: 'install', install: { ok: false, error: { code: 'OAUTH_UNREACHABLE' } } });
    expect(res.body).not.toContain('refreshsecret00000000001');
    expect(await t.database.db('portals').first()).toBeUndefined();
  });
});
