/**
 * How long a failed job waits before its next attempt: 10 s, 20 s, 40 s ... capped at 15 minutes,
 * with up to 20 % random spread so jobs that failed together (a portal outage) do not all come
 * back in the same second.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = 10_000 * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(base, 15 * 60_000);
  return Math.round(capped * (1 + 0.2 * random()));
}
