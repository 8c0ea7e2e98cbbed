import { ApiError } from '../../client/api';
import { JOB_POLL_MAX_FAILURES, describeJob, isJobFinished, shouldRetryPoll, type JobView } from '../../client/jobs';
import { openImport } from '../../client/pages/settings/people-directory';

function job(fields: Partial<JobView> & { done?: number; total?: number | null }): JobView {
  const { done = 0, total = null, ...rest } = fields;
  return {
    id: 1,
    kind: 'import-people',
    state: 'running',
    progress: { done, total, message: null },
    attempts: 1,
    createdAt: '2025-05-01T10:00:00.000Z',
    finishedAt: null,
    ...rest,
  };
}

describe('what a job means on screen (client/jobs.ts)', () => {
  it('waits while queued, and says a retry is pending when the last attempt failed', () => {
    expect(describeJob(job({ state: 'queued' }))).toEqual({ phase: 'waiting', done: 0, total: null, percent: null });
    expect(describeJob(job({ state: 'queued', error: 'QUERY_LIMIT_EXCEEDED', done: 50, total: 68 }))).toEqual({ phase: 'retrying', done: 50, total: 68, percent: 73 });
  });

  it('fills the bar by done / total, rounding down, never past 100', () => {
    expect(describeJob(job({ done: 0, total: 68 })).percent).toBe(0);
    expect(describeJob(job({ done: 34, total: 68 })).percent).toBe(50);
    expect(describeJob(job({ done: 67, total: 68 })).percent).toBe(98);
    // A total that grew past its first estimate: the count is the total
    expect(describeJob(job({ done: 70, total: 68 }))).toEqual({ phase: 'running', done: 70, total: 70, percent: 100 });
  });

  it('has no scale while nothing is counted (no total, or a total of 0)', () => {
    expect(describeJob(job({ done: 0, total: null })).percent).toBeNull();
    expect(describeJob(job({ done: 0, total: 0 })).percent).toBeNull();
    expect(describeJob(job({ done: 12, total: null }))).toEqual({ phase: 'running', done: 12, total: null, percent: null });
  });

  it('is full when done, and shows where a failed or cancelled job stopped', () => {
    expect(describeJob(job({ state: 'done', done: 68, total: 68 }))).toEqual({ phase: 'done', done: 68, total: 68, percent: 100 });
    expect(describeJob(job({ state: 'done', done: 5, total: null }))).toEqual({ phase: 'done', done: 5, total: 5, percent: 100 });
    expect(describeJob(job({ state: 'failed', done: 17, total: 68, error: 'boom' }))).toEqual({ phase: 'failed', done: 17, total: 68, percent: 25 });
    expect(describeJob(job({ state: 'cancelled' })).percent).toBe(0);
  });

  it('stops polling at done, failed and cancelled only', () => {
    expect(['queued', 'running', 'done', 'failed', 'cancelled'].filter((s) => isJobFinished(s as JobView['state']))).toEqual(['done', 'failed', 'cancelled']);
  });

  it('polls again after a hiccup, but not for a job that is gone or forbidden, nor forever', () => {
    expect(shouldRetryPoll(new ApiError(0, 'NETWORK', 'Failed to fetch'), 1)).toBe(true);
    expect(shouldRetryPoll(new ApiError(503, 'HTTP_503', 'Service Unavailable'), 2)).toBe(true);
    expect(shouldRetryPoll(new ApiError(503, 'HTTP_503', 'Service Unavailable'), JOB_POLL_MAX_FAILURES)).toBe(false);
    expect(shouldRetryPoll(new ApiError(404, 'JOB_NOT_FOUND', 'There is no such job.'), 1)).toBe(false);
    expect(shouldRetryPoll(new ApiError(401, 'SESSION_INVALID', 'no'), 1)).toBe(false);
  });
});

describe('the people directory card (client/pages/settings/people-directory.tsx)', () => {
  it('on arrival follows the running import, else the oldest queued one', () => {
    expect(openImport([job({ id: 5, state: 'queued' }), job({ id: 4, state: 'running' })])?.id).toBe(4);
    expect(openImport([job({ id: 6, state: 'queued' }), job({ id: 5, state: 'queued' }), job({ id: 2, state: 'done' })])?.id).toBe(5);
    expect(openImport([job({ id: 2, state: 'done' })])).toBeNull();
  });
});
