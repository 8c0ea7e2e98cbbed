/**
 * A clock that moves only when a test says so, for code that takes `{ now, sleep }` (the local
 * portal's `clock`): `advance(ms)` moves it on; `sleep(ms)` does not wait, it records the wait and
 * moves the clock on by it. So no test depends on how fast the machine is.
 */
export interface ManualClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  advance(ms: number): void;
  /** Every wait asked of `sleep`, in order. */
  readonly sleeps: number[];
}

export function manualClock(start = Date.parse('2026-01-05T09:00:00Z')): ManualClock {
  let at = start;
  const sleeps: number[] = [];
  return {
    now: () => at,
    sleep: async (ms) => {
      sleeps.push(ms);
      at += ms;
    },
    advance: (ms) => {
      at += ms;
    },
    sleeps,
  };
}
