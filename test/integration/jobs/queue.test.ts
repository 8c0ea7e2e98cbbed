import { BitrixError } from '../../../server/bitrix/bitrix-errors';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { deferred, eventually, seedPortal } from '../../support/seed-portal';
import { cancelPortalJobs, enqueueJob, findPortalJob } from '../../../server/jobs/job-repository';
import { claimNextJob } from '../../../server/jobs/job-lease';
import { createWorker } from '../../../server/jobs/worker';
import { JobLostError, PermanentJobError, type JobContext, type JobHandler } from '../../../server/jobs/job-types';

/**
 * The job queue on the real schema: run on PGlite and (DATABASE_URL) on PostgreSQL, where the
 * claims really race. Every test uses its own job kind, so no worker picks up another test's jobs.
 */
describe('the job queue', () => {
  let t: TestDatabase;
  let kindNo = 0;
  const newKind = () => `test-kind-${++kindNo}`;
  const rowOf = (portalId: string, id: number) => t.db('jobs').where({ portal_id: portalId, id }).first();

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.destroy();
  });

  describe('enqueueJob', () => {
    it('returns the open job with the same dedup key instead of queueing a copy, per portal', async () => {
      const kind = newKind();
      const [a, b] = [await seedPortal(t.db), await seedPortal(t.db)];
      const first = await enqueueJob(t.db, a.id, kind, { n: 1 }, { dedupKey: 'import:full' });
      const again = await enqueueJob(t.db, a.id, kind, { n: 2 }, { dedupKey: 'import:full' });
      const otherPortal = await enqueueJob(t.db, b.id, kind, {}, { dedupKey: 'import:full' });
      const undeduped = await enqueueJob(t.db, a.id, kind, {});

      expect(again).toBe(first);
      expect(otherPortal).not.toBe(first);
      expect(undeduped).not.toBe(first);
      expect((await findPortalJob(t.db, a.id, first))?.payload).toEqual({ n: 1 });
    });

    it('queues a new copy once the earlier one has finished', async () => {
      const kind = newKind();
      const portal = await seedPortal(t.db);
      const first = await enqueueJob(t.db, portal.id, kind, {}, { dedupKey: 'k' });
      await createWorker({ db: t.db, handlers: { [kind]: async () => 'ok' } }).runOnce();
      expect((await findPortalJob(t.db, portal.id, first))?.state).toBe('done');

      const second = await enqueueJob(t.db, portal.id, kind, {}, { dedupKey: 'k' });
      expect(second).not.toBe(first);
    });

    it('keeps a job for later when given runAt', async () => {
      const kind = newKind();
      const portal = await seedPortal(t.db);
      await enqueueJob(t.db, portal.id, kind, {}, { runAt: new Date(Date.now() + 3600_000) });
      expect(await createWorker({ db: t.db, handlers: { [kind]: async () => null } }).runOnce()).toEqual({ events: 0, jobId: null });
    });
  });

  describe('claiming', () => {
    it('runs one job per portal at a time while another portal runs its own', async () => {
      const kind = newKind();
      const [p1, p2] = [await seedPortal(t.db), await seedPortal(t.db)];
      const j1 = await enqueueJob(t.db, p1.id, kind);
      const j2 = await enqueueJob(t.db, p1.id, kind);
      const k1 = await enqueueJob(t.db, p2.id, kind);
      const gate = deferred();
      const started: number[] = [];
      const handlers = {
        [kind]: async (ctx: JobContext) => {
          started.push(ctx.job.id);
          await gate.promise;
          return { ran: ctx.job.id };
        },
      };
      const [w1, w2, w3] = [1, 2, 3].map((n) => createWorker({ db: t.db, handlers, workerId: `w${n}`, leaseMs: 10_000 }));

      const run1 = w1!.runOnce();
      await eventually(() => started.length === 1);
      const run2 = w2!.runOnce();
      await eventually(() => started.length === 2);
      // Portal 1 is busy with j1, portal 2 with k1: nothing left that may start.
      expect(await w3!.runOnce()).toEqual({ events: 0, jobId: null });

      expect(started).toEqual([j1, k1]);
      expect((await rowOf(p1.id, j1)).state).toBe('running');
      expect((await rowOf(p1.id, j2)).state).toBe('queued');
      expect((await rowOf(p2.id, k1)).state).toBe('running');

      gate.resolve();
      await Promise.all([run1, run2]);
      expect(await w3!.runOnce()).toEqual({ events: 0, jobId: j2 });
      expect((await findPortalJob(t.db, p1.id, j2))?.result).toEqual({ ran: j2 });
    });

    it('lets exactly one of many racing workers claim a job of a portal', async () => {
      const kind = newKind();
      const portal = await seedPortal(t.db);
      for (let i = 0; i < 6; i++) await enqueueJob(t.db, portal.id, kind);
      const claims = await Promise.all(Array.from({ length: 8 }, (_, n) => claimNextJob(t.db, `racer-${n}`, [kind], 10_000)));
      const won = claims.filter((job) => job !== null);
      expect(won).toHaveLength(1);
      const running = await t.db('jobs').where({ portal_id: portal.id, state: 'running' }).count<{ count: number }[]>({ count: '*' });
      expect(Number(running[0]!.count)).toBe(1);
    });

    it('hands racing workers jobs of different portals, never two of one portal', async () => {
      const kind = newKind();
      const portals = [];
      for (let i = 0; i < 4; i++) portals.push(await seedPortal(t.db));
      for (const portal of portals) for (let i = 0; i < 3; i++) await enqueueJob(t.db, portal.id, kind);
      const claims = await Promise.all(Array.from({ length: 10 }, (_, n) => claimNextJob(t.db, `racer-${n}`, [kind], 10_000)));
      const won = claims.filter((job) => job !== null);
      // On real PostgreSQL some racers lose to SKIP LOCKED or the unique index and find nothing; never more than one per portal.
      expect(new Set(won.map((job) => job!.portalId)).size).toBe(won.length);
      expect(won.length).toBeGreaterThanOrEqual(1);
      let more = await claimNextJob(t.db, 'late', [kind], 10_000);
      const later = [];
      while (more) {
        later.push(more);
        more = await claimNextJob(t.db, 'late', [kind], 10_000);
      }
      expect(won.length + later.length).toBe(4);
    });

    it('does not claim kinds it has no handler for', async () => {
      const kind = newKind();
      const portal = await seedPortal(t.db);
      const id = await enqueueJob(t.db, portal.id, kind);
      expect(await createWorker({ db: t.db, handlers: { [newKind()]: async () => null } }).runOnce()).toEqual({ events: 0, jobId: null });
      expect((await rowOf(portal.id, id)).state).toBe('queued');
    });
  });

  describe('failures', () => {
    it('retries with growing back-off, then fails for good after max_attempts', async () => {
      const kind = newKind();
      const portal = await seedPortal(t.db);
      const id = await enqueueJob(t.db, portal.id, kind, {}, { maxAttempts: 3 });
      const asked: number[] = [];
      const worker = createWorker({
        db: t.db,
        handlers: { [kind]: async () => Promise.reject(new BitrixError('ACCESS_DENIED', 'portal said no', 403, 'user.get')) },
        backoffMs: (attempt) => {
          asked.push(attempt);
          return attempt * 60_000;
        },
      });
      const timeUntilRun = async () => {
        const row = await rowOf(portal.id, id);
        return new Date(row.run_at).getTime() - new Date(row.updated_at).getTime();
      };
      const timePasses = () => t.db('jobs').where({ portal_id: portal.id, id }).update({ run_at: t.db.fn.now() });

      expect((await worker.runOnce()).jobId).toBe(id);
      expect(await rowOf(portal.id, id)).toMatchObject({ state: 'queued', attempts: 1, last_error: 'Bitrix24 user.get: ACCESS_DENIED (portal said no)' });
      expect(await timeUntilRun()).toBeGreaterThanOrEqual(59_000);
      expect((await worker.runOnce()).jobId).toBeNull(); // not due yet

      await timePasses();
      expect((await worker.runOnce()).jobId).toBe(id);
      expect(await rowOf(portal.id, id)).toMatchObject({ state: 'queued', attempts: 2 });
      expect(await timeUntilRun()).toBeGreaterThanOrEqual(119_000);

      await timePasses();
      await worker.runOnce();
      const last = await findPortalJob(t.db, portal.id, id);
      expect(last).toMatchObject({ state: 'failed', attempts: 3, lastError: 'Bitrix24 user.get: ACCESS_DENIED (portal said no)' });
      expect(last?.finishedAt).toBeInstanceOf(Date);
      expect(asked).toEqual([1, 2]);
    });

    it('fails at once on an error no retry can cure', async () => {
      const kind = newKind();
      const portal = await seedPortal(t.db);
      const id = await enqueueJob(t.db, portal.id, kind);
      await createWorker({ db: t.db, handlers: { [kind]: async () => Promise.reject(new PermanentJobError('bad payload')) } }).runOnce();
      expect(await findPortalJob(t.db, portal.id, id)).toMatchObject({ state: 'failed', attempts: 1, lastError: 'bad payload' });
    });
  });

  describe('resuming', () => {
    /** Ten steps, each saved as a checkpoint; the run of `hangAfter` stops answering after that step. */
    function tenSteps(log: Array<[string, number]>, who: string, hangAfter?: { step: number; hang: Promise<void> }): JobHandler {
      return async (ctx: JobContext<Record<string, unknown>, { next: number }>) => {
        for (let step = ctx.checkpoint?.next ?? 0; step < 10; step++) {
          log.push([who, step]);
          await ctx.reportProgress(step + 1, 10, `step ${step + 1} of 10`, { next: step + 1 });
          if (hangAfter && step === hangAfter.step) await hangAfter.hang;
        }
        return { finishedBy: who };
      };
    }

    it('resumes a job from its checkpoint on another worker after the first one died mid-job', async () => {
      const kind = newKind();
      const portal = await seedPortal(t.db);
      const id = await enqueueJob(t.db, portal.id, kind);
      const steps: Array<[string, number]> = [];
      const hang = deferred();
      const crashing = createWorker({
        db: t.db,
        workerId: 'A',
        handlers: { [kind]: tenSteps(steps, 'A', { step: 4, hang: hang.promise }) },
        leaseMs: 1000,
        heartbeatMs: 50,
        stopTimeoutMs: 30,
      });
      const crashedRun = crashing.runOnce();
      await eventually(() => steps.some(([who, step]) => who === 'A' && step === 4));
      // "Kill": the handler never returns, the process stops renewing the lease, nothing is written.
      await crashing.stop();
      expect(await rowOf(portal.id, id)).toMatchObject({ state: 'running', locked_by: 'A', progress_done: 5 });

      const survivor = createWorker({ db: t.db, workerId: 'B', handlers: { [kind]: tenSteps(steps, 'B') }, leaseMs: 1000 });
      expect((await survivor.runOnce()).jobId).toBeNull(); // A's lease still holds
      await eventually(async () => (await survivor.runOnce()).jobId === id, 5000, 100);

      expect(steps.filter(([who]) => who === 'B').map(([, step]) => step)).toEqual([5, 6, 7, 8, 9]);
      const done = await findPortalJob(t.db, portal.id, id);
      expect(done).toMatchObject({ state: 'done', attempts: 2, result: { finishedBy: 'B' }, progress: { done: 10, total: 10, message: 'step 10 of 10' } });

      // The zombie wakes up: its next write is refused and changes nothing.
      hang.resolve();
      await crashedRun;
      expect(steps.filter(([who]) => who === 'A').map(([, step]) => step)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(await findPortalJob(t.db, portal.id, id)).toMatchObject({ state: 'done', result: { finishedBy: 'B' } });
    });

    it('gives up on a job whose workers died on every attempt', async () => {
      const kind = newKind();
      const portal = await seedPortal(t.db);
      const id = await enqueueJob(t.db, portal.id, kind, {}, { maxAttempts: 1 });
      const hang = deferred();
      const crashing = createWorker({ db: t.db, handlers: { [kind]: async () => hang.promise }, leaseMs: 200, heartbeatMs: 50, stopTimeoutMs: 20 });
      const crashedRun = crashing.runOnce();
      await eventually(async () => (await rowOf(portal.id, id)).state === 'running');
      await crashing.stop();

      const next = createWorker({ db: t.db, handlers: { [kind]: async () => 'never' }, leaseMs: 200 });
      await eventually(async () => (await next.runOnce()).jobId === id, 5000, 50);
      const failed = await findPortalJob(t.db, portal.id, id);
      expect(failed?.state).toBe('failed');
      expect(failed?.lastError).toMatch(/gave up after 1 attempts/);
      hang.resolve();
      await crashedRun;
    });

    it('on a graceful stop gives the job back with its checkpoint, not counting the attempt', async () => {
      const kind = newKind();
      const portal = await seedPortal(t.db);
      const id = await enqueueJob(t.db, portal.id, kind);
      const seen: number[] = [];
      const slowSteps: JobHandler = async (ctx: JobContext<Record<string, unknown>, { next: number }>) => {
        for (let step = ctx.checkpoint?.next ?? 0; step < 1000; step++) {
          ctx.signal.throwIfAborted();
          seen.push(step);
          await ctx.reportProgress(step + 1, 1000, null, { next: step + 1 });
          await new Promise((r) => setTimeout(r, 5));
        }
        return 'all';
      };
      const worker = createWorker({ db: t.db, handlers: { [kind]: slowSteps }, pollMs: 20 });
      worker.start();
      await eventually(() => seen.length >= 3);
      await worker.stop();

      const row = await rowOf(portal.id, id);
      expect(row).toMatchObject({ state: 'queued', attempts: 0, locked_by: null });
      const next = (typeof row.checkpoint === 'string' ? JSON.parse(row.checkpoint) : row.checkpoint).next as number;
      expect(next).toBe(seen.length);

      const resumedFrom: number[] = [];
      const again = createWorker({
        db: t.db,
        handlers: {
          [kind]: async (ctx: JobContext<Record<string, unknown>, { next: number }>) => {
            resumedFrom.push(ctx.checkpoint?.next ?? 0);
            return 'rest';
          },
        },
      });
      await again.runOnce();
      expect(resumedFrom).toEqual([next]);
      expect(await findPortalJob(t.db, portal.id, id)).toMatchObject({ state: 'done', attempts: 1 });
    });

    it('stops a running handler whose job was cancelled (uninstall) and writes nothing more', async () => {
      const kind = newKind();
      const portal = await seedPortal(t.db);
      const id = await enqueueJob(t.db, portal.id, kind);
      let reason: unknown;
      const worker = createWorker({
        db: t.db,
        heartbeatMs: 20,
        handlers: {
          [kind]: async (ctx) =>
            new Promise((_resolve, reject) =>
              ctx.signal.addEventListener('abort', () => {
                reason = ctx.signal.reason;
                reject(ctx.signal.reason);
              }),
            ),
        },
      });
      const run = worker.runOnce();
      await eventually(async () => (await rowOf(portal.id, id)).state === 'running');
      await cancelPortalJobs(t.db, portal.id, 'the app was uninstalled');
      await run;
      expect(reason).toBeInstanceOf(JobLostError);
      expect(await findPortalJob(t.db, portal.id, id)).toMatchObject({ state: 'cancelled', lastError: 'the app was uninstalled' });
    });
  });

  it('runs jobs with start() until stop(), and wakes up for new work', async () => {
    const kind = newKind();
    const portal = await seedPortal(t.db);
    const worker = createWorker({ db: t.db, handlers: { [kind]: async (ctx) => ({ echo: ctx.payload.n }) }, pollMs: 10_000 });
    worker.start();
    try {
      const id = await enqueueJob(t.db, portal.id, kind, { n: 7 });
      worker.wake();
      await eventually(async () => (await findPortalJob(t.db, portal.id, id))?.state === 'done');
      expect((await findPortalJob(t.db, portal.id, id))?.result).toEqual({ echo: 7 });
    } finally {
      await worker.stop();
    }
  });
});
