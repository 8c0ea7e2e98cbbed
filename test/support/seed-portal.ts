import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { setPortalState, upsertInstalledPortal, type Portal } from '../../server/tenants/portal-repository';
import { issueSessionToken, type Role } from '../../server/auth/session-token';

/** A recognisable random string (a log or row scan can look for it). */
export function secretLike(label: string): string {
  return `${label}-${crypto.randomBytes(8).toString('hex')}`;
}

export interface SeededPortal extends Portal {
  applicationToken: string;
  accessToken: string;
  refreshToken: string;
}

/** The user every seeded portal names a moderator in its settings (as the local portal's user 2 is). */
export const SEEDED_MODERATOR = 2;

/** An installed, active portal with an admin token pair and an application token; user 2 is its moderator. */
export async function seedPortal(
  db: Knex,
  options: {
    memberId?: string;
    origin?: string;
    /** REST root of the portal and, unless serverEndpoint is given, of its OAuth server (the local portal serves both). */
    restEndpoint?: string;
    serverEndpoint?: string;
    accessToken?: string;
    refreshToken?: string;
    applicationToken?: string;
    /** When the stored access token expires (default in an hour). */
    expiresAt?: Date;
  } = {},
): Promise<SeededPortal> {
  const origin = options.origin ?? `https://${secretLike('portal')}.bitrix24.com`;
  const accessToken = options.accessToken ?? secretLike('access');
  const refreshToken = options.refreshToken ?? secretLike('refresh');
  const applicationToken = options.applicationToken ?? secretLike('apptoken');
  const rest = options.restEndpoint ?? `${origin}/rest/`;
  const portal = await upsertInstalledPortal(db, {
    memberId: options.memberId ?? secretLike('member'),
    domain: new URL(origin).host,
    clientEndpoint: rest,
    serverEndpoint: options.serverEndpoint ?? options.restEndpoint ?? 'https://oauth.bitrix.info/rest/',
    applicationToken,
    scope: 'user_brief,department,sonet_group',
    status: 'P',
    tokens: { accessToken, refreshToken, expiresAt: options.expiresAt ?? new Date(Date.now() + 3600_000), userId: 1 },
  });
  await setPortalState(db, portal.id, 'active');
  await db('moderators').insert({ portal_id: portal.id, subject_type: 'user', subject_id: SEEDED_MODERATOR, added_by: 1 });
  return { ...portal, state: 'active', applicationToken, accessToken, refreshToken };
}

/**
 * `Authorization` header of an app session of that portal. The guard resolves the moderator role
 * from the portal's settings on every request, so a moderator session is the seeded moderator's.
 */
export function sessionHeader(secret: string, portal: Pick<Portal, 'id' | 'memberId'>, role: Role, userId = role === 'moderator' ? SEEDED_MODERATOR : 1): { authorization: string } {
  const { token } = issueSessionToken(secret, { portalId: portal.id, memberId: portal.memberId, userId, role, purpose: 'app' }, 900);
  return { authorization: `Bearer ${token}` };
}

/** A promise to resolve from outside: lets a test hold a job handler mid-run. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Polls until `check` is truthy (or fails after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 5000, stepMs = 20): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
