import type { Knex } from 'knex';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

/** A row of `jobs`, as the queue and the API read it. */
export interface Job {
  id: number;
  portalId: string;
  kind: string;
  payload: Record<string, unknown>;
  state: JobState;
  progress: { done: number; total: number | null; message: string | null };
  /** Where a resumed run picks up; written together with the progress. */
  checkpoint: unknown;
  result: unknown;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedBy: string | null;
  lockedUntil: Date | null;
  lastError: string | null;
  dedupKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** The subset of a pino logger the queue writes to. */
export interface JobLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

export const silentJobLogger: JobLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** What a handler gets for one run of one job. */
export interface JobContext<Payload = Record<string, unknown>, Checkpoint = unknown> {
  job: Job;
  portalId: string;
  payload: Payload;
  /** The checkpoint the last run saved (null on the first run): continue from there. */
  checkpoint: Checkpoint | null;
  /**
   * Saves progress (shown by GET /api/jobs/:id) and, when given, the checkpoint a resumed run
   * starts from; also extends the lease. Throws JobLostError when this worker no longer owns
   * the job (cancelled, portal removed, or reclaimed after the lease ran out).
   */
  reportProgress(done: number, total?: number | null, message?: string | null, checkpoint?: Checkpoint): Promise<void>;
  /**
   * One short step of a long job: `work` writes with the transaction it is given, and the progress
   * and checkpoint are saved in the same transaction, so a resumed run starts exactly after the
   * last step that committed. Keep steps small (a few hundred rows): on the embedded database the
   * one connection is the job's for the whole step, and a person's request waits for it. After
   * the commit, what waited for the database goes first. Throws JobLostError (nothing written)
   * when this worker no longer owns the job.
   */
  saveStep(work: (trx: Knex.Transaction) => Promise<void>, progress: { done: number; total?: number | null; message?: string | null; checkpoint?: Checkpoint }): Promise<void>;
  db: Knex;
  /** Aborted when the worker stops or loses the job: finish the current step and throw `signal.reason`. */
  signal: AbortSignal;
  log: JobLogger;
}

/** Runs one job; what it returns is stored as the job's result (JSON). */
export type JobHandler = (ctx: JobContext<any, any>) => Promise<unknown>;

/** The worker no longer owns the job; whatever the handler does next is not recorded. */
export class JobLostError extends Error {
  constructor(readonly jobId: number) {
    super(`job ${jobId} is no longer owned by this worker`);
    this.name = 'JobLostError';
  }
}

/** Thrown by a handler when retrying cannot help (bad payload, portal gone): the job fails at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** The reason a stopping worker aborts its handlers with: the job goes back to the queue, not counted as an attempt. */
export class WorkerStoppingError extends Error {
  constructor() {
    super('the worker is stopping');
    this.name = 'WorkerStoppingError';
  }
}
