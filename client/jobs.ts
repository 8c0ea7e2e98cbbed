import { useEffect, useState } from 'preact/hooks';
import { ApiError, type ApiClient } from './api';

/**
 * Long work on the server (imports, syncs) runs as jobs; the client follows one by polling
 * GET /api/jobs/:id. The pure part (what a job means for the screen) is separate from the hook so
 * it can be tested without a browser.
 */
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** What GET /api/jobs/:id answers (server/jobs/job-routes.ts). */
export interface JobView {
  id: number;
  kind: string;
  state: JobState;
  progress: { done: number; total: number | null; message: string | null };
  /** The last attempt's error: while queued it means a retry is pending. Never set once done. */
  error?: string;
  attempts: number;
  createdAt: string;
  finishedAt: string | null;
}

export const JOB_POLL_MS = 700;
/** Failed polls in a row (network, server hiccup) before the hook gives up and says so. */
export const JOB_POLL_MAX_FAILURES = 5;

export function isJobFinished(state: JobState): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled';
}

/** How a job looks on screen: a phase, the counts, and the bar's fill (null: not known yet). */
export interface JobDisplay {
  phase: 'waiting' | 'retrying' | 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  /** The total when known; at least `done`. */
  total: number | null;
  /** 0–100, or null when the bar cannot be drawn to scale (nothing counted yet). */
  percent: number | null;
}

export function describeJob(job: Pick<JobView, 'state' | 'progress' | 'error'>): JobDisplay {
  const done = Math.max(0, job.progress.done);
  const total = job.progress.total === null ? null : Math.max(job.progress.total, done);
  const phase: JobDisplay['phase'] =
    job.state === 'queued' ? (job.error ? 'retrying' : 'waiting') : job.state === 'running' ? 'running' : job.state;
  let percent: number | null;
  if (phase === 'done') percent = 100;
  else if (total === null || total === 0) percent = phase === 'failed' || phase === 'cancelled' ? 0 : null;
  else percent = Math.min(100, Math.floor((done / total) * 100));
  return { phase, done, total: phase === 'done' && total === null ? done : total, percent };
}

/** A poll that failed: retry it (a hiccup) or stop and say so. */
export function shouldRetryPoll(error: unknown, failuresInARow: number): boolean {
  // The job is gone (another portal's or removed with its portal) or we may not see it: asking again will not help.
  if (error instanceof ApiError && (error.status === 404 || error.status === 403 || error.status === 401)) return false;
  return failuresInARow < JOB_POLL_MAX_FAILURES;
}

export interface JobProgress {
  /** The latest answer for the job (null until the first one). */
  job: JobView | null;
  /** Following stopped because the job could not be read. */
  error: unknown;
  /** Still polling. */
  polling: boolean;
}

/**
 * Follows a job: reads it at once, then every `intervalMs` after each answer (never two requests
 * at once), until it is done, failed or cancelled, the id changes, or the component unmounts.
 * `jobId` null: follows nothing.
 */
export function useJobProgress(api: ApiClient, jobId: number | null, intervalMs = JOB_POLL_MS): JobProgress {
  const [state, setState] = useState<JobProgress & { forId: number | null }>({ forId: jobId, job: null, error: null, polling: jobId !== null });

  useEffect(() => {
    if (jobId === null) {
      setState({ forId: null, job: null, error: null, polling: false });
      return undefined;
    }
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    setState({ forId: jobId, job: null, error: null, polling: true });

    const poll = async () => {
      try {
        const job = await api.get<JobView>(`/api/jobs/${jobId}`);
        if (!live) return;
        failures = 0;
        const finished = isJobFinished(job.state);
        setState({ forId: jobId, job, error: null, polling: !finished });
        if (!finished) timer = setTimeout(poll, intervalMs);
      } catch (error) {
        if (!live) return;
        failures += 1;
        if (shouldRetryPoll(error, failures)) timer = setTimeout(poll, intervalMs);
        else setState((prev) => ({ ...prev, error, polling: false }));
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, jobId, intervalMs]);

  // Until the effect has run for a new id, the state still describes the previous one.
  if (state.forId !== jobId) return { job: null, error: null, polling: jobId !== null };
  return { job: state.job, error: state.error, polling: state.polling };
}
