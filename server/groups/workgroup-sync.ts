import type { Knex } from 'knex';
import { BitrixError } from '../bitrix/bitrix-errors';
import type { PortalEndpoint } from '../bitrix/rest-types';
import { enqueueJob } from '../jobs/job-repository';
import { JOB_KINDS } from '../jobs/job-kinds';
import { PermanentJobError, type JobContext } from '../jobs/job-types';
import { mirrorPeopleByIds, rowsOf, type PeopleBitrix } from '../people/mirror-people';
import { getPortal } from '../tenants/portal-repository';
import { appendAudit, type AuditEntry } from './audit-repository';
import { findGroupByWorkgroup, linkedWorkgroupIds, markUnlinkedByBitrix24, recordWorkgroupFacts } from './groups-repository';
import { cancelPendingInvitations, closeWorkgroupInvitations, upsertWorkgroupInvitations } from './invitations-repository';
import { endMembershipsExcept, upsertWorkgroupMembers } from './members-repository';
import { peopleToMirror } from './people-facts';
import { endLeaversPlans, planJoiners } from '../training/member-plans';

/**
 * Mirroring linked workgroups (PRODUCT.md §3, issue 9 part 5), as the `workgroup-sync` job.
 * Bitrix24 sends no event for membership changes, so the app reads, with the app's stored token:
 * sonet_group.user.get (every active member, A/E/K, unpaged), INVITED_MEMBERS from
 * socialnetwork.api.workgroup.get and the workgroup's row (sonet_group.get), all in ONE batch; then
 * the people the mirror lacks, through people/'s batched user.get; then one transaction of upserts.
 *
 * Resumable and idempotent by construction: a run that dies anywhere (503, 429, an expired grant,
 * a crash) left either nothing or whole people rows behind, and the retry reads Bitrix24 again and
 * upserts on the one-open-membership index - nothing is lost and nothing doubled. A second sync
 * with no change writes no membership, invitation or audit row.
 */

type Payload = { groupId?: unknown };
const APP = { kind: 'app' } as const;
const ids = (value: unknown): number[] =>
  (Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [])
    .map(Number)
    .filter((id) => Number.isSafeInteger(id) && id > 0);

async function portalOf(ctx: JobContext): Promise<PortalEndpoint> {
  const portal = await getPortal(ctx.db, ctx.portalId);
  if (!portal || portal.state === 'uninstalled') throw new PermanentJobError('the app is not installed on this portal');
  return portal;
}

function workgroupIdOf(payload: Payload): number | null {
  if (payload.groupId === undefined) return null;
  const id = Number(payload.groupId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new PermanentJobError('groupId must be a workgroup id');
  return id;
}

/** The job: one workgroup (payload { groupId: <workgroup id> }) or, without one, every linked workgroup of the portal. */
export function workgroupSyncHandler(deps: { bitrix: PeopleBitrix }) {
  return async (ctx: JobContext<Payload>) => {
    const workgroupId = workgroupIdOf(ctx.payload);
    if (workgroupId === null) return queueEveryLinkedWorkgroup(ctx);
    return syncWorkgroup(ctx.db, deps.bitrix, await portalOf(ctx), workgroupId, {
      signal: ctx.signal,
      progress: (done, total, message) => ctx.reportProgress(done, total, message),
    });
  };
}

/** The 15-minute pass fans out into one job per linked workgroup (each deduplicated, each resumable on its own). */
async function queueEveryLinkedWorkgroup(ctx: JobContext<Payload>) {
  const workgroups = await linkedWorkgroupIds(ctx.db, ctx.portalId);
  for (const id of workgroups) {
    await enqueueJob(ctx.db, ctx.portalId, JOB_KINDS.workgroupSync, { groupId: id }, { dedupKey: `${JOB_KINDS.workgroupSync}:${id}` });
  }
  await ctx.reportProgress(workgroups.length, workgroups.length, `${workgroups.length} linked workgroups queued`);
  return { queued: workgroups.length };
}

export interface SyncOptions {
  signal?: AbortSignal;
  progress?: (done: number, total: number | null, message: string) => Promise<void>;
}

export interface SyncResult {
  groupId: number | null;
  members: number;
  invited: number;
  joined: number;
  left: number;
  peopleMirrored: number;
  unlinked?: boolean;
}

const GONE = new Set(['SONET_GROUP_NOT_FOUND', 'SONET_CONTROLLER_WORKGROUP_NOT_FOUND', 'SONET_WRONG_GROUP_ID']);

export async function syncWorkgroup(db: Knex, bitrix: PeopleBitrix, portal: PortalEndpoint, workgroupId: number, options: SyncOptions = {}): Promise<SyncResult> {
  const empty: SyncResult = { groupId: null, members: 0, invited: 0, joined: 0, left: 0, peopleMirrored: 0 };
  const group = await findGroupByWorkgroup(db, portal.id, workgroupId);
  if (!group) return empty;
  await options.progress?.(0, null, 'Reading the workgroup from Bitrix24');

  const answer = await bitrix.batch(portal, APP, {
    members: ['sonet_group.user.get', { ID: workgroupId }],
    card: ['socialnetwork.api.workgroup.get', { params: { groupId: workgroupId } }],
    row: ['sonet_group.get', { FILTER: { ID: workgroupId }, IS_ADMIN: 'Y' }],
  });
  const failure = answer.errors.members ?? answer.errors.card;
  if (failure) {
    // The installing admin sees every workgroup: "not found" means Bitrix24 deleted it.
    if (GONE.has(failure.error)) return { ...empty, groupId: group.id, unlinked: (await unlinkWorkgroup(db, portal.id, workgroupId)).length > 0 };
    throw new BitrixError(failure.error, failure.error_description, 200, answer.errors.members ? 'sonet_group.user.get' : 'socialnetwork.api.workgroup.get');
  }
  const members = rowsOf(answer.result.members)
    .map((row) => ({ userId: Number(row.USER_ID), role: String(row.ROLE ?? '') }))
    .filter((m) => Number.isSafeInteger(m.userId) && m.userId > 0);
  const memberIds = members.map((m) => m.userId);
  const card = (answer.result.card ?? {}) as Record<string, unknown>;
  const row = rowsOf(answer.result.row)[0] ?? {};
  const invited = ids(card.INVITED_MEMBERS).filter((id) => !memberIds.includes(id));

  // People the mirror lacks, through the people mirror's batched user.get (2,500 a request).
  const missing = await peopleToMirror(db, portal.id, [...memberIds, ...invited]);
  const total = missing.length + 1;
  const mirrored = await mirrorPeopleByIds(db, bitrix, portal, missing, (done) => options.progress?.(done, total, `${done} of ${missing.length} people read`), {
    signal: options.signal,
  });
  options.signal?.throwIfAborted();

  const counts = await db.transaction(async (trx: Knex.Transaction) => {
    // Rows opened after this sync began (an admin's add meanwhile) are newer than what it read: leave them.
    const startedAt = (await trx.raw<{ rows: Array<{ now: Date | string }> }>('SELECT transaction_timestamp() AS now')).rows[0]!.now;
    const joined = await upsertWorkgroupMembers(trx, portal.id, group.id, members);
    // Newcomers to a group in training get their plans in this transaction (issue 10).
    if (joined.length > 0) await planJoiners(trx, portal.id, group.id);
    const left = await endMembershipsExcept(trx, portal.id, group.id, memberIds, 'left', new Date(startedAt));
    // ...and those who left end theirs, results kept.
    await endLeaversPlans(trx, portal.id, group.id, left);
    const newlyInvited = await upsertWorkgroupInvitations(trx, portal.id, group.id, invited);
    const closed = await closeWorkgroupInvitations(trx, portal.id, group.id, invited, memberIds);
    const audit: AuditEntry[] = [
      ...joined.map((personId) => entry(group.id, personId, 'joined')),
      ...left.map((personId) => entry(group.id, personId, 'left')),
      ...newlyInvited.map((personId) => entry(group.id, personId, 'invited')),
      ...closed.filter((c) => c.state === 'withdrawn').map((c) => entry(group.id, c.personId, 'withdrawn')),
    ];
    await appendAudit(trx, portal.id, audit);
    await recordWorkgroupFacts(trx, portal.id, group.id, {
      name: String(card.NAME ?? row.NAME ?? group.name).slice(0, 255) || group.name,
      description: String(card.DESCRIPTION ?? row.DESCRIPTION ?? ''),
      isExtranet: row.IS_EXTRANET === 'Y' || group.isExtranet,
    });
    return { joined: joined.length, left: left.length };
  });
  await options.progress?.(total, total, `${members.length} members, ${invited.length} invited`);
  return { groupId: group.id, members: members.length, invited: invited.length, ...counts, peopleMirrored: mirrored.mirrored };
}

const entry = (groupId: number, personId: number, action: AuditEntry['action']): AuditEntry => ({
  groupId,
  personId,
  actorId: null,
  action,
  method: 'sync',
  source: 'workgroup',
  result: 'ok',
});

/** ONSONETGROUPDELETE (or a sync finding the workgroup gone): the group stays, unlinked, and says so. */
export async function unlinkWorkgroup(db: Knex, portalId: string, workgroupId: number): Promise<number[]> {
  return db.transaction(async (trx: Knex.Transaction) => {
    const groups = await markUnlinkedByBitrix24(trx, portalId, workgroupId);
    for (const groupId of groups) await cancelPendingInvitations(trx, portalId, groupId, 'workgroup');
    return groups;
  });
}

export function workgroupUnlinkHandler() {
  return async (ctx: JobContext<Payload>) => {
    const workgroupId = workgroupIdOf(ctx.payload);
    if (workgroupId === null) throw new PermanentJobError('groupId is required');
    const groups = await unlinkWorkgroup(ctx.db, ctx.portalId, workgroupId);
    await ctx.reportProgress(1, 1, groups.length ? 'unlinked' : 'no linked group');
    return { unlinked: groups };
  };
}
