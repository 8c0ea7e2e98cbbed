import type { Role } from './session-token';

/**
 * Who a user is in the app, decided from what Bitrix24 said about them at launch and from the
 * moderators an admin named in the settings. Nothing the browser sends takes part in it.
 */
export interface ModeratorSubject {
  subjectType: 'user' | 'department';
  subjectId: number;
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
  const departments = departmentsWithAncestors(facts.departmentIds, facts.departmentParents);
  return facts.moderators.some((subject) =>
    subject.subjectType === 'user' ? subject.subjectId === facts.userId : departments.has(subject.subjectId),
  );
}

/** admin (Bitrix24 says so) > moderator (named in settings) > extranet (USER_TYPE) > employee. */
export function resolveRole(facts: RoleFacts): Role {
  if (facts.isAdmin) return 'admin';
  if (isNamedModerator(facts)) return 'moderator';
  if (facts.userType === 'extranet') return 'extranet';
  return 'employee';
}
