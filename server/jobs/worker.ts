import crypto from 'node:crypto';
import os from 'node:os';
import type { Knex } from 'knex';
import { claimNextJob, completeJob, extendLease, failJob, releaseJob, saveProgress } from './job-lease';
import { retryDelayMs } from './retry-backoff';
import { BitrixError } from '../bitrix/bitrix-errors';
import { OAuthError } from '../bitrix/oauth-server';
import { onWorkerNudge } from './worker-nudge';
import {
  JobLostError,
  PermanentJobError,
  WorkerStoppingError,
  silentJobLogger,
  type Job,
  type JobContext,
  type JobHandler,
  type JobLogger,
} from './job-types';

export interface WorkerOptions {
  db: Knex;
  /** Job kind → handler. The worker claims only kinds it has a handler for. */
  handlers: Record<string, JobHandler>;
  workerId?: string;
  /** Idle wait between polls when there is nothing to do (default 1000 ms). */
  pollMs?: number;
  /** How long a claim holds without a heartbeat; a dead worker's job is reclaimed after it (default 60 s). */
  leaseMs?: number;
  /** Heartbeat period (default a third of the lease). */
  heartbeatMs?: number;
  /** Jobs run at the same time by this worker, each of a different portal (default 2). */
  concurrency?: number;
  log?: JobLogger;
  /** Delay before attempt n+1 after attempt n failed (default retry-backoff.ts). */
  backoffMs?: (attempt: number) => number;
  /** Errors that no retry can cure (besides PermanentJobError): the job fails at once. */
  isPermanentError?: (error: unknown) => boolean;
  /** How long stop() waits for running handlers to give their jobs back (default 8 s). */
  stopTimeoutMs?: number;
  /** Processes due inbox events; returns how many (events-inbox.ts). Runs on its own loop. */
  pollInbox?: () => Promise<number>;
}

export interface Worker {
  readonly id: string;
  /** Starts the polling loops (jobs, and the inbox when given). */
  start(): void;
  /**
   * Graceful stop: no new claims; running handlers are aborted (signal) and their jobs go back
   * to the queue with their checkpoint. A handler that does not return within stopTimeoutMs is
   * abandoned: its heartbeat stops and its lease runs out, so another worker resumes the job.
   */
  stop(): Promise<void>;
  /** One round, for tests and scripts: due inbox events, then at most one job, run to its end. */
  runOnce(): Promise<{ events: number; jobId: number | null }>;
  /** Ends an idle wait now (new work was stored). */
  wake(): void;
}

interface ActiveRun {
  job: Job;
  controller: AbortController;
  heartbeat: NodeJS.Timeout;
  finished: Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * What a job's stored error (shown by /api/jobs to the people following it) may say: the message
 * of errors meant to be read (Bitrix24's answer, a refused OAuth grant, a job's own verdict);
 * anything else (a database or programming error) says only that the log has the details.
 */
export function publicJobError(error: unknown): string {
  if (error instanceof BitrixError || error instanceof OAuthError || error instanceof PermanentJobError) return describe(error);
  return 'An unexpected error stopped this job; the details are in the server log.';
}

/**
 * A worker on our own PostgreSQL queue (the `jobs` table): claims with SKIP LOCKED, one running
 * job per portal (Bitrix24 limits each portal, so a portal's jobs take turns), a heartbeated
 * lease so a killed process's job is resumed elsewhere from its checkpoint, and retries with
 * back-off until max_attempts.
 */
export function createWorker(options: WorkerOptions): Worker {
  const { db, handlers } = options;
  const id = options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(10, Math.floor(leaseMs / 3));
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const log = options.log ?? silentJobLogger;
  const backoff = options.backoffMs ?? ((attempt: number) => retryDelayMs(attempt));
  const isPermanent = (error: unknown) => error instanceof PermanentJobError || (options.isPermanentError?.(error) ?? false);
  const stopTimeoutMs = options.stopTimeoutMs ?? 8000;
  const kinds = Object.keys(handlers);

  const active = new Map<number, ActiveRun>();
  const idleWakers = new Set<() => void>();
  let loops: Array<Promise<void>> = [];
  let stopping = false;
  let unsubscribe: (() => void) | null = null;

  const wake = () => {
    for (const waker of [...idleWakers]) waker();
  };
  const idle = (waitMs: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        idleWakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      idleWakers.add(done);
    });

  async function settle(job: Job, controller: AbortController, run: () => Promise<unknown>): Promise<void> {
    const reason = () => (controller.signal.aborted ? (controller.signal.reason as unknown) : undefined);
    try {
      const result = await run();
      if (reason() instanceof JobLostError) return;
      if (!(await completeJob(db, job, id, result))) log.warn({ jobId: job.id, kind: job.kind }, 'job finished after this worker lost it; result dropped');
      else log.info({ jobId: job.id, kind: job.kind, portalId: job.portalId }, 'job done');
    } catch (error) {
      if (error instanceof JobLostError || reason() instanceof JobLostError) {
        log.warn({ jobId: job.id, kind: job.kind }, 'job lost (cancelled, portal removed or lease expired); stopped');
        return;
      }
      if (reason() instanceof WorkerStoppingError) {
        await releaseJob(db, job, id);
        log.info({ jobId: job.id, kind: job.kind }, 'job given back to the queue: worker stopping');
        return;
      }
      const retryIn = !isPermanent(error) && job.attempts < job.maxAttempts ? backoff(job.attempts) : null;
      await failJob(db, job, id, publicJobError(error), retryIn);
      const fields = { jobId: job.id, kind: job.kind, portalId: job.portalId, attempt: job.attempts, reason: describe(error) };
      if (retryIn === null) log.error(fields, 'job failed');
      else log.warn({ ...fields, retryInMs: retryIn }, 'job attempt failed; will retry');
    }
  }

  async function runJob(job: Job): Promise<void> {
    const controller = new AbortController();
    const lose = () => {
      if (!controller.signal.aborted) controller.abort(new JobLostError(job.id));
    };
    const heartbeat = setInterval(() => {
      extendLease(db, job, id, leaseMs)
        .then((ok) => ok || lose())
        .catch((error) => log.warn({ jobId: job.id, reason: describe(error) }, 'job heartbeat failed'));
    }, heartbeatMs);
    heartbeat.unref();

    const ctx: JobContext = {
      job,
      portalId: job.portalId,
      payload: job.payload,
      checkpoint: job.checkpoint ?? null,
      db,
      signal: controller.signal,
      log,
      async saveStep(work, progress) {
        if (controller.signal.reason instanceof JobLostError) throw controller.signal.reason;
        try {
          await db.transaction(async (trx) => {
            await work(trx);
            if (!(await saveProgress(trx, job, id, leaseMs, progress))) throw new JobLostError(job.id);
          });
        } catch (error) {
          if (error instanceof JobLostError) lose();
          throw error;
        }
        // A request that queued for the connection meanwhile (a launch, on PGlite) runs before the next step.
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
      async reportProgress(done, total, message, checkpoint) {
        if (controller.signal.reason instanceof JobLostError) throw controller.signal.reason;
        if (!(await saveProgress(db, job, id, leaseMs, { done, total, message, checkpoint }))) {
          lose();
          throw new JobLostError(job.id);
        }
      },
    };

    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    active.set(job.id, { job, controller, heartbeat, finished });
    try {
      const handler = handlers[job.kind];
      if (job.attempts > job.maxAttempts) {
        // Reclaimed after its workers died on every attempt: a job that kills its process must stop somewhere.
        await failJob(db, job, id, `${job.lastError ?? 'its worker stopped while running it'} (gave up after ${job.maxAttempts} attempts)`, null);
        return;
      }
      log.info({ jobId: job.id, kind: job.kind, portalId: job.portalId, attempt: job.attempts, resumed: job.checkpoint !== null }, 'job started');
      await settle(job, controller, () => (handler ? handler(ctx) : Promise.reject(new PermanentJobError(`no handler for ${job.kind}`))));
    } finally {
      clearInterval(heartbeat);
      active.delete(job.id);
      finish();
    }
  }

  async function jobLoop(): Promise<void> {
    while (!stopping) {
      let worked = false;
      try {
        const job = await claimNextJob(db, id, kinds, leaseMs);
        if (job && stopping) {
          await releaseJob(db, job, id);
        } else if (job) {
          await runJob(job);
          worked = true;
        }
      } catch (error) {
        log.error({ reason: describe(error) }, 'worker: claiming or finishing a job failed');
      }
      if (!worked && !stopping) await idle(pollMs);
    }
  }

  async function inboxLoop(pollInbox: () => Promise<number>): Promise<void> {
    while (!stopping) {
      let processed = 0;
      try {
        processed = await pollInbox();
      } catch (error) {
        log.error({ reason: describe(error) }, 'worker: processing the event inbox failed');
      }
      if (processed === 0 && !stopping) await idle(pollMs);
    }
  }

  return {
    id,
    wake,
    start() {
      if (loops.length > 0) return;
      stopping = false;
      unsubscribe = onWorkerNudge(wake);
      loops = Array.from({ length: concurrency }, () => jobLoop());
      if (options.pollInbox) loops.push(inboxLoop(options.pollInbox));
      log.info({ workerId: id, concurrency, kinds }, 'worker started');
    },
    async stop() {
      stopping = true;
      unsubscribe?.();
      unsubscribe = null;
      wake();
      for (const run of active.values()) run.controller.abort(new WorkerStoppingError());
      const everything = Promise.all([...loops, ...[...active.values()].map((run) => run.finished)]);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        everything.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), stopTimeoutMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        // Like a killed process: stop renewing; the lease runs out and another worker resumes the job.
        for (const run of active.values()) clearInterval(run.heartbeat);
        log.warn({ workerId: id, jobs: [...active.keys()] }, 'worker stopped with handlers still running; their jobs resume after the lease');
      }
      loops = [];
    },
    async runOnce() {
      const events = options.pollInbox ? await options.pollInbox() : 0;
      const job = await claimNextJob(db, id, kinds, leaseMs);
      if (job) await runJob(job);
      return { events, jobId: job?.id ?? null };
    },
  };
}
