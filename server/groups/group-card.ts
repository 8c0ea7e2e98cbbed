import { enqueueJob } from '../jobs/job-repository';
import { JOB_KINDS } from '../jobs/job-kinds';
import { nudgeWorkers } from '../jobs/worker-nudge';
import { windowPosition } from './closed-content';
import { listContent, type ContentRef } from './content-repository';
import { displayedRights } from './group-rights';
import type { GroupsCaller, GroupsDeps } from './group-access';
import { factsOf } from './group-access';
import type { GroupWithFacts } from './group-views-repository';
import { joinMethod } from './invite-or-add';

/** What the API shows of a group: the summary of the list, and the card with its content and sync state. */

/** A linked group's mirror older than this is refreshed when someone opens the group. */
export const STALE_AFTER_MS = 5 * 60_000;

/** The workgroup's page in the portal (origin of the portal's stored REST endpoint: https on Bitrix24, http for the local portal). */
export function workgroupUrl(origin: string, workgroupId: number): string {
  return `${origin}/workgroups/group/${workgroupId}/`;
}

export const originOf = (clientEndpoint: string) => new URL(clientEndpoint).origin;

/** Whether the group's summary links its workgroup (and so needs the portal's origin): linked, or unlinked by Bitrix24. */
export function showsWorkgroup(group: Pick<GroupWithFacts, 'workgroupId' | 'linkState'>): boolean {
  return group.workgroupId !== null && group.linkState !== 'none' && group.linkState !== 'unlinked';
}

export function summaryOf(group: GroupWithFacts, caller: GroupsCaller, now: Date, origin: string) {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    accessStartsOn: group.accessStartsOn,
    accessEndsOn: group.accessEndsOn,
    isExtranet: group.isExtranet,
    window: windowPosition(now, group.accessStartsOn, group.accessEndsOn, group.timeZone),
    counts: group.counts,
    workgroup: !showsWorkgroup(group)
      ? null
      : {
          id: group.workgroupId!,
          name: group.name,
          url: workgroupUrl(origin, group.workgroupId!),
          state: group.linkState === 'linked' ? ('linked' as const) : ('unlinked-by-bitrix24' as const),
          unlinkedAt: group.unlinkedAt?.toISOString() ?? null,
        },
    createdBy: group.creator,
    version: group.version,
    updatedAt: group.updatedAt.toISOString(),
    rights: displayedRights(caller.role, caller.userId, factsOf(group)),
  };
}

/** Queues a sync of the group's workgroup (an open one is reused) and wakes this process's worker. */
export async function queueSync(deps: GroupsDeps, portalId: string, workgroupId: number): Promise<number> {
  const jobId = await enqueueJob(deps.db, portalId, JOB_KINDS.workgroupSync, { groupId: workgroupId }, { dedupKey: `${JOB_KINDS.workgroupSync}:${workgroupId}` });
  nudgeWorkers();
  return jobId;
}

export async function cardOf(
  deps: GroupsDeps,
  caller: GroupsCaller,
  group: GroupWithFacts,
  origin: string,
  options: { syncIfStale?: boolean; jobId?: number; content?: ContentRef[] } = {},
) {
  // Read with the group when the caller had it so (findGroupCard), else here; `reopens` is the delete preview's, not the card's.
  const content = options.content ?? (await listContent(deps.db, caller.portalId, group.id)).map(({ reopens: _reopens, ...ref }) => ref);
  const linked = group.linkState === 'linked' && group.workgroupId !== null;
  let sync = null;
  if (linked) {
    const stale = group.lastSyncedAt === null || deps.now().getTime() - group.lastSyncedAt.getTime() > STALE_AFTER_MS;
    const jobId = options.jobId ?? (stale && options.syncIfStale ? await queueSync(deps, caller.portalId, group.workgroupId!) : null);
    sync = { lastSyncedAt: group.lastSyncedAt?.toISOString() ?? null, stale, jobId };
  }
  const method = joinMethod(caller.role, linked);
  return {
    ...summaryOf(group, caller, deps.now(), origin),
    joinMethod: { method: method.method, via: method.via, reason: method.reason, canRemove: method.canRemove, removeRefusal: method.removeRefusal },
    content,
    sync,
  };
}
