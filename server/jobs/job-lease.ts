import type { Knex } from 'knex';
import type { Job } from './job-types';
import { toJob, type JobRow } from './job-repository';

/**
 * The queue's state changes, each one statement that names the worker holding the lease, so a
 * worker that lost its job (lease expired and reclaimed, job cancelled, portal deleted) changes
 * nothing: it learns from a zero row count. Time is always the database's `now()`, so workers
 * on different machines agree on when a lease ran out.
 */

const UNIQUE_VIOLATION = '23505';
const ONE_RUNNING_INDEX = 'jobs_one_running_per_portal';
const ms = (value: number) => Math.max(0, Math.round(value));

function isOneRunningViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  return e?.code === UNIQUE_VIOLATION && (e.constraint === ONE_RUNNING_INDEX || String(e.message ?? '').includes(ONE_RUNNING_INDEX));
}

/**
 * Claims the oldest due job of one of `kinds` whose portal runs nothing else, or a running job
 * whose lease ran out (its worker died: it is resumed first, from its checkpoint). Rows other
 * workers are claiming are skipped (SKIP LOCKED). Two workers may still pick two jobs of the same
 * portal at once (neither sees the other's uncommitted claim); the partial unique index
 * jobs_one_running_per_portal lets only one through, and the other simply tries again.
 */
export async function claimNextJob(db: Knex, workerId: string, kinds: readonly string[], leaseMs: number): Promise<Job | null> {
  if (kinds.length === 0) return null;
  for (let round = 0; round < 5; round++) {
    try {
      const answer = await db.raw<{ rows: JobRow[] }>(
        `WITH candidate AS MATERIALIZED (
           SELECT j.portal_id, j.id
             FROM jobs j
            WHERE j.kind = ANY(?::text[])
              AND ((j.state = 'queued' AND j.run_at <= now()) OR (j.state = 'running' AND j.locked_until < now()))
              AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.portal_id = j.portal_id AND r.state = 'running' AND r.id <> j.id)
            ORDER BY (j.state = 'running') DESC, j.run_at, j.id
            LIMIT 1
              FOR UPDATE OF j SKIP LOCKED
         )
         UPDATE jobs
            SET state = 'running', locked_by = ?, locked_until = now() + ? * interval '1 millisecond',
                attempts = jobs.attempts + 1, updated_at = now()
           FROM candidate
          WHERE jobs.portal_id = candidate.portal_id AND jobs.id = candidate.id
      RETURNING jobs.*`,
        [[...kinds], workerId, ms(leaseMs)],
      );
      const row = answer.rows[0];
      return row ? toJob(row) : null;
    } catch (error) {
      if (!isOneRunningViolation(error)) throw error;
    }
  }
  return null;
}

const owned = (db: Knex, job: Pick<Job, 'portalId' | 'id'>, workerId: string) =>
  db('jobs').where({ portal_id: job.portalId, id: job.id, state: 'running', locked_by: workerId });

/** Extends the lease; false when the job is no longer this worker's. */
export async function extendLease(db: Knex, job: Job, workerId: string, leaseMs: number): Promise<boolean> {
  const count = await owned(db, job, workerId).update({ locked_until: db.raw(`now() + ? * interval '1 millisecond'`, [ms(leaseMs)]) });
  return count > 0;
}

export interface ProgressUpdate {
  done: number;
  total?: number | null;
  message?: string | null;
  checkpoint?: unknown;
}

/** Saves progress (and the checkpoint, when given) and extends the lease; false when the job is lost. */
export async function saveProgress(db: Knex, job: Job, workerId: string, leaseMs: number, update: ProgressUpdate): Promise<boolean> {
  const values: Record<string, unknown> = {
    progress_done: Math.max(0, Math.floor(update.done)),
    locked_until: db.raw(`now() + ? * interval '1 millisecond'`, [ms(leaseMs)]),
    updated_at: db.fn.now(),
  };
  if (update.total !== undefined) values.progress_total = update.total === null ? null : Math.max(0, Math.floor(update.total));
  if (update.message !== undefined) values.progress_message = update.message === null ? null : update.message.slice(0, 500);
  if (update.checkpoint !== undefined) values.checkpoint = JSON.stringify(update.checkpoint);
  const count = await owned(db, job, workerId).update(values);
  return count > 0;
}

export async function completeJob(db: Knex, job: Job, workerId: string, result: unknown): Promise<boolean> {
  const count = await owned(db, job, workerId).update({
    state: 'done',
    result: result === undefined ? null : JSON.stringify(result),
    last_error: null,
    locked_by: null,
    locked_until: null,
    finished_at: db.fn.now(),
    updated_at: db.fn.now(),
  });
  return count > 0;
}

/** A failed run: queued again after `retryInMs`, or failed for good when `retryInMs` is null. The checkpoint stays. */
export async function failJob(db: Knex, job: Job, workerId: string, message: string, retryInMs: number | null): Promise<boolean> {
  const common = { last_error: message.slice(0, 2000), locked_by: null, locked_until: null, updated_at: db.fn.now() };
  const values =
    retryInMs === null
      ? { ...common, state: 'failed', finished_at: db.fn.now() }
      : { ...common, state: 'queued', run_at: db.raw(`now() + ? * interval '1 millisecond'`, [ms(retryInMs)]) };
  const count = await owned(db, job, workerId).update(values);
  return count > 0;
}

/** Gives a job back untouched (the worker is stopping): due at once, and this run is not counted as an attempt. */
export async function releaseJob(db: Knex, job: Job, workerId: string): Promise<boolean> {
  const count = await owned(db, job, workerId).update({
    state: 'queued',
    run_at: db.fn.now(),
    attempts: db.raw('GREATEST(attempts - 1, 0)'),
    locked_by: null,
    locked_until: null,
    updated_at: db.fn.now(),
  });
  return count > 0;
}
