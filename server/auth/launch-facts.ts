import type { SessionClaims } from './session-token';
import type { BaseRole } from './roles';

/**
 * What a launch learnt from Bitrix24 and the session token carries for the requests that follow:
 * the user's base role (admin flag, user type) and departments. The moderators list is not in
 * it: the guard reads that on every request, so a change in Settings counts at once.
 */
export interface LaunchFacts {
  baseRole: BaseRole;
  departmentIds: number[];
}

const BASE_ROLES: readonly BaseRole[] = ['admin', 'employee', 'extranet'];
/** Far more departments than anyone belongs to; keeps a token (and the guard's statement) small. */
export const MAX_TOKEN_DEPARTMENTS = 50;

export function launchFactsClaims(facts: LaunchFacts): Pick<SessionClaims, 'baseRole' | 'departmentIds'> {
  return { baseRole: facts.baseRole, departmentIds: facts.departmentIds.slice(0, MAX_TOKEN_DEPARTMENTS) };
}

/**
 * The launch facts of a verified token, or null when they are malformed (a signature proves only
 * that our secret signed them, and in local-portal mode that secret is public). A token minted
 * before these claims existed (at most one session lifetime ago) falls back to its role: a
 * moderator then counts as an employee whom the list may name again, by user only.
 */
export function launchFactsOf(claims: SessionClaims): LaunchFacts | null {
  const { baseRole, departmentIds } = claims;
  if (baseRole === undefined && departmentIds === undefined) {
    return { baseRole: claims.role === 'admin' || claims.role === 'extranet' ? claims.role : 'employee', departmentIds: [] };
  }
  if (!BASE_ROLES.includes(baseRole as BaseRole)) return null;
  if (!Array.isArray(departmentIds) || departmentIds.length > MAX_TOKEN_DEPARTMENTS) return null;
  if (!departmentIds.every((id) => Number.isSafeInteger(id) && id > 0)) return null;
  return { baseRole: baseRole as BaseRole, departmentIds };
}
