import { departmentsWithAncestors } from '../auth/roles';

/**
 * Grouping rules (PRODUCT.md §3, issue 10 part 3), as plain functions of plain data: which group a
 * person belongs in (an ordered list, first match wins), and what applying the rules would change
 * in the current memberships. The service reads the data and writes the changes; nothing here
 * touches a database.
 */

export type RuleCondition =
  | { kind: 'department'; departmentId: number; includeSubdepartments: boolean }
  | { kind: 'position'; contains: string }
  | { kind: 'userType'; userType: 'employee' | 'extranet' }
  | { kind: 'emailDomain'; domain: string };

export interface GroupingRule {
  id: number;
  condition: RuleCondition;
  groupId: number;
  /** A disabled rule stays in the list, in its place, and matches no one. */
  enabled: boolean;
}

export interface RulePerson {
  userId: number;
  departmentIds: readonly number[];
  position: string;
  userType: string;
  email: string | null;
  /** Inactive people are never placed (the people pass ends their memberships). */
  active: boolean;
}

/** department id → parent id (departments.parent_id, from department.get). */
export type DepartmentTree = ReadonlyMap<number, number | null>;

/** "@Acme.COM " → "acme.com": how a rule's domain is stored and compared. */
export function normalizeDomain(domain: string): string {
  return domain.trim().replace(/^@+/, '').toLowerCase();
}

/** The part after the last '@', lower case; null without one. */
export function emailDomainOf(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  return at < 0 ? null : normalizeDomain(email.slice(at + 1)) || null;
}

export function matches(condition: RuleCondition, person: RulePerson, tree: DepartmentTree): boolean {
  switch (condition.kind) {
    case 'department': {
      // With sub-departments: the named department is the person's own or one above it.
      const departments = condition.includeSubdepartments ? departmentsWithAncestors(person.departmentIds, tree) : new Set(person.departmentIds);
      return departments.has(condition.departmentId);
    }
    case 'position': {
      const needle = condition.contains.trim().toLocaleLowerCase();
      return needle.length > 0 && person.position.toLocaleLowerCase().includes(needle);
    }
    case 'userType':
      return person.userType === condition.userType;
    case 'emailDomain':
      // The exact domain: "acme.com" does not take "mail.acme.com" (a rule per domain says what is meant).
      return emailDomainOf(person.email) === normalizeDomain(condition.domain);
  }
}

/** The first enabled rule (in list order) the person matches, or null. */
export function firstMatch(rules: readonly GroupingRule[], person: RulePerson, tree: DepartmentTree): GroupingRule | null {
  if (!person.active) return null;
  return rules.find((rule) => rule.enabled && matches(rule.condition, person, tree)) ?? null;
}

/** Each person's target group (null: no rule matches them). */
export function targetGroups(rules: readonly GroupingRule[], people: readonly RulePerson[], tree: DepartmentTree): Map<number, number | null> {
  return new Map(people.map((person) => [person.userId, firstMatch(rules, person, tree)?.groupId ?? null]));
}

/** An open membership of a group that some rule targets. */
export interface CurrentMembership {
  personId: number;
  groupId: number;
  /** How the membership began: only 'rule' ones end when no rule matches the person any more. */
  source: string;
}

export interface Join {
  personId: number;
  groupId: number;
  ruleId: number;
}

export interface Leave {
  personId: number;
  groupId: number;
  /** Where the rules move them (null: no rule matches them any more). */
  toGroupId: number | null;
}

export interface RulesDiff {
  joins: Join[];
  leaves: Leave[];
}

/**
 * What applying the rules would change. The rules own the groups they target ("rule groups"):
 * - a matched person joins their target group, unless already a member, and leaves every other
 *   rule group, whoever put them there (a person is in one rule group: a move, PRODUCT.md §3);
 * - a person no rule matches leaves the rule groups the rules put them in (source 'rule'), and
 *   keeps the memberships someone gave them by hand, by invitation or by a workgroup;
 * - groups no rule targets, and inactive people, are never touched.
 * `memberships` holds the open memberships of the rule groups; people absent from `people` (not
 * mirrored) are left alone. Sorted by person, then group, so the result reads the same every time.
 */
export function diffMemberships(
  rules: readonly GroupingRule[],
  people: readonly RulePerson[],
  tree: DepartmentTree,
  memberships: readonly CurrentMembership[],
): RulesDiff {
  const ruleGroups = new Set(rules.filter((rule) => rule.enabled).map((rule) => rule.groupId));
  const byPerson = new Map<number, CurrentMembership[]>();
  for (const m of memberships) {
    if (!ruleGroups.has(m.groupId)) continue;
    byPerson.set(m.personId, [...(byPerson.get(m.personId) ?? []), m]);
  }
  const joins: Join[] = [];
  const leaves: Leave[] = [];
  for (const person of [...people].sort((a, b) => a.userId - b.userId)) {
    if (!person.active) continue;
    const rule = firstMatch(rules, person, tree);
    const current = (byPerson.get(person.userId) ?? []).sort((a, b) => a.groupId - b.groupId);
    const target = rule?.groupId ?? null;
    for (const m of current) {
      if (m.groupId === target) continue;
      if (target !== null || m.source === 'rule') leaves.push({ personId: person.userId, groupId: m.groupId, toGroupId: target });
    }
    if (rule && !current.some((m) => m.groupId === rule.groupId)) joins.push({ personId: person.userId, groupId: rule.groupId, ruleId: rule.id });
  }
  return { joins, leaves };
}

export interface GroupChangeCount {
  groupId: number;
  joining: number;
  leaving: number;
}

/** Per group, how many would join and leave (groups in id order). */
export function changesByGroup(diff: RulesDiff): GroupChangeCount[] {
  const counts = new Map<number, GroupChangeCount>();
  const of = (groupId: number) => counts.get(groupId) ?? counts.set(groupId, { groupId, joining: 0, leaving: 0 }).get(groupId)!;
  for (const join of diff.joins) of(join.groupId).joining++;
  for (const leave of diff.leaves) of(leave.groupId).leaving++;
  return [...counts.values()].sort((a, b) => a.groupId - b.groupId);
}
