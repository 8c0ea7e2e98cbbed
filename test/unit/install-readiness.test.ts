import { installReadiness, NO_WORKER_AFTER_SECONDS, type ImportProgress } from '../../client/install-readiness';

/** When the install wizard lets the portal reload into the app: after the imports, or when nobody runs them. */
describe('install readiness', () => {
  const job = (kind: ImportProgress['kind'], state: ImportProgress['state'], idleSeconds = 0, done = 0, total: number | null = null): ImportProgress => ({ kind, state, done, total, idleSeconds });

  it('waits while an import runs, and reports the people imported so far', () => {
    expect(installReadiness([job('departments', 'done'), job('people', 'running', 0, 2550, 10048)])).toEqual({ ready: false, people: { done: 2550, total: 10048 } });
    // The gap between the two imports: departments just finished, people not claimed yet.
    expect(installReadiness([job('departments', 'done', 0), job('people', 'queued', NO_WORKER_AFTER_SECONDS + 9)]).ready).toBe(false);
  });

  it('is ready when every import is over, however it ended', () => {
    expect(installReadiness([job('departments', 'done', 3), job('people', 'failed', 0, 50, 10048)]).ready).toBe(true);
    expect(installReadiness([]).ready).toBe(true);
  });

  it('does not wait for imports no worker has touched for a while', () => {
    const queued = [job('departments', 'queued', NO_WORKER_AFTER_SECONDS), job('people', 'queued', NO_WORKER_AFTER_SECONDS)];
    expect(installReadiness(queued)).toEqual({ ready: true, people: { done: 0, total: null } });
    expect(installReadiness(queued.map((j) => ({ ...j, idleSeconds: NO_WORKER_AFTER_SECONDS - 1 }))).ready).toBe(false);
  });
});
