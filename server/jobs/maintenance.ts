import type { Knex } from 'knex';
import { pruneRequestLog } from '../bitrix/request-log';
import { JOB_KINDS } from './job-kinds';
import type { JobContext, JobHandler, JobLogger } from './job-types';

/**
 * Work every active portal needs on a schedule, queued as ordinary jobs so it takes its turn
 * with the portal's other jobs, survives restarts and shows in /api/jobs:
 * - `maintenance` (daily): drop REST log rows past the Market's 3 days, processed events and
 *   finished jobs past 30 days;
 * - `import-people` (daily): a full user.get pass, which is how deactivated users are found
 *   (Bitrix24 sends no event for them).
 * The schedule lives in the database, not in a process: whichever process ticks first queues
 * the period's job, and the period in its dedup key stops any other from queueing it again.
 */
export interface RecurringJob {
  kind: string;
  periodMs: number;
  payload?: Record<string, unknown>;
}

const DAY = 86_400_000;
export const RECURRING_JOBS: readonly RecurringJob[] = [
  { kind: JOB_KINDS.maintenance, periodMs: DAY },
  { kind: JOB_KINDS.importPeople, periodMs: DAY },
];

export const KEEP_FINISHED_DAYS = 30;

/** The dedup key of a recurring job in the period that contains `now`. */
export function periodKey(job: RecurringJob, now: number): string {
  return `${job.kind}:every-${job.periodMs}:${Math.floor(now / job.periodMs)}`;
}

/** Queues, for every active portal, each recurring job not yet queued in the current period. Returns how many were queued. */
export async function enqueueDueRecurringJobs(db: Knex, now = Date.now(), jobs: readonly RecurringJob[] = RECURRING_JOBS): Promise<number> {
  let queued = 0;
  for (const job of jobs) {
    const key = periodKey(job, now);
    const result = await db.raw<{ rows: unknown[] }>(
      `INSERT INTO jobs (portal_id, kind, payload, dedup_key)
       SELECT p.id, ?, ?::jsonb, ? FROM portals p
       WHERE p.state = 'active'
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.portal_id = p.id AND j.dedup_key = ?)
       ON CONFLICT (portal_id, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running') DO NOTHING
       RETURNING id`,
      [job.kind, JSON.stringify(job.payload ?? {}), key, key],
    );
    queued += result.rows.length;
  }
  return queued;
}

async function pruneOlderThan(db: Knex, table: 'event_inbox' | 'jobs', portalId: string, column: string, cutoff: Date, extra?: (q: Knex.QueryBuilder) => void): Promise<number> {
  const query = db(table).where({ portal_id: portalId }).andWhere(column, '<', cutoff);
  extra?.(query);
  return (await query.delete().returning('id')).length;
}

/** The `maintenance` job: one portal's housekeeping. The REST log is kept `restLogDays` (the Market asks for at least 3). */
export function maintenanceHandler(options: { restLogDays: number }): JobHandler {
  return async (ctx: JobContext) => {
    const cutoff = new Date(Date.now() - KEEP_FINISHED_DAYS * DAY);
    const requestLog = await pruneRequestLog(ctx.db, ctx.portalId, options.restLogDays);
    const events = await pruneOlderThan(ctx.db, 'event_inbox', ctx.portalId, 'processed_at', cutoff);
    const jobs = await pruneOlderThan(ctx.db, 'jobs', ctx.portalId, 'finished_at', cutoff, (q) => q.whereIn('state', ['done', 'failed', 'cancelled']));
    await ctx.reportProgress(1, 1, 'done');
    return { requestLog, events, jobs };
  };
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** One tick, for tests and for the first run at start. */
  tick(): Promise<number>;
}

/** Ticks every `intervalMs` (default a minute) and queues what is due; errors are logged, never thrown. */
export function createScheduler(deps: { db: Knex; log: JobLogger; intervalMs?: number }): Scheduler {
  const intervalMs = deps.intervalMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  const tick = async () => {
    try {
      return await enqueueDueRecurringJobs(deps.db);
    } catch (error) {
      deps.log.error({ err: error }, 'scheduler: could not queue recurring jobs');
      return 0;
    }
  };
  return {
    tick,
    start() {
      if (timer) return;
      running = tick();
      timer = setInterval(() => {
        if (!running) running = tick().finally(() => (running = null));
      }, intervalMs);
      timer.unref();
      void running.finally(() => (running = null));
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
