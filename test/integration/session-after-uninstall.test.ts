import { createTestApp, type TestApp } from '../support/app';
import { seedPortal, sessionHeader } from '../support/seed-portal';
import { setPortalState } from '../../server/tenants/portal-repository';

describe('sessions of a portal that uninstalled the app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  const moderators = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/settings/moderators', headers });
  const save = (headers: Record<string, string>) =>
    t.app.inject({ method: 'PUT', url: '/api/settings/moderators', headers, payload: { moderators: [{ subjectType: 'user', subjectId: 2 }] } });

  it('work while it is installed, and are refused once it is uninstalled (data kept)', async () => {
    const portal = await seedPortal(t.database.db);
    const headers = sessionHeader(t.config.sessionSecret, portal, 'admin');
    expect((await moderators(headers)).statusCode).toBe(200);

    await setPortalState(t.database.db, portal.id, 'uninstalled');
    const res = await moderators(headers);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('PORTAL_UNINSTALLED');
  });

  it('are refused, not answered with a 500, once the portal and its data are deleted', async () => {
    const portal = await seedPortal(t.database.db);
    const headers = sessionHeader(t.config.sessionSecret, portal, 'admin');
    await t.database.db('portals').where({ id: portal.id }).del();
    const res = await save(headers);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('PORTAL_UNINSTALLED');
  });
});
