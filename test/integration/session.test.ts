import { SEED_USERS } from '../../server/dev-portal';
import { issueSessionToken } from '../../server/auth/session-token';
import { bearer, startPortalApp, type PortalApp } from '../support/portal-app';

describe('the app session', () => {
  let t: PortalApp;
  let portalId: string;
  beforeAll(async () => {
    t = await startPortalApp();
    portalId = (await t.install()).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const renew = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/session', payload: body });
  const freshToken = (userId: number) => t.portal.controls.issueTokens(userId).access_token;

  it('is renewed from a fresh frame token, and /api/me says who holds it', async () => {
    const res = await renew({ memberId: t.portal.memberId, accessToken: freshToken(SEED_USERS.admin) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      session: { token: expect.any(String), expiresAt: expect.any(String) },
      user: { id: SEED_USERS.admin, name: 'Anna Petrova', role: 'admin' },
    });
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(body.session.token) });
    expect(me.statusCode).toBe(200);
    // Names come from the people import; until it has run, the id stands in.
    expect(me.json()).toEqual({ user: { id: 1, name: '#1', role: 'admin' }, portal: { domain: t.portal.domain, memberId: t.portal.memberId } });

    await t.database.db('people').insert({ portal_id: portalId, user_id: 1, name: 'Anna', last_name: 'Petrova' });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(body.session.token) })).json().user.name).toBe('Anna Petrova');
  });

  it('ignores a role claimed in the body or the query', async () => {
    const res = await renew({ memberId: t.portal.memberId, accessToken: freshToken(SEED_USERS.employee), role: 'admin', user: { id: 1, role: 'admin' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ id: SEED_USERS.employee, role: 'employee' });
    const me = await t.app.inject({ method: 'GET', url: '/api/me?role=admin&userId=1', headers: bearer(res.json().session.token) });
    expect(me.json().user).toMatchObject({ id: SEED_USERS.employee, role: 'employee' });
  });

  it('is refused for a token Bitrix24 does not confirm, an unknown portal, or a missing field', async () => {
    const forged = await renew({ memberId: t.portal.memberId, accessToken: 'f0rged'.repeat(8) });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error).toBe('AUTH_INVALID');

    const unknown = await renew({ memberId: 'no-such-portal', accessToken: freshToken(SEED_USERS.admin) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe('NOT_INSTALLED');

    const missing = await renew({ memberId: t.portal.memberId });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: 'VALIDATION_FAILED', field: 'accessToken' });
  });

  it('says when the frame token has expired, so the client can refresh it and retry', async () => {
    const token = freshToken(SEED_USERS.employee);
    t.portal.controls.expireAllAccessTokens();
    const res = await renew({ memberId: t.portal.memberId, accessToken: token });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('AUTH_EXPIRED');
  });

  describe('on /api/me', () => {
    const claims = () => ({ portalId, memberId: t.portal.memberId, userId: 3, role: 'employee' as const, purpose: 'app' as const });

    it('refuses no token, an expired one, a tampered one and a foreign one', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/me' })).json().error).toBe('SESSION_REQUIRED');

      const expired = issueSessionToken(t.config.sessionSecret, claims(), 60, Date.now() - 120_000).token;
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(expired) });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('SESSION_EXPIRED');

      const good = issueSessionToken(t.config.sessionSecret, claims(), 600).token;
      const [version, payload, signature] = good.split('.') as [string, string, string];
      const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })).toString('base64url');
      const tampered = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(`${version}.${raised}.${signature}`) });
      expect(tampered.statusCode).toBe(401);
      expect(tampered.json().error).toBe('SESSION_INVALID');

      const foreign = issueSessionToken('another-secret-that-is-long-enough-0000', claims(), 600).token;
      expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(foreign) })).statusCode).toBe(401);

      const good200 = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(good) });
      expect(good200.statusCode).toBe(200);
    });

    it('refuses the install wizard token', async () => {
      const install = issueSessionToken(t.config.sessionSecret, { ...claims(), role: 'admin', purpose: 'install' }, 600).token;
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(install) });
      expect(res.statusCode).toBe(403);
    });

    it('stops working once the app is uninstalled', async () => {
      const good = issueSessionToken(t.config.sessionSecret, claims(), 600).token;
      await t.database.db('portals').where({ id: portalId }).update({ state: 'uninstalled' });
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(good) });
      expect(res.statusCode).toBe(401);
      await t.database.db('portals').where({ id: portalId }).update({ state: 'active' });
    });
  });
});
