import crypto from 'node:crypto';

/**
 * OAuth tokens as the Bitrix24 OAuth server keeps them: access tokens that expire, refresh tokens
 * that rotate (a refresh token works once — BITRIX24.md §2.3 says to design as if the old one dies
 * at once, so the emulator makes it die), and authorization codes that live 30 seconds.
 */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  /** Unix seconds when the access token expires. */
  expires: number;
  user_id: number;
}

/** A token as the portal keeps it, for the state file (index.ts `stateFile`). */
export interface StoredToken {
  token: string;
  userId: number;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type AccessCheck = { ok: true; userId: number } | { ok: false; reason: 'invalid' | 'expired' };

const CODE_TTL_MS = 30_000;
const REFRESH_TTL_MS = 180 * 24 * 3600 * 1000;

const token = (bytes: number) => crypto.randomBytes(bytes).toString('hex');

export class TokenStore {
  private readonly access = new Map<string, { userId: number; expiresAt: number }>();
  private readonly refresh = new Map<string, { userId: number; expiresAt: number }>();
  private readonly codes = new Map<string, { userId: number; expiresAt: number }>();

  private issued = 0;

  constructor(private readonly accessTtlSeconds: number) {}

  issue(userId: number): TokenPair {
    const now = Date.now();
    if (++this.issued % 1000 === 0) this.prune(now);
    const pair: TokenPair = {
      access_token: token(24),
      refresh_token: token(24),
      expires_in: this.accessTtlSeconds,
      expires: Math.floor(now / 1000) + this.accessTtlSeconds,
      user_id: userId,
    };
    this.access.set(pair.access_token, { userId, expiresAt: now + this.accessTtlSeconds * 1000 });
    this.refresh.set(pair.refresh_token, { userId, expiresAt: now + REFRESH_TTL_MS });
    return pair;
  }

  checkAccess(accessToken: string): AccessCheck {
    const entry = this.access.get(accessToken);
    if (!entry) return { ok: false, reason: 'invalid' };
    if (entry.expiresAt <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: true, userId: entry.userId };
  }

  /** Rotates: the refresh token is consumed whether or not the caller keeps the new pair. */
  useRefresh(refreshToken: string): TokenPair | null {
    const entry = this.refresh.get(refreshToken);
    this.refresh.delete(refreshToken);
    if (!entry || entry.expiresAt <= Date.now()) return null;
    return this.issue(entry.userId);
  }

  issueCode(userId: number): string {
    const code = token(16);
    this.codes.set(code, { userId, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  /** A code works once, within 30 seconds. */
  useCode(code: string): TokenPair | null {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    if (!entry || entry.expiresAt <= Date.now()) return null;
    return this.issue(entry.userId);
  }

  /**
   * A long `npm start` session issues a token per page view and event: forget access tokens a day after
   * they expired (until then they still answer expired_token, not invalid_token), and dead codes.
   */
  private prune(now: number): void {
    for (const [key, entry] of this.access) if (entry.expiresAt < now - 24 * 3600 * 1000) this.access.delete(key);
    for (const [key, entry] of this.refresh) if (entry.expiresAt <= now) this.refresh.delete(key);
    for (const [key, entry] of this.codes) if (entry.expiresAt <= now) this.codes.delete(key);
  }

  /**
   * The tokens still alive (access and refresh), most recent `limit` of each, for the state file.
   * Codes live 30 seconds and are not kept.
   */
  exportLive(limit: number, now = Date.now()): { access: StoredToken[]; refresh: StoredToken[] } {
    const live = (map: Map<string, { userId: number; expiresAt: number }>) =>
      [...map]
        .filter(([, e]) => e.expiresAt > now)
        .slice(-limit)
        .map(([token, e]) => ({ token, userId: e.userId, expiresAt: e.expiresAt }));
    return { access: live(this.access), refresh: live(this.refresh) };
  }

  /** Takes back what exportLive gave (tokens that expired in between are dropped). */
  importLive(saved: { access: StoredToken[]; refresh: StoredToken[] }, now = Date.now()): void {
    const load = (map: Map<string, { userId: number; expiresAt: number }>, list: StoredToken[]) => {
      for (const t of list) {
        if (typeof t.token !== 'string' || !t.token || typeof t.userId !== 'number' || typeof t.expiresAt !== 'number') {
          throw new Error('malformed token entry');
        }
        if (t.expiresAt > now) map.set(t.token, { userId: t.userId, expiresAt: t.expiresAt });
      }
    };
    load(this.access, saved.access);
    load(this.refresh, saved.refresh);
  }

  expireAllAccess(): void {
    const past = Date.now() - 1;
    for (const entry of this.access.values()) entry.expiresAt = past;
  }

  /** Uninstall: every token and code stops working. */
  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
    this.codes.clear();
  }
}
