import { BitrixBusyError } from './bitrix-errors';
import { DEFAULT_LIMITS, type BucketLimits } from './rest-types';

/**
 * A client-side mirror of Bitrix24's per-portal leaky bucket (§4.1): every request adds 1,
 * the level drains at `drainPerSecond`, and a request that would lift it above `burst` waits
 * instead of earning a 503. Waiting callers reserve their place at once, so concurrent callers
 * queue up in order without a timer per request.
 *
 * One instance serves every caller of one BitrixClient. Several processes each keep their own
 * bucket; the 503 back-off in the client covers what they add up to.
 */
export class PortalRateLimiter {
  private readonly levels = new Map<string, { level: number; at: number }>();

  constructor(
    private readonly limits: BucketLimits = DEFAULT_LIMITS,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limits.burst >= 1) || !(limits.drainPerSecond > 0)) {
      throw new RangeError('limits: burst must be >= 1 and drainPerSecond > 0');
    }
  }

  /** The bucket level now (after draining), for tests and diagnostics. */
  level(portalId: string): number {
    const state = this.levels.get(portalId);
    if (!state) return 0;
    return Math.max(0, state.level - ((this.now() - state.at) / 1000) * this.limits.drainPerSecond);
  }

  /**
   * Waits until one more request fits into the portal's bucket, and counts it. Returns the wait in ms.
   * With `maxWaitMs`, a caller that would wait longer is not queued at all: it gets BitrixBusyError
   * (with the wait it was spared) and takes no place from those behind it.
   */
  async acquire(portalId: string, options: { maxWaitMs?: number; method?: string; wait?: (ms: number) => Promise<void> } = {}): Promise<number> {
    const at = this.now();
    const level = this.level(portalId) + 1;
    const waitMs = level > this.limits.burst ? Math.ceil(((level - this.limits.burst) / this.limits.drainPerSecond) * 1000) : 0;
    if (options.maxWaitMs !== undefined && waitMs > options.maxWaitMs) throw new BitrixBusyError('QUERY_LIMIT_EXCEEDED', options.method ?? '', waitMs);
    this.levels.set(portalId, { level, at });
    if (waitMs > 0) await (options.wait ?? this.sleep)(waitMs);
    return waitMs;
  }

  /** The portal said QUERY_LIMIT_EXCEEDED: its bucket is full whatever ours thinks (other processes, other apps on our IP). */
  markFull(portalId: string): void {
    this.levels.set(portalId, { level: Math.max(this.level(portalId), this.limits.burst), at: this.now() });
  }
}
