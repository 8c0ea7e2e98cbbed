/**
 * When the install wizard may finish (installFinish: the portal reloads into the app). The app's
 * first screens need the portal's structure and people, and a launch while a big import writes is
 * slower, so the wizard shows the imports' progress and finishes when they are over. It does not
 * wait for imports nobody runs: queued, nothing running and nothing changed for a few seconds
 * means no worker is on them now (they run later, and the app shows them waiting).
 */
export interface ImportProgress {
  kind: 'departments' | 'people';
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number | null;
  idleSeconds: number;
}

export const NO_WORKER_AFTER_SECONDS = 5;

export interface Readiness {
  ready: boolean;
  /** People imported so far, and of how many (null until the first page said). */
  people: { done: number; total: number | null } | null;
}

export function installReadiness(imports: readonly ImportProgress[]): Readiness {
  const people = imports.find((i) => i.kind === 'people');
  const open = imports.filter((i) => i.state === 'queued' || i.state === 'running');
  const stalled = open.every((i) => i.state === 'queued') && imports.every((i) => i.idleSeconds >= NO_WORKER_AFTER_SECONDS);
  return { ready: open.length === 0 || stalled, people: people ? { done: people.done, total: people.total } : null };
}
