import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import { createTestApp, type TestApp } from '../support/app';
import { SECURITY_HEADERS } from '../../server/http/response-headers';
import { seedPortal, sessionHeader, type SeededPortal } from '../support/seed-portal';

/** What the browser and any proxy between may do with our answers. */
describe('response headers', () => {
  let t: TestApp;
  let portal: SeededPortal;
  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(t.database.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('API, session and event replies are never stored, errors included', async () => {
    const admin = sessionHeader(t.config.sessionSecret, portal, 'admin');
    const replies = [
      await t.app.inject({ method: 'GET', url: '/api/me', headers: admin }),
      await t.app.inject({ method: 'GET', url: '/api/people', headers: admin }),
      await t.app.inject({ method: 'GET', url: '/api/jobs', headers: admin }),
      await t.app.inject({ method: 'GET', url: '/api/me' }),
      await t.app.inject({ method: 'POST', url: '/api/session', payload: { memberId: 'nobody', accessToken: 'x' } }),
      await t.app.inject({ method: 'GET', url: '/api/nothing-here' }),
      await t.app.inject({
        method: 'POST',
        url: '/bitrix/events',
        payload: `event=ONUSERADD&data[FIELDS][ID]=7&auth[member_id]=${portal.memberId}&auth[application_token]=${portal.applicationToken}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      await t.app.inject({ method: 'POST', url: '/bitrix/events', payload: { event: 'ONUSERADD' } }),
      await t.app.inject({ method: 'GET', url: '/healthz' }),
    ];
    expect(replies.map((res) => res.statusCode)).toEqual([200, 200, 200, 401, 404, 404, 200, 401, 200]);
    for (const res of replies) expect(res.headers['cache-control']).toBe('no-store');
  });

  it('static files keep their own caching', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/favicon.ico' });
    if (res.statusCode === 200) expect(res.headers['cache-control']).not.toBe('no-store');
  });

  it('/docs may be framed by no site, and loads only from its own origin', async () => {
    for (const url of ['/docs', '/docs/', '/docs/json', '/docs/static/index.html']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect([url, csp]).toEqual([url, expect.stringContaining("frame-ancestors 'none'")]);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });

  it("carries @fastify/helmet's headers (our options: no X-Frame-Options, no CSP, no COEP) on every reply, errors included", async () => {
    const probe = Fastify();
    await probe.register(helmet, { frameguard: false, contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
    probe.get('/', async () => 'ok');
    const plain = Fastify();
    plain.get('/', async () => 'ok');
    const withHelmet = (await probe.inject({ method: 'GET', url: '/' })).headers;
    const without = (await plain.inject({ method: 'GET', url: '/' })).headers;
    await Promise.all([probe.close(), plain.close()]);
    const helmets = Object.fromEntries(Object.entries(withHelmet).filter(([name]) => !(name in without)));
    expect(SECURITY_HEADERS).toEqual(helmets);

    const admin = sessionHeader(t.config.sessionSecret, portal, 'admin');
    const replies = [
      await t.app.inject({ method: 'GET', url: '/api/me', headers: admin }),
      await t.app.inject({ method: 'GET', url: '/api/me' }),
      await t.app.inject({ method: 'GET', url: '/api/nothing-here' }),
      await t.app.inject({ method: 'GET', url: '/healthz' }),
      await t.app.inject({ method: 'GET', url: '/docs/json' }),
    ];
    for (const res of replies) {
      expect(res.headers).toMatchObject(SECURITY_HEADERS);
      expect(res.headers['x-frame-options']).toBeUndefined();
    }
  });
});
