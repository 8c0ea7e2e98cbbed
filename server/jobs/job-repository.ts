import type { Knex } from 'knex';
import type { Job, JobState } from './job-types';

export interface JobRow {
  portal_id: string;
  id: number | string;
  kind: string;
  payload: unknown;
  state: JobState;
  progress_done: number;
  progress_total: number | null;
  progress_message: string | null;
  checkpoint: unknown;
  result: unknown;
  attempts: number;
  max_attempts: number;
  run_at: Date | string;
  locked_by: string | null;
  locked_until: Date | string | null;
  last_error: string | null;
  dedup_key: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  finished_at: Date | string | null;
}

const date = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const dateOrNull = (value: Date | string | null) => (value === null ? null : date(value));

export function toJob(row: JobRow): Job {
  return {
    id: Number(row.id),
    portalId: row.portal_id,
    kind: row.kind,
    // Both drivers (pg, PGlite) parse jsonb; a string here is a JSON string value, not JSON text.
    payload: (row.payload ?? {}) as Record<string, unknown>,
    state: row.state,
    progress: { done: row.progress_done, total: row.progress_total, message: row.progress_message },
    checkpoint: row.checkpoint ?? null,
    result: row.result ?? null,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: date(row.run_at),
    lockedBy: row.locked_by,
    lockedUntil: dateOrNull(row.locked_until),
    lastError: row.last_error,
    dedupKey: row.dedup_key,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    finishedAt: dateOrNull(row.finished_at),
  };
}

export interface EnqueueOptions {
  /** While a job with this key is queued or running for the portal, enqueueing returns that job. */
  dedupKey?: string;
  /** Not before this moment (default: now). */
  runAt?: Date;
  /** Runs before the job fails for good (default 5). */
  maxAttempts?: number;
}

/**
 * Queues a job for a portal and returns its id. With a dedupKey, an open (queued or running)
 * job with the same key is returned instead of a new one (index jobs_dedup_open). Pass the
 * transaction when queueing as part of a larger change, so the job exists only if it commits.
 */
export async function enqueueJob(db: Knex, portalId: string, kind: string, payload: Record<string, unknown> = {}, options: EnqueueOptions = {}): Promise<number> {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  const dedupKey = options.dedupKey ?? null;
  // The open copy may finish between our insert and our look-up; then the insert succeeds next time.
  for (let round = 0; round < 3; round++) {
    const inserted = await db.raw<{ rows: Array<{ id: number | string }> }>(
      `INSERT INTO jobs (portal_id, kind, payload, dedup_key, run_at, max_attempts)
       VALUES (?, ?, ?::jsonb, ?, COALESCE(?::timestamptz, now()), ?)
       ON CONFLICT (portal_id, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running') DO NOTHING
       RETURNING id`,
      [portalId, kind, JSON.stringify(payload), dedupKey, options.runAt ?? null, maxAttempts],
    );
    const id = inserted.rows[0]?.id;
    if (id !== undefined) return Number(id);
    const open = await db('jobs')
      .where({ portal_id: portalId, dedup_key: dedupKey })
      .whereIn('state', ['queued', 'running'])
      .first<{ id: number | string } | undefined>('id');
    if (open) return Number(open.id);
  }
  throw new Error(`could not enqueue ${kind}: its dedup key ${dedupKey} stays taken`);
}

/** A job of this portal, or null (another portal's job is as invisible as a missing one). */
export async function findPortalJob(db: Knex, portalId: string, jobId: number): Promise<Job | null> {
  const row = await db<JobRow>('jobs').where({ portal_id: portalId, id: jobId }).first();
  return row ? toJob(row) : null;
}

export async function listPortalJobs(db: Knex, portalId: string, filter: { kind?: string; state?: JobState; limit?: number } = {}): Promise<Job[]> {
  const query = db<JobRow>('jobs').where({ portal_id: portalId });
  if (filter.kind) query.andWhere({ kind: filter.kind });
  if (filter.state) query.andWhere({ state: filter.state });
  const rows = await query.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(filter.limit ?? 50);
  return rows.map(toJob);
}

/**
 * Cancels every open job of a portal (at uninstall). A worker running one of them notices at its
 * next heartbeat or progress report and stops.
 */
export async function cancelPortalJobs(db: Knex, portalId: string, reason: string): Promise<number> {
  return db('jobs')
    .where({ portal_id: portalId })
    .whereIn('state', ['queued', 'running'])
    .update({ state: 'cancelled', last_error: reason, locked_by: null, locked_until: null, finished_at: db.fn.now(), updated_at: db.fn.now() });
}
