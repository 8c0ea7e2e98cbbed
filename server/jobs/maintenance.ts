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
 *   (Bitrix24 sends no event for them). It is due a day after the last full import, not on the
 *   first tick of a day: the install (and an admin's "Import now") just ran one, and a second
 *   pass of 10,000 people a minute later only spends the portal's rate limit.
 * The schedule lives in the database, not in a process: whichever process ticks first queues
 * the job, and its dedup key stops any other from queueing it again.
 */
export interface RecurringJob {
  kind: string;
  periodMs: number;
  payload?: Record<string, unknown>;
  /**
   * `calendar` (default): once in each period of the clock (cheap work, fine on the first tick).
   * `after-last`: a period after the last job with `dedupKey` ended (or, with none, after the
   * portal was installed); sharing the key with the jobs others queue keeps it from running twice.
   */
  due?: { after: 'calendar' } | { after: 'last'; dedupKey: string };
  /**
   * Only portals matching this SQL condition over `p` (the portals row) get the job, so work that
   * concerns few portals (e.g. those with linked workgroups) queues no empty jobs for the rest.
   */
  portalFilter?: string;
}

const DAY = 86_400_000;
export const RECURRING_JOBS: readonly RecurringJob[] = [
  { kind: JOB_KINDS.maintenance, periodMs: DAY },
  // The same key as install-setup.ts and enqueuePeopleImport: every full import counts as the last one.
  { kind: JOB_KINDS.importPeople, periodMs: DAY, due: { after: 'last', dedupKey: `${JOB_KINDS.importPeople}:all` } },
];

export const KEEP_FINISHED_DAYS = 30;

/** The dedup key of a recurring job in the period that contains `now`. */
export function periodKey(job: RecurringJob, now: number): string {
  return `${job.kind}:every-${job.periodMs}:${Math.floor(now / job.periodMs)}`;
}

/** Queues, for every active portal, each recurring job that is due at `now`. Returns how many were queued. */
export async function enqueueDueRecurringJobs(db: Knex, now = Date.now(), jobs: readonly RecurringJob[] = RECURRING_JOBS): Promise<number> {
  let queued = 0;
  for (const job of jobs) {
    const result = job.due?.after === 'last' ? await enqueueAfterLast(db, job, job.due.dedupKey, now) : await enqueueInPeriod(db, job, now);
    queued += result.rows.length;
  }
  return queued;
}

function enqueueInPeriod(db: Knex, job: RecurringJob, now: number) {
  const key = periodKey(job, now);
  return db.raw<{ rows: unknown[] }>(
    `INSERT INTO jobs (portal_id, kind, payload, dedup_key)
     SELECT p.id, ?, ?::jsonb, ? FROM portals p
     WHERE p.state = 'active' AND ${job.portalFilter ?? 'TRUE'}
       AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.portal_id = p.id AND j.dedup_key = ?)
     ON CONFLICT (portal_id, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running') DO NOTHING
     RETURNING id`,
    [job.kind, JSON.stringify(job.payload ?? {}), key, key],
  );
}

/** Due when the last job with `dedupKey` ended a period ago; an open one (queued, running) is never doubled. */
function enqueueAfterLast(db: Knex, job: RecurringJob, dedupKey: string, now: number) {
  const dueIfEndedBefore = new Date(now - job.periodMs).toISOString();
  return db.raw<{ rows: unknown[] }>(
    `INSERT INTO jobs (portal_id, kind, payload, dedup_key)
     SELECT p.id, ?, ?::jsonb, ? FROM portals p
     WHERE p.state = 'active' AND ${job.portalFilter ?? 'TRUE'}
       AND COALESCE(
         (SELECT max(COALESCE(j.finished_at, j.created_at)) FROM jobs j WHERE j.portal_id = p.id AND j.dedup_key = ?),
         p.installed_at,
         p.created_at
       ) <= ?::timestamptz
     ON CONFLICT (portal_id, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running') DO NOTHING
     RETURNING id`,
    [job.kind, JSON.stringify(job.payload ?? {}), dedupKey, dedupKey, dueIfEndedBefore],
  );
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

/** Ticks every `intervalMs` (default a minute) and queues what is due at `now()` (`jobs`: RECURRING_JOBS plus the areas' own); errors are logged, never thrown. */
export function createScheduler(deps: { db: Knex; log: JobLogger; intervalMs?: number; now?: () => number; jobs?: readonly RecurringJob[] }): Scheduler {
  const intervalMs = deps.intervalMs ?? 60_000;
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  const tick = async () => {
    try {
      return await enqueueDueRecurringJobs(deps.db, now(), deps.jobs ?? RECURRING_JOBS);
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
