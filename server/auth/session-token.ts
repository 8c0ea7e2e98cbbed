import crypto from 'node:crypto';

/**
 * The iframe's credential for our API: a short-lived HMAC-signed token carrying ids and the role
 * the server resolved at launch, nothing secret. Sent as `Authorization: Bearer`, never as a cookie
 * (cookies inside a cross-site iframe are third-party and get dropped).
 */
export type Role = 'admin' | 'moderator' | 'employee' | 'extranet';
export const ROLES: readonly Role[] = ['admin', 'moderator', 'employee', 'extranet'];

export interface SessionClaims {
  /** Our portal id (tenant key). */
  portalId: string;
  memberId: string;
  /** Bitrix24 user id. */
  userId: number;
  role: Role;
  /** Unix seconds. */
  expiresAt: number;
  /** What the token is for: the app itself, or only the install wizard's setup calls. */
  purpose: 'app' | 'install';
  /**
   * What Bitrix24 said at launch, before the moderators list (auth/launch-facts.ts): the guard
   * resolves `role` again on every request from these and the list as it is then.
   */
  baseRole?: 'admin' | 'employee' | 'extranet';
  departmentIds?: number[];
}

const VERSION = 'v1';

function sign(secret: string, payload: string): string {
  return crypto.createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest('base64url');
}

export function issueSessionToken(secret: string, claims: Omit<SessionClaims, 'expiresAt'>, ttlSeconds: number, now = Date.now()): { token: string; claims: SessionClaims } {
  const full: SessionClaims = { ...claims, expiresAt: Math.floor(now / 1000) + ttlSeconds };
  const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
  return { token: `${VERSION}.${payload}.${sign(secret, payload)}`, claims: full };
}

export type SessionTokenProblem = 'malformed' | 'bad_signature' | 'expired';

export class SessionTokenError extends Error {
  constructor(readonly problem: SessionTokenProblem) {
    super(`session token ${problem.replace('_', ' ')}`);
    this.name = 'SessionTokenError';
  }
}

/** Verifies signature (constant time) and expiry; returns the claims or throws SessionTokenError. */
export function verifySessionToken(secret: string, token: string, now = Date.now()): SessionClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) throw new SessionTokenError('malformed');
  const [, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw new SessionTokenError('bad_signature');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new SessionTokenError('malformed');
  }
  if (!hasClaimsShape(claims)) throw new SessionTokenError('malformed');
  if (claims.expiresAt * 1000 <= now) throw new SessionTokenError('expired');
  return claims;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Bitrix24 member ids are 32 hex characters; any text without control characters is let through.
// eslint-disable-next-line no-control-regex
const MEMBER_ID = /^[^\u0000-\u001f\u007f]{1,128}$/;
const PURPOSES: readonly SessionClaims['purpose'][] = ['app', 'install'];

/**
 * A valid signature proves only that the claims were signed with our secret, and in local-portal
 * mode that secret is a public constant. So the claims are checked like any input: a portal id
 * that is not a UUID once reached `WHERE id = ?` and PostgreSQL answered 500 on every route.
 */
function hasClaimsShape(value: unknown): value is SessionClaims {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.portalId === 'string' &&
    UUID.test(claims.portalId) &&
    typeof claims.memberId === 'string' &&
    MEMBER_ID.test(claims.memberId) &&
    Number.isSafeInteger(claims.userId) &&
    (claims.userId as number) > 0 &&
    ROLES.includes(claims.role as Role) &&
    PURPOSES.includes(claims.purpose as SessionClaims['purpose']) &&
    typeof claims.expiresAt === 'number' &&
    Number.isFinite(claims.expiresAt)
  );
}
