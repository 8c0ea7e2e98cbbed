import { BitrixError } from '../../../server/bitrix/bitrix-errors';
import { createTestApp, type TestApp } from '../../support/app';
import { deferred, eventually, seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { enqueueJob } from '../../../server/jobs/job-repository';
import { createWorker } from '../../../server/jobs/worker';
import type { JobContext } from '../../../server/jobs/job-types';

describe('job progress over the API', () => {
  let t: TestApp;
  let mine: SeededPortal;
  let theirs: SeededPortal;
  beforeAll(async () => {
    t = await createTestApp();
    mine = await seedPortal(t.database.db);
    theirs = await seedPortal(t.database.db);
  });
  afterAll(async () => {
    await t.close();
  });
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const as = (portal: SeededPortal, role: 'admin' | 'moderator' | 'employee' | 'extranet') => sessionHeader(t.config.sessionSecret, portal, role);

  it('shows a running job with its progress, then its end', async () => {
    const id = await enqueueJob(t.database.db, mine.id, 'api-test', { secret: 'payload stays inside' });
    const halfway = deferred();
    const finish = deferred();
    const worker = createWorker({
      db: t.database.db,
      handlers: {
        'api-test': async (ctx: JobContext) => {
          await ctx.reportProgress(50, 200, 'Importing people: 50 of 200', { lastId: 50 });
          halfway.resolve();
          await finish.promise;
          await ctx.reportProgress(200, 200, 'Importing people: 200 of 200');
          return { imported: 200 };
        },
      },
    });
    const run = worker.runOnce();
    await halfway.promise;

    const running = await get(`/api/jobs/${id}`, as(mine, 'employee'));
    expect(running.statusCode).toBe(200);
    expect(running.json()).toEqual({
      id,
      kind: 'api-test',
      state: 'running',
      progress: { done: 50, total: 200, message: 'Importing people: 50 of 200' },
      attempts: 1,
      createdAt: expect.any(String),
      finishedAt: null,
    });
    expect(running.body).not.toContain('payload stays inside');
    expect(running.body).not.toContain('lastId');

    finish.resolve();
    await run;
    const done = (await get(`/api/jobs/${id}`, as(mine, 'admin'))).json();
    expect(done).toMatchObject({ state: 'done', progress: { done: 200, total: 200 } });
    expect(new Date(done.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(done.createdAt).getTime());
  });

  it('shows the error of a failed job', async () => {
    const id = await enqueueJob(t.database.db, mine.id, 'api-fails', {}, { maxAttempts: 1 });
    await createWorker({ db: t.database.db, handlers: { 'api-fails': async () => Promise.reject(new BitrixError('ACCESS_DENIED', '', 403, 'user.get')) } }).runOnce();
    expect((await get(`/api/jobs/${id}`, as(mine, 'admin'))).json()).toMatchObject({ state: 'failed', error: 'Bitrix24 user.get: ACCESS_DENIED' });
  });

  it('never shows the text of an unexpected error (it may hold SQL or internals); the log has it', async () => {
    const id = await enqueueJob(t.database.db, mine.id, 'api-breaks', {}, { maxAttempts: 1 });
    const internal = 'insert into "people" ... violates constraint people_pkey';
    await createWorker({ db: t.database.db, handlers: { 'api-breaks': async () => Promise.reject(new Error(internal)) } }).runOnce();
    const body = (await get(`/api/jobs/${id}`, as(mine, 'employee'))).json();
    expect(body.state).toBe('failed');
    expect(body.error).toMatch(/unexpected error/i);
    expect(JSON.stringify(body)).not.toContain('people_pkey');
  });

  it("answers 404 for another portal's job, exactly as for a missing one", async () => {
    const id = await enqueueJob(t.database.db, theirs.id, 'api-other', {});
    const foreign = await get(`/api/jobs/${id}`, as(mine, 'admin'));
    const missing = await get(`/api/jobs/999999999`, as(mine, 'admin'));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(missing.json());
    expect((await get(`/api/jobs/${id}`, as(theirs, 'admin'))).statusCode).toBe(200);
  });

  it('needs a session', async () => {
    const id = await enqueueJob(t.database.db, mine.id, 'api-test', {});
    expect((await get(`/api/jobs/${id}`)).statusCode).toBe(401);
    expect((await get(`/api/jobs/${id}`, { authorization: 'Bearer v1.forged.token' })).statusCode).toBe(401);
    expect((await get('/api/jobs')).statusCode).toBe(401);
  });

  it('says 400 for an id that is not a number', async () => {
    expect((await get('/api/jobs/abc', as(mine, 'admin'))).statusCode).toBe(400);
  });

  it('lists recent jobs of the portal, filtered, for admins and moderators only', async () => {
    await enqueueJob(t.database.db, mine.id, 'list-a', {});
    await enqueueJob(t.database.db, mine.id, 'list-b', {});
    await enqueueJob(t.database.db, theirs.id, 'list-a', {});

    const all = await get('/api/jobs', as(mine, 'moderator'));
    expect(all.statusCode).toBe(200);
    const kinds = all.json().jobs.map((j: { kind: string }) => j.kind);
    expect(kinds.slice(0, 2)).toEqual(['list-b', 'list-a']); // newest first

    const filtered = (await get('/api/jobs?kind=list-a&state=queued', as(mine, 'admin'))).json().jobs;
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toMatchObject({ kind: 'list-a', state: 'queued' });

    expect((await get('/api/jobs', as(mine, 'employee'))).statusCode).toBe(403);
    expect((await get('/api/jobs', as(mine, 'extranet'))).statusCode).toBe(403);
    expect((await get('/api/jobs?state=exploded', as(mine, 'admin'))).statusCode).toBe(400);
  });

  it('follows a job until the worker finishes it', async () => {
    const id = await enqueueJob(t.database.db, mine.id, 'api-quick', {});
    const worker = createWorker({ db: t.database.db, handlers: { 'api-quick': async () => 'ok' }, pollMs: 10 });
    worker.start();
    try {
      await eventually(async () => (await get(`/api/jobs/${id}`, as(mine, 'admin'))).json().state === 'done');
    } finally {
      await worker.stop();
    }
  });
});
