import axios from 'axios';
import { SEED_USERS, type LocalPortal } from '../../server/dev-portal';
import { signOAuthState } from '../../server/portal/oauth-state';
import { bootOf, startPortalApp, type PortalApp } from '../support/portal-app';

describe('re-authorising a portal through OAuth', () => {
  let t: PortalApp;
  beforeAll(async () => {
    t = await startPortalApp({ portals: 2 });
    await t.install(t.portals[0]);
    await t.install(t.portals[1]);
  });
  afterAll(async () => {
    await t.close();
  });

  const tokensOf = async (portal: LocalPortal) =>
    t.database.db('portals').where({ member_id: portal.memberId }).first('access_token', 'refresh_token', 'token_user_id', 'state');

  /** /oauth/start, then the portal's authorize page (logged in as `as`), which sends the admin back to us. */
  async function authorize(portal: LocalPortal, as: number = SEED_USERS.admin): Promise<URL> {
    const start = await t.app.inject({ method: 'GET', url: `/oauth/start?member_id=${encodeURIComponent(portal.memberId)}` });
    expect(start.statusCode).toBe(302);
    const authorizeUrl = new URL(start.headers.location as string);
    authorizeUrl.searchParams.set('as', String(as));
    const page = await axios.get(authorizeUrl.toString(), { maxRedirects: 0, validateStatus: () => true });
    expect(page.status).toBe(302);
    return new URL(page.headers.location as string);
  }
  const callback = (url: URL) => t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });

  it("sends the admin to the portal's own authorize page with a signed state", async () => {
    const res = await t.app.inject({ method: 'GET', url: `/oauth/start?member_id=${t.portal.memberId}` });
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string);
    expect(location.origin).toBe(t.portal.url);
    expect(location.pathname).toBe('/oauth/authorize/');
    expect(location.searchParams.get('client_id')).toBe(t.config.b24ClientId);
    expect(location.searchParams.get('state')).toMatch(/^os1\./);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses to start for a portal it does not know', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/oauth/start?member_id=no-such-portal' });
    expect(res.statusCode).toBe(404);
    expect(bootOf(res).error.code).toBe('NOT_INSTALLED');
  });

  it('stores the new token pair and revives a portal that needed reinstalling', async () => {
    await t.database.db('portals').where({ member_id: t.portal.memberId }).update({ state: 'needs_reinstall' });
    const before = await tokensOf(t.portal);
    const back = await authorize(t.portal);
    expect(back.origin).toBe(t.baseUrl);
    expect(back.pathname).toBe('/oauth/callback');

    const res = await callback(back);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(`frame-ancestors ${t.portal.url}`);
    expect(bootOf(res)).toEqual({ view: 'reauthorized', lang: 'en', portal: { domain: t.portal.domain, memberId: t.portal.memberId } });

    const after = await tokensOf(t.portal);
    expect(after).toMatchObject({ state: 'active', token_user_id: SEED_USERS.admin });
    expect(after.refresh_token).not.toBe(before.refresh_token);
    // The stored grant works: the app actor can call the portal with it.
    const stored = await t.stored();
    const result = await t.app.bitrix.call<{ ID: string }>(stored, { kind: 'app' }, 'profile');
    expect(result.result.ID).toBe(String(SEED_USERS.admin));
  });

  it('refuses a tampered, expired or foreign state and keeps the stored tokens', async () => {
    const before = await tokensOf(t.portal);
    const back = await authorize(t.portal);

    const tampered = new URL(back);
    tampered.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const res = await callback(tampered);
    expect(res.statusCode).toBe(400);
    expect(bootOf(res).error.code).toBe('OAUTH_STATE_INVALID');

    const expired = new URL(back);
    expired.searchParams.set('state', signOAuthState(t.config.sessionSecret, t.portal.memberId, Date.now() - 3_600_000));
    expect((await callback(expired)).statusCode).toBe(400);

    const foreign = new URL(back);
    foreign.searchParams.set('state', signOAuthState('some-other-secret-that-is-long-enough-00', t.portal.memberId));
    expect((await callback(foreign)).statusCode).toBe(400);

    const otherPortal = new URL(back);
    otherPortal.searchParams.set('state', signOAuthState(t.config.sessionSecret, t.portals[1]!.memberId));
    expect((await callback(otherPortal)).statusCode).toBe(400);

    expect(await tokensOf(t.portal)).toEqual(before);
  });

  it("refuses a code from another portal under this portal's state", async () => {
    const before = await tokensOf(t.portal);
    const back = await authorize(t.portals[1]!);
    back.searchParams.set('state', signOAuthState(t.config.sessionSecret, t.portal.memberId));
    back.searchParams.set('member_id', t.portal.memberId);
    const res = await callback(back);
    expect(res.statusCode).toBe(403);
    expect(bootOf(res).error.code).toBe('OAUTH_CODE_REFUSED');
    expect(await tokensOf(t.portal)).toEqual(before);
  });

  it('refuses a grant of a user who is not an admin', async () => {
    const before = await tokensOf(t.portal);
    const res = await callback(await authorize(t.portal, SEED_USERS.employee));
    expect(res.statusCode).toBe(403);
    expect(bootOf(res).error.code).toBe('NOT_ADMIN');
    expect(await tokensOf(t.portal)).toEqual(before);
  });

  it('refuses a code used twice', async () => {
    const back = await authorize(t.portal);
    expect((await callback(back)).statusCode).toBe(200);
    const again = await callback(back);
    expect(again.statusCode).toBe(403);
    expect(bootOf(again).error.code).toBe('OAUTH_CODE_REFUSED');
  });
});
