/**
 * How many sign-ins one client may have going at once, and how many may fail, before it is
 * turned away for a while. A sign-in with a forged token costs one request from the portal's
 * Bitrix24 rate limit (2 a second, bursts of 50) before Bitrix24 refuses it; a genuine one
 * costs the same but succeeds. So only failures are counted: a whole office behind one address
 * signs in freely, while one address sending forged tokens spends at most `maxFailures` of the
 * portal's requests per window, `maxInFlight` at a time (which also bounds what a burst of
 * concurrent forgeries can cost before the first of them has failed).
 */
export interface LoginThrottleLimits {
  maxFailures: number;
  windowMs: number;
  maxInFlight: number;
  /** Clients remembered at most (the least recently seen idle ones are forgotten first). */
  maxClients?: number;
}

export type LoginAdmission = { ok: true } | { ok: false; retryAfterSeconds: number; reason: 'failures' | 'in-flight' };

interface ClientState {
  inFlight: number;
  failures: number;
  windowStart: number;
}

export class LoginThrottle {
  private readonly clients = new Map<string, ClientState>();

  constructor(
    private readonly limits: LoginThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** May a sign-in from `client` go ahead? When it may, it counts as in flight until settle(). */
  admit(client: string): LoginAdmission {
    const state = this.stateOf(client);
    if (state.failures >= this.limits.maxFailures) {
      const left = state.windowStart + this.limits.windowMs - this.now();
      return { ok: false, reason: 'failures', retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
    }
    if (state.inFlight >= this.limits.maxInFlight) return { ok: false, reason: 'in-flight', retryAfterSeconds: 1 };
    state.inFlight++;
    return { ok: true };
  }

  /** An admitted sign-in ended; `failed` when the token was refused (forged, malformed, another portal's). */
  settle(client: string, failed: boolean): void {
    const state = this.stateOf(client);
    state.inFlight = Math.max(0, state.inFlight - 1);
    if (failed) state.failures++;
  }

  private stateOf(client: string): ClientState {
    const now = this.now();
    let state = this.clients.get(client);
    if (state) {
      this.clients.delete(client); // re-inserted below: the map stays in order of last use
    } else {
      state = { inFlight: 0, failures: 0, windowStart: now };
    }
    if (now - state.windowStart >= this.limits.windowMs) {
      state.failures = 0;
      state.windowStart = now;
    }
    this.clients.set(client, state);
    this.forgetIdle();
    return state;
  }

  private forgetIdle(): void {
    const max = this.limits.maxClients ?? 10_000;
    if (this.clients.size <= max) return;
    for (const [client, state] of this.clients) {
      if (this.clients.size <= max) break;
      if (state.inFlight === 0) this.clients.delete(client);
    }
  }
}
