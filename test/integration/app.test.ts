import Fastify from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { registerErrorHandler, HttpError } from '../../server/http/errors';
import { createTestApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { buildApp } from '../../server/app';
import { loadManifest } from '../../server/manifest';

describe('the app server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /healthz after a database round-trip and says which database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: t.database.kind });
  });

  it('serves the app shell framable by CSP only, never with X-Frame-Options', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/', payload: 'DOMAIN=x&member_id=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors/);
    expect(res.body).toContain('window.__BOOT__=');
    expect(res.body).toContain('/assets/app.js');
  });

  it('publishes its OpenAPI description under /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths['/healthz']).toBeDefined();
  });

  it('answers unknown routes with a JSON 404 that names the route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no/such/thing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'NOT_FOUND', message: 'No route for GET /no/such/thing' });
  });

  it('answers a 503 when the database is gone', async () => {
    const database = await createTestDatabase({ migrate: false });
    await database.db.raw('select 1');
    const app = await buildApp({ config: t.config, db: database.db, dbKind: database.kind, manifest: loadManifest() });
    await database.destroy();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    await app.close();
  });
});

describe('the error handler', () => {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandler(app);
  app.post('/things', { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }), size: Type.Integer() }) } }, async () => ({ ok: true }));
  app.get('/conflict', async () => {
    throw new HttpError(409, 'NAME_TAKEN', 'A group with this name exists', 'name');
  });
  app.get('/boom', async () => {
    throw new Error('secret internal detail: password=hunter2');
  });
  afterAll(() => app.close());

  it('says which field is missing', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { size: 1 } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED', field: 'name' });
    expect(res.json().message).toContain('name');
  });

  it('says which field is malformed', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a', size: 'big' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED', field: 'size' });
  });

  it('passes domain errors through with their status, code and field', async () => {
    const res = await app.inject({ method: 'GET', url: '/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: 'NAME_TAKEN', message: 'A group with this name exists', field: 'name' });
  });

  it('hides the details of a 5xx', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('hunter2');
    expect(res.json().error).toBe('INTERNAL');
  });
});
