import crypto from 'node:crypto';

/**
 * Stateless OAuth `state`: the portal it was started for and an expiry, HMAC-signed with the
 * session secret. No cookie carries it: cookies inside the portal's iframe are third-party and
 * get dropped, and the callback must work in whatever window Bitrix24 sends the admin back to.
 */
export interface OAuthState {
  memberId: string;
  /** Unix seconds. */
  expiresAt: number;
  nonce: string;
}

const VERSION = 'os1';
export const OAUTH_STATE_TTL_SECONDS = 10 * 60;

function sign(secret: string, payload: string): string {
  // A purpose prefix keeps a state from ever verifying as a session token and vice versa.
  return crypto.createHmac('sha256', secret).update(`oauth-state.${VERSION}.${payload}`).digest('base64url');
}

export function signOAuthState(secret: string, memberId: string, now = Date.now(), ttlSeconds = OAUTH_STATE_TTL_SECONDS): string {
  const state: OAuthState = { memberId, expiresAt: Math.floor(now / 1000) + ttlSeconds, nonce: crypto.randomBytes(9).toString('base64url') };
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  return `${VERSION}.${payload}.${sign(secret, payload)}`;
}

/** The state's claims, or null when it is malformed, forged or expired. */
export function verifyOAuthState(secret: string, value: unknown, now = Date.now()): OAuthState | null {
  if (typeof value !== 'string') return null;
  const parts = value.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  let state: OAuthState;
  try {
    state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as OAuthState;
  } catch {
    return null;
  }
  if (typeof state.memberId !== 'string' || !state.memberId || typeof state.expiresAt !== 'number') return null;
  if (state.expiresAt * 1000 <= now) return null;
  return state;
}
