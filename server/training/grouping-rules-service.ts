import type { Knex } from 'knex';
import { departmentParents } from '../auth/directory';
import { HttpError } from '../http/errors';
import { enqueueJob } from '../jobs/job-repository';
import { openMembershipsOfGroups, ruleTargets, type RuleTarget } from '../groups/rule-memberships';
import { changesByGroup, diffMemberships, normalizeDomain, targetGroups, type GroupingRule, type RuleCondition, type RulesDiff } from './grouping-rules';
import {
  applyOnUserAdd,
  deleteRule,
  emailsKnown,
  insertRule,
  listDepartments,
  listRules,
  reorderRules,
  rulePeople,
  setApplyOnUserAdd,
  updateRule,
  type RuleInput,
  type StoredRule,
} from './grouping-rules-repository';
import { runningPlansRebuiltBy } from './rules-plan-impact';

/**
 * Grouping rules (issue 10 part 3): kept in order by admins, tried as a dry run, applied by a job
 * (grouping-rules-jobs.ts), and to new portal users on ONUSERADD when turned on. The decisions are
 * the pure module's (grouping-rules.ts); this reads what it needs and checks what admins send.
 */

export const APPLY_RULES_JOB = 'apply-grouping-rules';
export const PLACE_NEW_USER_JOB = 'place-new-user-by-rules';

const bad = (message: string, field: string) => new HttpError(400, 'VALIDATION_FAILED', message, field);
const ruleNotFound = () => new HttpError(404, 'NOT_FOUND', 'There is no such grouping rule in this portal.');

/** Why a rule is skipped (its group is deleted, or linked to a workgroup since); null when it takes part. */
export type RuleSkip = 'group-deleted' | 'group-linked' | null;

export interface RuleView {
  id: number;
  position: number;
  condition: RuleCondition;
  groupId: number;
  groupName: string | null;
  enabled: boolean;
  skipped: RuleSkip;
}

function skipOf(rule: GroupingRule, targets: ReadonlyMap<number, RuleTarget>): RuleSkip {
  const target = targets.get(rule.groupId);
  if (!target) return 'group-deleted';
  return target.linked ? 'group-linked' : null;
}

/** The rules that take part: enabled ones too stay in their place; skipped ones are dropped. */
function activeRules(rules: readonly StoredRule[], targets: ReadonlyMap<number, RuleTarget>): GroupingRule[] {
  return rules.filter((rule) => skipOf(rule, targets) === null);
}

const byId = (targets: readonly RuleTarget[]) => new Map(targets.map((t) => [t.id, t]));

export async function rulesPage(db: Knex, portalId: string) {
  const [rules, targets, departments, onUserAdd, emails] = await Promise.all([
    listRules(db, portalId),
    ruleTargets(db, portalId),
    listDepartments(db, portalId),
    applyOnUserAdd(db, portalId),
    emailsKnown(db, portalId),
  ]);
  const targetsById = byId(targets);
  return {
    rules: rules.map((rule): RuleView => ({ ...rule, groupName: targetsById.get(rule.groupId)?.name ?? null, skipped: skipOf(rule, targetsById) })),
    applyToNewUsers: onUserAdd,
    groups: targets,
    departments,
    emailsKnown: emails,
  };
}

/** The condition as stored (trimmed, domain normalised), or a 400 that names the field. */
async function checkedInput(db: Knex, portalId: string, input: { condition: Record<string, unknown>; groupId: number; enabled?: boolean }): Promise<RuleInput> {
  const c = input.condition;
  let condition: RuleCondition;
  if (c.kind === 'department') {
    const departmentId = Number(c.departmentId);
    if (!Number.isSafeInteger(departmentId) || departmentId < 1) throw bad('A department rule needs the department.', 'condition.departmentId');
    const known = await db('departments').where({ portal_id: portalId, department_id: departmentId }).first('department_id');
    if (!known) throw bad('This portal has no such department (import the people directory again if it is new).', 'condition.departmentId');
    condition = { kind: 'department', departmentId, includeSubdepartments: c.includeSubdepartments !== false };
  } else if (c.kind === 'position') {
    const contains = typeof c.contains === 'string' ? c.contains.trim() : '';
    if (!contains) throw bad('Say what the position contains.', 'condition.contains');
    condition = { kind: 'position', contains };
  } else if (c.kind === 'userType') {
    if (c.userType !== 'employee' && c.userType !== 'extranet') throw bad('The user type is employee or extranet.', 'condition.userType');
    condition = { kind: 'userType', userType: c.userType };
  } else {
    const domain = typeof c.domain === 'string' ? normalizeDomain(c.domain) : '';
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z0-9-]+$/.test(domain) || domain.length > 253) throw bad('Write the email domain as example.com.', 'condition.domain');
    condition = { kind: 'emailDomain', domain };
  }
  const target = (await ruleTargets(db, portalId)).find((t) => t.id === input.groupId);
  if (!target) throw bad('There is no such training group in this portal.', 'groupId');
  if (target.linked) throw bad("A rule cannot place people in a group linked to a Bitrix24 workgroup: its members mirror the workgroup's.", 'groupId');
  return { condition, groupId: input.groupId, enabled: input.enabled !== false };
}

type RuleBody = { condition: Record<string, unknown>; groupId: number; enabled?: boolean };

export async function createRule(db: Knex, portalId: string, actorId: number, body: RuleBody) {
  await insertRule(db, portalId, await checkedInput(db, portalId, body), actorId);
  return rulesPage(db, portalId);
}

export async function changeRule(db: Knex, portalId: string, ruleId: number, body: RuleBody) {
  const input = await checkedInput(db, portalId, body);
  if (!(await updateRule(db, portalId, ruleId, input))) throw ruleNotFound();
  return rulesPage(db, portalId);
}

export async function removeRule(db: Knex, portalId: string, ruleId: number) {
  if (!(await deleteRule(db, portalId, ruleId))) throw ruleNotFound();
  return rulesPage(db, portalId);
}

export async function orderRules(db: Knex, portalId: string, ruleIds: readonly number[]) {
  const current = (await listRules(db, portalId)).map((r) => r.id);
  const wanted = new Set(ruleIds);
  if (wanted.size !== ruleIds.length || wanted.size !== current.length || current.some((id) => !wanted.has(id))) {
    throw bad('List every rule of this portal exactly once, in the new order (someone may have changed the list: reload it).', 'ruleIds');
  }
  await reorderRules(db, portalId, ruleIds);
  return rulesPage(db, portalId);
}

export async function switchApplyToNewUsers(db: Knex, portalId: string, actorId: number, on: boolean) {
  await setApplyOnUserAdd(db, portalId, on, actorId);
  return rulesPage(db, portalId);
}

export interface RulesPlan {
  diff: RulesDiff;
  names: { people: Map<number, string>; groups: Map<number, string> };
  people: number;
  unmatched: number;
}

/** What the rules would change now, for everyone or for `userIds` only. Reads; writes nothing. */
export async function planChanges(db: Knex, portalId: string, userIds?: readonly number[]): Promise<RulesPlan> {
  const [rules, targets, tree, people] = await Promise.all([listRules(db, portalId), ruleTargets(db, portalId), departmentParents(db, portalId), rulePeople(db, portalId, userIds)]);
  const targetsById = byId(targets);
  const active = activeRules(rules, targetsById);
  const ruleGroups = [...new Set(active.filter((r) => r.enabled).map((r) => r.groupId))];
  const wanted = userIds ? new Set(userIds) : null;
  const memberships = (await openMembershipsOfGroups(db, portalId, ruleGroups)).filter((m) => !wanted || wanted.has(m.personId));
  const diff = diffMemberships(active, people, tree, memberships);
  return {
    diff,
    names: { people: new Map(people.map((p) => [p.userId, p.name])), groups: new Map(targets.map((t) => [t.id, t.name])) },
    people: people.length,
    unmatched: [...targetGroups(active, people, tree).values()].filter((groupId) => groupId === null).length,
  };
}

/** Lists longer than this are cut in the dry run's answer (the counts stay whole). */
export const DRY_RUN_LIST_LIMIT = 500;

export async function dryRun(db: Knex, portalId: string) {
  const plan = await planChanges(db, portalId);
  const { diff, names } = plan;
  const group = (id: number | null) => (id === null ? null : { id, name: names.groups.get(id) ?? `#${id}` });
  const person = (id: number) => ({ id, name: names.people.get(id) ?? `#${id}` });
  // A move: the group the person leaves for the one they join (the first, when the rules take them out of several).
  const movedFrom = new Map<number, number>();
  for (const leave of diff.leaves) if (leave.toGroupId !== null && !movedFrom.has(leave.personId)) movedFrom.set(leave.personId, leave.groupId);
  return {
    joining: diff.joins.slice(0, DRY_RUN_LIST_LIMIT).map((j) => ({ person: person(j.personId), group: group(j.groupId)!, from: group(movedFrom.get(j.personId) ?? null), ruleId: j.ruleId })),
    leaving: diff.leaves.slice(0, DRY_RUN_LIST_LIMIT).map((l) => ({ person: person(l.personId), group: group(l.groupId)!, to: group(l.toGroupId) })),
    groups: changesByGroup(diff).map((g) => ({ group: group(g.groupId)!, joining: g.joining, leaving: g.leaving })),
    totals: { joining: diff.joins.length, leaving: diff.leaves.length, people: plan.people, unmatched: plan.unmatched },
    plansRebuilt: await runningPlansRebuiltBy(db, portalId, diff),
    truncated: diff.joins.length > DRY_RUN_LIST_LIMIT || diff.leaves.length > DRY_RUN_LIST_LIMIT,
  };
}

/** Queues the apply job (one at a time per portal: a second request while it waits or runs gets the same job). */
export async function enqueueApply(db: Knex, portalId: string, actorId: number): Promise<number> {
  return enqueueJob(db, portalId, APPLY_RULES_JOB, { actorId }, { dedupKey: APPLY_RULES_JOB });
}
