import Fastify, { type FastifyInstance } from 'fastify';
import { asCachedCaller, asCaller, callerOf, requireSharedSession } from '../../server/auth/guard';
import { ReplyCache, replyKey } from '../../server/http/reply-cache';
import { HttpError } from '../../server/http/errors';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedPortal, sessionHeader, type SeededPortal } from '../support/seed-portal';

/**
 * The shared session check (auth/guard.ts requireSharedSession + asCaller) on the paths the read
 * routes do not take: a route that sends no statement, or fails before its first, still has its
 * caller checked (one statement of its own), and a refused caller learns the refusal, never the
 * route's answer or error; a route's later statements go as they are.
 */
describe('asCaller', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let live: SeededPortal;
  let gone: SeededPortal;
  const SECRET = 'shared-session-test-secret-0123456789';
  let sent: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    live = await seedPortal(t.db, { memberId: 'live' });
    gone = await seedPortal(t.db, { memberId: 'gone' });
    await t.db('portals').where({ id: gone.id }).update({ state: 'uninstalled' });
    t.db.on('query', (query: { sql: string }) => sent.push(query.sql));

    app = Fastify();
    const deps = { db: t.db, sessionSecret: SECRET };
    app.get('/none', { onRequest: requireSharedSession(deps) }, async (request) =>
      asCaller(request, async (session) => ({ userId: session.userId, role: session.role })),
    );
    app.get('/fails-first', { onRequest: requireSharedSession(deps) }, async (request) =>
      asCaller(request, async () => {
        throw new HttpError(400, 'VALIDATION_FAILED', 'the route refused the input', 'q');
      }),
    );
    app.get('/two', { onRequest: requireSharedSession(deps) }, async (request) =>
      asCaller(request, async (_session, run) => {
        const [first] = await run<{ n: number }>('SELECT $1::int AS n', [1]);
        const [second] = await run<{ n: number }>('SELECT $1::int + 1 AS n', [first!.n]);
        return { n: second!.n, portalState: callerOf(request).portal.state };
      }),
    );
    // Kept replies: one read through `run`, one read straight from the database (never kept: its
    // version would be read after its data).
    const kept = { db: t.db, sessionSecret: SECRET, replies: new ReplyCache() };
    let built = 0;
    app.get('/kept/:how', { onRequest: requireSharedSession(kept) }, async (request, reply) => {
      const how = (request.params as { how: string }).how;
      return asCachedCaller(request, reply, { key: (session) => replyKey(session.portalId, 'kept', how) }, async (session, run) => {
        built++;
        const rows = how === 'run' ? await run<{ n: number }>('SELECT count(*)::int AS n FROM topics WHERE portal_id = $1', [session.portalId]) : await t.db('topics').where({ portal_id: session.portalId }).count({ n: '*' });
        return { topics: Number(rows[0]!.n), built };
      });
    });
    app.setErrorHandler((error: HttpError, _request, reply) => reply.status(error.statusCode ?? 500).send({ error: error.code }));
  });
  afterAll(async () => {
    await app.close();
    await t.destroy();
  });
  beforeEach(() => {
    sent = [];
  });

  const get = (url: string, portal: SeededPortal) => app.inject({ method: 'GET', url, headers: sessionHeader(SECRET, portal, 'employee', 7) });

  it('checks the caller of a route that sends no statement, in a statement of its own', async () => {
    const res = await get('/none', live);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ userId: 7, role: 'employee' });
    expect(sent).toHaveLength(1);
    expect((await get('/none', gone)).statusCode).toBe(401);
  });

  it("gives a refused caller the refusal, not the route's error; an admitted one the route's error", async () => {
    expect((await get('/fails-first', gone)).json()).toEqual({ error: 'PORTAL_UNINSTALLED' });
    const res = await get('/fails-first', live);
    expect([res.statusCode, res.json()]).toEqual([400, { error: 'VALIDATION_FAILED' }]);
  });

  it('sends the first statement with the check and the next as it is', async () => {
    const res = await get('/two', live);
    expect(res.json()).toEqual({ n: 2, portalState: 'active' });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain('session_caller(');
    expect(sent[1]).not.toContain('session_caller(');
    expect((await get('/two', gone)).json()).toEqual({ error: 'PORTAL_UNINSTALLED' });
  });

  it('keeps a reply read through run until its portal writes, and none of a route that reads outside run first', async () => {
    const first = await get('/kept/run', live);
    expect(first.json()).toEqual({ topics: 0, built: expect.any(Number) });
    expect((await get('/kept/run', live)).json()).toEqual(first.json());
    await t.db('topics').insert({ portal_id: live.id, name: 'Passwords' });
    expect((await get('/kept/run', live)).json()).toMatchObject({ topics: 1 });
    expect((await get('/kept/run', gone)).statusCode).toBe(401);

    const outside = await get('/kept/outside', live);
    expect((await get('/kept/outside', live)).json().built).toBe(outside.json().built + 1);
  });

  it('refuses a request without a token before any statement', async () => {
    const res = await app.inject({ method: 'GET', url: '/two' });
    expect(res.statusCode).toBe(401);
    expect(sent).toHaveLength(0);
  });
});
