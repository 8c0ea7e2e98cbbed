import type { Role } from './session-token';

/**
 * Who a user is in the app, decided from what Bitrix24 said about them at launch and from the
 * moderators an admin named in the settings. Nothing the browser sends takes part in it.
 */
export interface ModeratorSubject {
  subjectType: 'user' | 'department';
  subjectId: number;
  /** Departments only: false names the department's own members; absent or true, its sub-departments' too. */
  includeSubdepartments?: boolean;
}

export interface RoleFacts {
  userId: number;
  /** `profile` → ADMIN (or `user.admin`) for the user's own token. */
  isAdmin: boolean;
  /** `USER_TYPE` from `user.current`: 'employee' | 'extranet' | 'email' | undefined when unknown. */
  userType?: string | null;
  /** `UF_DEPARTMENT` of the user. */
  departmentIds: readonly number[];
  moderators: readonly ModeratorSubject[];
  /** department id → parent id, so that naming a department also names its sub-departments. */
  departmentParents?: ReadonlyMap<number, number | null>;
}

/** The user's departments and every department above them (cycles in bad data are cut). */
export function departmentsWithAncestors(departmentIds: readonly number[], parents: ReadonlyMap<number, number | null> = new Map()): Set<number> {
  const seen = new Set<number>();
  for (const start of departmentIds) {
    let current: number | null | undefined = start;
    while (current !== null && current !== undefined && !seen.has(current)) {
      seen.add(current);
      current = parents.get(current);
    }
  }
  return seen;
}

export function isNamedModerator(facts: Pick<RoleFacts, 'userId' | 'departmentIds' | 'moderators' | 'departmentParents'>): boolean {
  // A department named with its sub-departments matches it or any department above the user's.
  const withAncestors = departmentsWithAncestors(facts.departmentIds, facts.departmentParents);
  const own = new Set(facts.departmentIds);
  return facts.moderators.some((subject) => {
    if (subject.subjectType === 'user') return subject.subjectId === facts.userId;
    return (subject.includeSubdepartments === false ? own : withAncestors).has(subject.subjectId);
  });
}

/**
 * What Bitrix24 says a user is, before the app's own moderators list: the part of the role that
 * only a launch can learn (it asks Bitrix24) and the session token therefore carries.
 */
export type BaseRole = 'admin' | 'employee' | 'extranet';

export function baseRoleOf(facts: Pick<RoleFacts, 'isAdmin' | 'userType'>): BaseRole {
  if (facts.isAdmin) return 'admin';
  return facts.userType === 'extranet' ? 'extranet' : 'employee';
}

/** admin (Bitrix24 says so) > moderator (named in settings) > extranet (USER_TYPE) > employee. */
export function roleWith(base: BaseRole, namedModerator: boolean): Role {
  if (base === 'admin') return 'admin';
  return namedModerator ? 'moderator' : base;
}

/** The role at launch. On later requests the guard applies `roleWith` to the list as it is then. */
export function resolveRole(facts: RoleFacts): Role {
  const base = baseRoleOf(facts);
  return roleWith(base, base !== 'admin' && isNamedModerator(facts));
}
