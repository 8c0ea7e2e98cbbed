import type { Knex } from 'knex';
import type { GroupingRule, RuleCondition, RulePerson } from './grouping-rules';

/**
 * grouping_rules and grouping_settings (migrations/0055, 0056), and the mirror's people and
 * departments as the rules read them. Every function takes the portal first.
 */

type Row = Record<string, unknown>;

export interface StoredRule extends GroupingRule {
  position: number;
}

function conditionOf(r: Row): RuleCondition {
  switch (r.condition_kind) {
    case 'department':
      return { kind: 'department', departmentId: Number(r.department_id), includeSubdepartments: Boolean(r.include_subdepartments) };
    case 'position':
      return { kind: 'position', contains: String(r.position_contains) };
    case 'userType':
      return { kind: 'userType', userType: r.user_type === 'extranet' ? 'extranet' : 'employee' };
    default:
      return { kind: 'emailDomain', domain: String(r.email_domain) };
  }
}

function columnsOf(condition: RuleCondition): Row {
  return {
    condition_kind: condition.kind,
    department_id: condition.kind === 'department' ? condition.departmentId : null,
    include_subdepartments: condition.kind === 'department' ? condition.includeSubdepartments : true,
    position_contains: condition.kind === 'position' ? condition.contains : null,
    user_type: condition.kind === 'userType' ? condition.userType : null,
    email_domain: condition.kind === 'emailDomain' ? condition.domain : null,
  };
}

const ruleOf = (r: Row): StoredRule => ({ id: Number(r.id), position: Number(r.position), condition: conditionOf(r), groupId: Number(r.group_id), enabled: Boolean(r.enabled) });

/** The portal's rules in list order. */
export async function listRules(db: Knex, portalId: string): Promise<StoredRule[]> {
  const rows = await db('grouping_rules').where({ portal_id: portalId }).orderBy([{ column: 'position' }, { column: 'id' }]).select('*');
  return rows.map(ruleOf);
}

export interface RuleInput {
  condition: RuleCondition;
  groupId: number;
  enabled: boolean;
}

/** Adds a rule at the end of the list. */
export async function insertRule(db: Knex, portalId: string, input: RuleInput, createdBy: number): Promise<StoredRule> {
  return db.transaction(async (trx) => {
    // One writer at a time appends, so two admins adding at once do not take the same position.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`grouping_rules:${portalId}`]);
    const [row] = await trx('grouping_rules')
      .insert({
        portal_id: portalId,
        position: trx.raw('(SELECT coalesce(max(position), 0) + 1 FROM grouping_rules WHERE portal_id = ?)', [portalId]),
        ...columnsOf(input.condition),
        group_id: input.groupId,
        enabled: input.enabled,
        created_by: createdBy,
      })
      .returning('*');
    return ruleOf(row as Row);
  });
}

/** Replaces a rule's condition, group and switch; null when there is no such rule. */
export async function updateRule(db: Knex, portalId: string, ruleId: number, input: RuleInput): Promise<StoredRule | null> {
  const [row] = await db('grouping_rules')
    .where({ portal_id: portalId, id: ruleId })
    .update({ ...columnsOf(input.condition), group_id: input.groupId, enabled: input.enabled, updated_at: db.fn.now() })
    .returning('*');
  return row ? ruleOf(row as Row) : null;
}

/** Deletes a rule and closes the gap it leaves in the order; false when there is no such rule. */
export async function deleteRule(db: Knex, portalId: string, ruleId: number): Promise<boolean> {
  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`grouping_rules:${portalId}`]);
    const deleted = await trx('grouping_rules').where({ portal_id: portalId, id: ruleId }).delete().returning('id');
    if (deleted.length === 0) return false;
    await renumber(trx, portalId);
    return true;
  });
}

/** Positions 1..n in the current order (the unique position is checked at commit). */
async function renumber(trx: Knex.Transaction, portalId: string): Promise<void> {
  await trx.raw(
    `UPDATE grouping_rules r SET position = o.n
     FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS n FROM grouping_rules WHERE portal_id = ?) o
     WHERE r.portal_id = ? AND r.id = o.id AND r.position <> o.n`,
    [portalId, portalId],
  );
}

/** Puts the rules in the given order; `ruleIds` must name every rule of the portal once (the service checks). */
export async function reorderRules(db: Knex, portalId: string, ruleIds: readonly number[]): Promise<void> {
  await db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`grouping_rules:${portalId}`]);
    await trx.raw(
      `UPDATE grouping_rules r SET position = x.n, updated_at = now()
       FROM unnest(CAST(? AS bigint[])) WITH ORDINALITY AS x(id, n)
       WHERE r.portal_id = ? AND r.id = x.id AND r.position <> x.n`,
      [`{${ruleIds.map((id) => Math.trunc(id)).join(',')}}`, portalId],
    );
  });
}

/** Whether a new portal user is placed by the rules on ONUSERADD (off unless an admin turned it on). */
export async function applyOnUserAdd(db: Knex, portalId: string): Promise<boolean> {
  const row = await db('grouping_settings').where({ portal_id: portalId }).first('apply_on_user_add');
  return row ? Boolean(row.apply_on_user_add) : false;
}

export async function setApplyOnUserAdd(db: Knex, portalId: string, on: boolean, updatedBy: number): Promise<void> {
  await db('grouping_settings')
    .insert({ portal_id: portalId, apply_on_user_add: on, updated_by: updatedBy })
    .onConflict('portal_id')
    .merge({ apply_on_user_add: on, updated_by: updatedBy, updated_at: db.fn.now() });
}

/** The mirror's active people as the rules see them (all of them, or only `userIds`), with their names. */
export async function rulePeople(db: Knex, portalId: string, userIds?: readonly number[]): Promise<Array<RulePerson & { name: string }>> {
  const query = db('people').where({ portal_id: portalId, active: true }).select('user_id', 'name', 'last_name', 'department_ids', 'position', 'user_type', 'email');
  if (userIds) query.whereIn('user_id', [...userIds]);
  const rows = await query;
  return rows.map((r: Row) => ({
    userId: Number(r.user_id),
    name: [r.name, r.last_name].filter(Boolean).join(' ').trim() || `#${r.user_id}`,
    departmentIds: ((r.department_ids as unknown[]) ?? []).map(Number),
    position: String(r.position ?? ''),
    userType: String(r.user_type),
    email: (r.email as string | null) ?? null,
    active: true,
  }));
}

export interface DepartmentRow {
  id: number;
  name: string;
  parentId: number | null;
}

/** The mirrored departments (department.get), by name. */
export async function listDepartments(db: Knex, portalId: string): Promise<DepartmentRow[]> {
  const rows = await db('departments').where({ portal_id: portalId }).orderBy([{ column: 'name' }, { column: 'department_id' }]).select('department_id', 'name', 'parent_id');
  return rows.map((r: Row) => ({ id: Number(r.department_id), name: String(r.name), parentId: r.parent_id === null ? null : Number(r.parent_id) }));
}

/**
 * Whether the mirror holds any active person's email. Bitrix24 shows EMAIL only with the user_basic
 * scope (BITRIX24.md §5.1): without it every email is null and an email-domain rule matches no one.
 */
export async function emailsKnown(db: Knex, portalId: string): Promise<boolean> {
  const row = await db('people').where({ portal_id: portalId, active: true }).whereNotNull('email').first('user_id');
  return Boolean(row);
}
