import type { Knex } from 'knex';
import { JOB_KINDS } from '../jobs/job-kinds';
import type { JobContext, JobHandler } from '../jobs/job-types';
import type { RecurringJob } from '../jobs/maintenance';
import type { PeopleBitrix } from '../people/mirror-people';
import { appendAudit } from './audit-repository';
import { endMembershipsOfInactivePeople } from './members-repository';
import { endLeaversPlans } from '../training/member-plans';
import { INVITATION_NOTICE_KIND, invitationNoticeHandler, type NoticeBitrix } from './invitation-notice';
import { workgroupSyncHandler, workgroupUnlinkHandler } from './workgroup-sync';

/** The groups feature's jobs, for the worker (app-worker.ts) and the scheduler (main.ts). */

const MINUTE = 60_000;

/** Every 15 minutes, for each portal with a linked group: re-read every linked workgroup (Bitrix24 sends no membership events). */
export const GROUPS_RECURRING_JOBS: readonly RecurringJob[] = [
  {
    kind: JOB_KINDS.workgroupSync,
    periodMs: 15 * MINUTE,
    payload: {},
    portalFilter: `EXISTS (SELECT 1 FROM training_groups g WHERE g.portal_id = p.id AND g.link_state = 'linked' AND g.deleted_at IS NULL)`,
  },
];

/**
 * After a full people pass (the daily one included), memberships of people Bitrix24 no longer
 * lists as active end, history kept: there is no REST event for a deactivated user (PRODUCT.md §3).
 */
function peopleByGroup(rows: ReadonlyArray<{ groupId: number; personId: number }>): Map<number, number[]> {
  const byGroup = new Map<number, number[]>();
  for (const row of rows) byGroup.set(row.groupId, [...(byGroup.get(row.groupId) ?? []), row.personId]);
  return byGroup;
}

export function endingInactiveMemberships(importPeople: JobHandler): JobHandler {
  return async (ctx: JobContext<{ userIds?: unknown }>) => {
    const result = await importPeople(ctx);
    if (ctx.payload.userIds !== undefined) return result;
    // One transaction: memberships, their plans and the audit end together or not at all.
    const ended = await ctx.db.transaction(async (trx: Knex.Transaction) => {
      const rows = await endMembershipsOfInactivePeople(trx, ctx.portalId);
      for (const [groupId, personIds] of peopleByGroup(rows)) await endLeaversPlans(trx, ctx.portalId, groupId, personIds);
      await appendAudit(
        trx,
        ctx.portalId,
        rows.map((m) => ({ groupId: m.groupId, personId: m.personId, actorId: null, action: 'ended-inactive' as const, method: 'people-pass' as const, source: m.source, result: 'ok' as const })),
      );
      return rows;
    });
    return { ...(result as Record<string, unknown>), membershipsEnded: ended.length };
  };
}

export function groupsJobHandlers(deps: { bitrix: PeopleBitrix & NoticeBitrix; importPeople?: JobHandler }): Record<string, JobHandler> {
  return {
    [JOB_KINDS.workgroupSync]: workgroupSyncHandler({ bitrix: deps.bitrix }),
    [JOB_KINDS.workgroupUnlink]: workgroupUnlinkHandler(),
    [INVITATION_NOTICE_KIND]: invitationNoticeHandler({ bitrix: deps.bitrix }),
    ...(deps.importPeople ? { [JOB_KINDS.importPeople]: endingInactiveMemberships(deps.importPeople) } : {}),
  };
}
