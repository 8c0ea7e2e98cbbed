import { SessionTokenError, verifySessionToken, type SessionClaims } from './session-token';

/**
 * Session tokens this process has verified, with their claims, so that the next request with the
 * same token skips the HMAC (about 8 µs of Node's crypto set-up a request, the largest share of
 * the guard's own time after the database). A token's claims never change: the cache holds only
 * what a full verification returned, for this secret, and checks expiry on every hit, so an expired
 * token is refused exactly when verifySessionToken would refuse it. Bounded: past `limit` tokens
 * the oldest is forgotten (it is verified again when it comes back).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Readonly<SessionClaims>>();

  constructor(
    private readonly secret: string,
    private readonly limit = 1000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  verify(token: string, now = Date.now()): Readonly<SessionClaims> {
    const known = this.entries.get(token);
    if (known) {
      if (known.expiresAt * 1000 > now) return known;
      this.entries.delete(token);
      throw new SessionTokenError('expired');
    }
    const claims = verifySessionToken(this.secret, token, now);
    if (claims.departmentIds) Object.freeze(claims.departmentIds);
    Object.freeze(claims);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, claims);
    return claims;
  }
}

const bySecret = new Map<string, VerifiedTokens>();

/** The process's cache for `secret` (one secret in production; tests use a few). */
export function verifiedTokensFor(secret: string): VerifiedTokens {
  let cache = bySecret.get(secret);
  if (!cache) {
    if (bySecret.size >= 8) bySecret.clear();
    cache = new VerifiedTokens(secret);
    bySecret.set(secret, cache);
  }
  return cache;
}
