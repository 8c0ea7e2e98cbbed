import type { Knex } from 'knex';
import { appendAudit, type AuditEntry } from './audit-repository';
import { markExtranet } from './groups-repository';
import { endMembership, openMembership } from './members-repository';
import { peopleFacts } from './people-facts';
import { endLeaversPlans, planJoiners } from '../training/member-plans';

/**
 * What the grouping rules (server/training) may know and change of groups and memberships, through
 * the groups area's own code: the groups a rule may target, their open memberships, and the joins
 * and leaves the rules decided, each written with its audit entry (source 'rule', method 'rule').
 */

export interface RuleTarget {
  id: number;
  name: string;
  /** Linked to a Bitrix24 workgroup: its members mirror the workgroup, so no rule may place people there. */
  linked: boolean;
}

/** The portal's live groups (not deleted), by name. */
export async function ruleTargets(db: Knex, portalId: string): Promise<RuleTarget[]> {
  const rows = await db('training_groups').where({ portal_id: portalId }).whereNull('deleted_at').orderBy([{ column: 'name' }, { column: 'id' }]).select('id', 'name', 'link_state');
  return rows.map((r: Record<string, unknown>) => ({ id: Number(r.id), name: String(r.name), linked: r.link_state === 'linked' }));
}

/** The open memberships of these groups (paused and stopped ones are open too). */
export async function openMembershipsOfGroups(db: Knex, portalId: string, groupIds: readonly number[]): Promise<Array<{ personId: number; groupId: number; source: string }>> {
  if (groupIds.length === 0) return [];
  const rows = await db('group_members').where({ portal_id: portalId }).whereIn('group_id', [...groupIds]).whereNull('left_at').select('person_id', 'group_id', 'source');
  return rows.map((r: Record<string, unknown>) => ({ personId: Number(r.person_id), groupId: Number(r.group_id), source: String(r.source) }));
}

export interface RuleChanges {
  joins: ReadonlyArray<{ personId: number; groupId: number; ruleId: number }>;
  leaves: ReadonlyArray<{ personId: number; groupId: number; toGroupId: number | null }>;
}

/**
 * Writes the rules' changes in the given transaction: leaves first (a move ends the old membership
 * before the new one starts), then joins. Each write is idempotent (an already-closed or
 * already-open membership is skipped and gets no audit entry), so a retried step does no harm.
 * Training follows in the same transaction (PRODUCT.md §5, "Move"): who leaves a training group
 * ends their plan there (results kept); who joins one gets a plan from the move date, with the
 * units they already passed credited. A group not training costs one statement each way.
 * `actorId`: the admin who applied the rules; null for a new user placed on ONUSERADD.
 */
export async function applyRuleChanges(trx: Knex.Transaction, portalId: string, changes: RuleChanges, actorId: number | null, now: Date = new Date()): Promise<{ joined: number; left: number }> {
  const audit: AuditEntry[] = [];
  const leftByGroup = new Map<number, number[]>();
  for (const leave of changes.leaves) {
    if (!(await endMembership(trx, portalId, leave.groupId, leave.personId, 'removed'))) continue;
    leftByGroup.set(leave.groupId, [...(leftByGroup.get(leave.groupId) ?? []), leave.personId]);
    audit.push({
      groupId: leave.groupId,
      personId: leave.personId,
      actorId,
      action: 'removed',
      method: 'rule',
      source: 'rule',
      result: 'ok',
      detail: leave.toGroupId === null ? 'no grouping rule matches any more' : `moved by a grouping rule to group ${leave.toGroupId}`,
    });
  }
  for (const [groupId, personIds] of leftByGroup) await endLeaversPlans(trx, portalId, groupId, personIds, now);
  const facts = await peopleFacts(trx, portalId, changes.joins.map((j) => j.personId));
  const joinedGroups = new Set<number>();
  for (const join of changes.joins) {
    if (!(await openMembership(trx, portalId, join.groupId, join.personId, 'rule'))) continue;
    joinedGroups.add(join.groupId);
    if (facts.get(join.personId)?.userType === 'extranet') await markExtranet(trx, portalId, join.groupId);
    audit.push({ groupId: join.groupId, personId: join.personId, actorId, action: 'added', method: 'rule', source: 'rule', result: 'ok', detail: `grouping rule ${join.ruleId}` });
  }
  for (const groupId of joinedGroups) await planJoiners(trx, portalId, groupId, now);
  await appendAudit(trx, portalId, audit);
  return { joined: audit.filter((a) => a.action === 'added').length, left: audit.filter((a) => a.action === 'removed').length };
}
