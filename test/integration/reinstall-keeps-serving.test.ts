import { SEED_USERS } from '../../server/dev-portal';
import { bearer, startPortalApp, type PortalApp } from '../support/portal-app';

/**
 * One definition of "installed" for every route: a portal serves while it is active, and while an
 * admin re-runs the install wizard on a portal that had been set up; it stops when uninstalled.
 */
describe('a reinstall on a working portal', () => {
  let t: PortalApp;
  beforeAll(async () => {
    t = await startPortalApp();
    await t.install(t.portal);
  });
  afterAll(async () => {
    await t.close();
  });

  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
  const people = (token: string) => t.app.inject({ method: 'GET', url: '/api/people?search=olga', headers: bearer(token) });
  const renew = (userId: number) =>
    t.app.inject({ method: 'POST', url: '/api/session', payload: { memberId: t.portal.memberId, accessToken: t.portal.controls.issueTokens(userId).access_token } });

  it('keeps serving employees and admins until the new setup has run, then still serves', async () => {
    const employee = await t.sessionToken(t.portal, SEED_USERS.employee);
    const admin = await t.sessionToken(t.portal, SEED_USERS.admin);

    // The admin opens the installer again: the wizard page is posted, its setup has not run yet.
    const { boot } = await t.installPage(t.portal);
    expect(boot.install.ok).toBe(true);
    expect((await t.stored()).state).toBe('installing');

    expect((await t.launch(t.portal, SEED_USERS.employee)).boot.view).toBe('app');
    expect((await renew(SEED_USERS.employee)).statusCode).toBe(200);
    expect((await me(employee)).statusCode).toBe(200);
    expect((await me(admin)).statusCode).toBe(200);
    expect((await people(admin)).statusCode).toBe(200);

    const setup = await t.setup(boot.install.token);
    expect(setup.json().steps.every((step: { ok: boolean }) => step.ok)).toBe(true);
    expect((await t.stored()).state).toBe('active');
    expect((await me(employee)).statusCode).toBe(200);
  });

  it('stops serving once uninstalled, and a reinstall after that serves only when its setup has run', async () => {
    const employee = await t.sessionToken(t.portal, SEED_USERS.employee);
    const admin = await t.sessionToken(t.portal, SEED_USERS.admin);
    await t.portal.controls.uninstall({ clean: false });
    expect((await t.stored()).state).toBe('uninstalled');

    for (const res of [await me(employee), await people(admin)]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('PORTAL_UNINSTALLED');
    }
    expect((await t.launch(t.portal, SEED_USERS.employee)).boot.error).toMatchObject({ code: 'NOT_INSTALLED' });

    // Installed again, wizard page posted, setup not run: not serving yet (it was not working before).
    t.portal.controls.reinstall();
    const { boot } = await t.installPage(t.portal);
    expect((await t.launch(t.portal, SEED_USERS.employee)).boot.error).toMatchObject({ code: 'NOT_INSTALLED' });
    expect((await me(employee)).json().error).toBe('PORTAL_UNINSTALLED');
    expect((await renew(SEED_USERS.employee)).json().error).toBe('NOT_INSTALLED');

    await t.setup(boot.install.token);
    t.portal.controls.finishInstall();
    expect((await t.launch(t.portal, SEED_USERS.employee)).boot.view).toBe('app');
    expect((await me(employee)).statusCode).toBe(200);
  });
});
