/**
 * The local portal's sense of time: its rate limit drains by `now`, and injected latency and the
 * state file's debounce wait with `sleep`. Tests pass a clock they move by hand, so what they
 * assert does not depend on how busy the machine is.
 */
export interface PortalClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: PortalClock = {
  now: () => Date.now(),
  // unref: a pending wait (a debounced save) must not keep a finished process alive.
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()),
};
