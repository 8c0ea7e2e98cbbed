import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import type { Portal } from '../tenants/portal-repository';
import { BitrixBusyError, type BitrixClient } from '../bitrix/rest-client';
import { BitrixError } from '../bitrix/bitrix-errors';
import { baseRoleOf, resolveRole } from './roles';
import type { LaunchFacts } from './launch-facts';
import type { Role } from './session-token';
import { listModeratorSubjects } from './moderators-repository';
import { departmentParents } from './directory';
import { isBitrixTokenShape } from './frame-fields';

export interface FrameUser {
  id: number;
  name: string;
  role: Role;
}

/** A user as a launch found them, with what their session token carries for later requests. */
export interface LaunchedUser extends FrameUser {
  facts: LaunchFacts;
}

interface ProfileAnswer {
  ID?: string | number;
  ADMIN?: boolean | string;
  NAME?: string;
  LAST_NAME?: string;
}

interface CurrentUserAnswer {
  ID?: string | number;
  USER_TYPE?: string;
  UF_DEPARTMENT?: Array<string | number> | string | number | null;
}

const truthy = (value: unknown) => value === true || value === 'Y' || value === 'true' || value === 1 || value === '1';

function departmentsOf(value: CurrentUserAnswer['UF_DEPARTMENT']): number[] {
  const list = Array.isArray(value) ? value : value === null || value === undefined || value === '' ? [] : [value];
  return list.map(Number).filter((id) => Number.isInteger(id) && id > 0);
}

/** Bitrix24 cannot take the login check now: the person is told to come back, and when. */
export function bitrixBusy(retryAfterMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpError(503, 'BITRIX24_BUSY', `Bitrix24 is busy, try again in ${seconds} s.`, undefined, seconds);
}

/** What a failed check of a frame token tells the caller (never Bitrix24's raw answer). */
export function frameAuthFailure(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  // Not a refusal: the portal's bucket is full or the check is blocked for minutes. Say so, and when.
  if (error instanceof BitrixBusyError) return bitrixBusy(error.retryAfterMs);
  // A token of another portal, a forged one and a revoked one all answer 401 like an expired one;
  // only `expired_token` is worth a silent renewal by the frame.
  if (error instanceof BitrixError && error.code === 'expired_token') {
    return new HttpError(401, 'AUTH_EXPIRED', 'Your Bitrix24 sign-in for this app has expired. Reopen the app to continue.');
  }
  if (error instanceof BitrixError && (error.status === 0 || error.status >= 500)) {
    return new HttpError(502, 'PORTAL_UNREACHABLE', 'Bitrix24 did not answer while checking who you are. Try again in a minute.');
  }
  return new HttpError(403, 'AUTH_INVALID', 'Bitrix24 did not confirm who you are. Reopen the app from Bitrix24.');
}

/**
 * Asks the portal itself who holds `accessToken`: `profile` (admin flag, name) and `user.current`
 * (USER_TYPE, departments) in one batch (one request against the portal's rate limit), always at
 * the portal's STORED client_endpoint, never at a host the request names. A token of another
 * portal, a forged one or an expired one fails there. The role then follows from those facts
 * and the settings.
 */
export async function identifyUser(deps: { db: Knex; bitrix: BitrixClient }, portal: Portal, accessToken: string): Promise<LaunchedUser> {
  // userId is not known yet: it is what this call finds out.
  const actor = { kind: 'user' as const, userId: 0, accessToken };
  // Junk is refused here, before it costs a request from the portal's rate limit.
  if (!isBitrixTokenShape(accessToken)) {
    throw new HttpError(400, 'AUTH_MALFORMED', 'This is not a Bitrix24 sign-in token. Reopen the app from Bitrix24.', 'accessToken');
  }
  try {
    // Someone is looking at a blank frame meanwhile: a few seconds of waiting at most, never a job's patience.
    const answer = await deps.bitrix.batch(portal, actor, { profile: ['profile'], current: ['user.current'] }, { patience: 'interactive' });
    const failed = answer.errors.profile;
    if (failed) throw new BitrixError(failed.error, failed.error_description, 200, 'profile');
    const profile = (answer.result.profile ?? {}) as ProfileAnswer;
    const id = Number(profile.ID);
    // `profile` answers {} for an inactive user.
    if (!Number.isInteger(id) || id <= 0) throw new HttpError(403, 'USER_INACTIVE', 'Bitrix24 says this user account is not active.');
    const name = [profile.NAME, profile.LAST_NAME].filter(Boolean).join(' ').trim() || `#${id}`;
    if (truthy(profile.ADMIN)) return { id, name, role: 'admin', facts: { baseRole: 'admin', departmentIds: [] } };

    // For everyone else the user type decides what they may see: without it, refuse rather than guess.
    const currentFailed = answer.errors.current;
    if (currentFailed) throw new BitrixError(currentFailed.error, currentFailed.error_description, 200, 'user.current');
    const current = (answer.result.current ?? {}) as CurrentUserAnswer;
    if (Number(current.ID) !== id) throw new HttpError(403, 'AUTH_INVALID', 'Bitrix24 gave two different answers about who you are.');
    const [moderators, parents] = await Promise.all([listModeratorSubjects(deps.db, portal.id), departmentParents(deps.db, portal.id)]);
    const departmentIds = departmentsOf(current.UF_DEPARTMENT);
    const userType = current.USER_TYPE ?? null;
    const role = resolveRole({ userId: id, isAdmin: false, userType, departmentIds, moderators, departmentParents: parents });
    return { id, name, role, facts: { baseRole: baseRoleOf({ isAdmin: false, userType }), departmentIds } };
  } catch (error) {
    // Our own failure (the database, say) is not Bitrix24 refusing the user and must not read as one.
    if (!(error instanceof BitrixError) && !(error instanceof HttpError)) throw error;
    throw frameAuthFailure(error);
  }
}
