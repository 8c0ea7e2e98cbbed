/**
 * The portal's request-rate limit (BITRIX24.md §4.1): a leaky bucket per portal of `burst` requests
 * that drains `drainPerSecond`; each HTTP request (a batch is one) adds 1, and a request that would
 * overflow it is refused with 503 QUERY_LIMIT_EXCEEDED. Refused requests do not fill the bucket, so a
 * client that backs off recovers at the drain rate.
 */
export class LeakyBucket {
  private level = 0;
  private at: number;

  constructor(
    private readonly burst: number,
    private readonly drainPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.at = now();
  }

  /** true when the request may pass (and is counted). */
  take(): boolean {
    const t = this.now();
    this.level = Math.max(0, this.level - ((t - this.at) / 1000) * this.drainPerSecond);
    this.at = t;
    if (this.level + 1 > this.burst) return false;
    this.level += 1;
    return true;
  }

  reset(): void {
    this.level = 0;
    this.at = this.now();
  }
}

export interface Faults {
  /** Fraction 0..1 of REST requests answered 503 QUERY_LIMIT_EXCEEDED regardless of the bucket. */
  rate503: number;
  /** Fraction 0..1 of REST requests answered 429 OPERATION_TIME_LIMIT. */
  rate429: number;
  /** Added to every REST request before it is handled. */
  latencyMs: number;
}

export const noFaults = (): Faults => ({ rate503: 0, rate429: 0, latencyMs: 0 });

export function clampFaults(current: Faults, f: Partial<Faults>): Faults {
  const rate = (v: number | undefined, old: number) => (v === undefined ? old : Math.min(1, Math.max(0, Number(v) || 0)));
  return {
    rate503: rate(f.rate503, current.rate503),
    rate429: rate(f.rate429, current.rate429),
    latencyMs: f.latencyMs === undefined ? current.latencyMs : Math.max(0, Number(f.latencyMs) || 0),
  };
}
