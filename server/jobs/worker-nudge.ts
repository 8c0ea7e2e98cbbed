/**
 * An in-process "there is new work" signal, so a stored event or a new job is picked up at once
 * instead of at the next poll. Workers in other processes still find it by polling.
 */
const listeners = new Set<() => void>();

export function nudgeWorkers(): void {
  for (const listener of listeners) listener();
}

/** Subscribes; returns the unsubscribe function. */
export function onWorkerNudge(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
