import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import { appendAudit, countAudit } from './audit-repository';
import { canOpen } from '../catalog/content-access';
import { groupAttachmentOf, type ContentKind } from './closed-content-sql';
import { attachContent, contentItemState, detachAllContent, detachContent, listContent, type ContentItemState } from './content-repository';
import { admit, askBitrix24, portalEndpoint, type GroupsCaller, type GroupsDeps } from './group-access';
import { cardOf, originOf, queueSync, showsWorkgroup } from './group-card';
import { decide } from './group-rights';
import { enforce, GroupsProblem } from './groups-errors';
import { findGroupByWorkgroup, insertGroup, updateGroupVersioned, type GroupRecord } from './groups-repository';
import { findGroupCard, findGroupWithFacts } from './group-views-repository';
import { runnerOf, type RunStatement } from '../db/driver-query';
import { cancelPendingInvitations, countPendingInvitations } from './invitations-repository';
import { endMembershipsExcept } from './members-repository';
import { createWorkgroup, readWorkgroup } from './workgroup-bitrix';

/** Creating, editing, deleting and unlinking training groups, and attaching content (issue 9, parts 1, 2, 7). */

export interface GroupInput {
  name?: string;
  description?: string;
  accessStartsOn?: string | null;
  accessEndsOn?: string | null;
  workgroupId?: number;
  createWorkgroup?: boolean;
}

function checkWindow(startsOn: string | null | undefined, endsOn: string | null | undefined): void {
  if (startsOn && endsOn && endsOn < startsOn) throw new HttpError(400, 'VALIDATION_FAILED', 'The access end date is before the start date.', 'accessEndsOn');
}

const uniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

async function card(deps: GroupsDeps, caller: GroupsCaller, groupId: number, jobId?: number) {
  const [group, portal] = await Promise.all([findGroupWithFacts(deps.db, caller.portalId, groupId, caller.userId), portalEndpoint(deps.db, caller.portalId)]);
  if (!group) throw new GroupsProblem(404, 'NOT_FOUND', 'There is no such training group in this portal.');
  return cardOf(deps, caller, group, originOf(portal.clientEndpoint), { jobId });
}

export async function openCard(deps: GroupsDeps, caller: GroupsCaller, groupId: number, run: RunStatement = runnerOf(deps.db)) {
  // The group, its content and its portal's address in one statement (`run`: with the caller check, from the route).
  const { group } = await admit(deps, caller, groupId, 'view', (db, portalId, id, viewerId) => findGroupCard(db, portalId, id, viewerId, run));
  const origin = showsWorkgroup(group) ? originOf(group.clientEndpoint) : '';
  return cardOf(deps, caller, group, origin, { syncIfStale: true, content: group.content });
}

/** From scratch, from an existing workgroup (linked), or with a new workgroup created in Bitrix24 and linked. */
export async function createGroup(deps: GroupsDeps, caller: GroupsCaller, input: GroupInput) {
  enforce(decide({ role: caller.role, userId: caller.userId, action: 'create', group: null }));
  checkWindow(input.accessStartsOn, input.accessEndsOn);
  let workgroup: { id: number; name: string; description: string; isExtranet: boolean } | null = null;

  if (input.workgroupId !== undefined || input.createWorkgroup) {
    const { portal, asked } = await askBitrix24(deps, caller);
    if (input.workgroupId !== undefined) {
      const liveRole = asked.workgroups.get(input.workgroupId)?.role ?? null;
      enforce(decide({ role: caller.role, userId: caller.userId, action: 'link', group: null, liveRole }));
      const found = await readWorkgroup(deps.bitrix, portal, asked.actor, input.workgroupId);
      if (!found) throw new GroupsProblem(404, 'WORKGROUP_NOT_FOUND', 'Bitrix24 has no such workgroup, or you cannot see it.');
      workgroup = found;
    } else {
      const name = input.name?.trim() ?? '';
      if (!name) throw new HttpError(400, 'VALIDATION_FAILED', 'A training group needs a name.', 'name');
      const id = await createWorkgroup(deps.bitrix, portal, asked.actor, { name, description: input.description ?? '' });
      workgroup = { id, name, description: input.description ?? '', isExtranet: false };
    }
    const existing = await findGroupByWorkgroup(deps.db, caller.portalId, workgroup.id);
    if (existing) throw alreadyLinked(existing);
  }

  const name = (workgroup?.name ?? input.name ?? '').trim();
  if (!name) throw new HttpError(400, 'VALIDATION_FAILED', 'A training group needs a name.', 'name');
  let group: GroupRecord;
  try {
    group = await insertGroup(deps.db, caller.portalId, {
      name: name.slice(0, 255),
      description: workgroup?.description ?? input.description ?? '',
      accessStartsOn: input.accessStartsOn ?? null,
      accessEndsOn: input.accessEndsOn ?? null,
      createdBy: caller.userId,
      workgroupId: workgroup?.id ?? null,
      isExtranet: workgroup?.isExtranet ?? false,
    });
  } catch (error) {
    if (workgroup && uniqueViolation(error)) {
      const existing = await findGroupByWorkgroup(deps.db, caller.portalId, workgroup.id);
      if (existing) throw alreadyLinked(existing);
    }
    throw error;
  }
  // The participants are exactly the workgroup's members: the mirror reads them now.
  const jobId = workgroup ? await queueSync(deps, caller.portalId, workgroup.id) : undefined;
  return card(deps, caller, group.id, jobId);
}

const alreadyLinked = (existing: GroupRecord) =>
  new GroupsProblem(409, 'WORKGROUP_ALREADY_LINKED', `The training group "${existing.name}" is already linked to this workgroup.`, { groupId: existing.id });

export interface GroupPatch {
  version: number;
  name?: string;
  description?: string;
  accessStartsOn?: string | null;
  accessEndsOn?: string | null;
}

export async function editGroup(deps: GroupsDeps, caller: GroupsCaller, groupId: number, patch: GroupPatch) {
  const touchesText = patch.name !== undefined || patch.description !== undefined;
  // Name and description are read-only while linked (refused for everyone); the rest asks Bitrix24 for a non-admin.
  const { group } = await admit(deps, caller, groupId, touchesText ? 'edit-name-and-description' : 'edit');
  const startsOn = patch.accessStartsOn !== undefined ? patch.accessStartsOn : group.accessStartsOn;
  const endsOn = patch.accessEndsOn !== undefined ? patch.accessEndsOn : group.accessEndsOn;
  checkWindow(startsOn, endsOn);
  const columns: Record<string, unknown> = {};
  if (patch.name !== undefined) {
    if (!patch.name.trim()) throw new HttpError(400, 'VALIDATION_FAILED', 'A training group needs a name.', 'name');
    columns.name = patch.name.trim();
  }
  if (patch.description !== undefined) columns.description = patch.description;
  if (patch.accessStartsOn !== undefined) columns.access_starts_on = patch.accessStartsOn;
  if (patch.accessEndsOn !== undefined) columns.access_ends_on = patch.accessEndsOn;
  const saved = await updateGroupVersioned(deps.db, caller.portalId, groupId, patch.version, columns);
  if (saved.kind === 'missing') throw new GroupsProblem(404, 'NOT_FOUND', 'There is no such training group in this portal.');
  if (saved.kind === 'conflict') {
    throw new GroupsProblem(409, 'EDIT_CONFLICT', 'Someone else saved this group after you opened it. Your changes were not saved.', { current: await card(deps, caller, groupId) });
  }
  return card(deps, caller, groupId);
}

export async function deletePreview(deps: GroupsDeps, caller: GroupsCaller, groupId: number) {
  const { group } = await admit(deps, caller, groupId, 'view');
  const [content, auditEntries, invitations, portal] = await Promise.all([
    listContent(deps.db, caller.portalId, groupId),
    countAudit(deps.db, caller.portalId, groupId),
    countPendingInvitations(deps.db, caller.portalId, groupId),
    portalEndpoint(deps.db, caller.portalId),
  ]);
  const summary = await cardOf(deps, caller, group, originOf(portal.clientEndpoint));
  return {
    participants: group.counts.active,
    invitations: invitations.app + invitations.workgroup,
    // Withdrawn with the group: they leave the invited people's My groups.
    appInvitations: invitations.app,
    // Bitrix24's own: deleting the training group does not touch the workgroup, so they stay there.
    workgroupInvitations: invitations.workgroup,
    content,
    auditEntries,
    workgroup: summary.workgroup,
  };
}

/**
 * Memberships end and stay as history, content is detached, the row is soft-deleted. Pending
 * invitations end in the app (app invitations leave My groups); those pending in a linked Bitrix24
 * workgroup stay in Bitrix24, as the delete preview says, since the workgroup is left as it is.
 */
export async function deleteGroup(deps: GroupsDeps, caller: GroupsCaller, groupId: number, version: number) {
  await admit(deps, caller, groupId, 'delete');
  await deps.db.transaction(async (trx: Knex.Transaction) => {
    const saved = await updateGroupVersioned(trx, caller.portalId, groupId, version, { deleted_at: true });
    if (saved.kind === 'missing') throw new GroupsProblem(404, 'NOT_FOUND', 'There is no such training group in this portal.');
    if (saved.kind === 'conflict') throw new GroupsProblem(409, 'EDIT_CONFLICT', 'Someone else changed this group after you opened it: reload it first.');
    const ended = await endMembershipsExcept(trx, caller.portalId, groupId, [], 'ended');
    await appendAudit(
      trx,
      caller.portalId,
      ended.map((personId) => ({ groupId, personId, actorId: caller.userId, action: 'removed' as const, method: 'delete-group' as const, source: 'manual' as const, result: 'ok' as const })),
    );
    await cancelPendingInvitations(trx, caller.portalId, groupId);
    await detachAllContent(trx, caller.portalId, groupId);
  });
  return { deleted: true };
}

/** Stops mirroring: participants stay as they are; name and description become editable. */
export async function unlinkGroup(deps: GroupsDeps, caller: GroupsCaller, groupId: number, version: number) {
  await admit(deps, caller, groupId, 'unlink');
  const saved = await updateGroupVersioned(deps.db, caller.portalId, groupId, version, { link_state: 'unlinked', unlinked_at: true });
  if (saved.kind === 'conflict') throw new GroupsProblem(409, 'EDIT_CONFLICT', 'Someone else changed this group after you opened it: reload it first.');
  if (saved.kind === 'missing') throw new GroupsProblem(404, 'NOT_FOUND', 'There is no such training group in this portal.');
  await cancelPendingInvitations(deps.db, caller.portalId, groupId, 'workgroup');
  return card(deps, caller, groupId);
}

export async function setContent(deps: GroupsDeps, caller: GroupsCaller, groupId: number, kind: ContentKind, itemId: number, attached: boolean) {
  await admit(deps, caller, groupId, 'attach-content');
  if (attached) {
    const item = await contentItemState(deps.db, caller.portalId, kind, itemId);
    // Another group's closed item is as absent to a moderator who may not open it as in their lists.
    const viewer = { role: caller.role, personId: caller.userId };
    const opens = async (found: Extract<ContentItemState, { state: 'ok' }>) =>
      canOpen(viewer, { kind, hiddenFromExtranet: found.hiddenFromExtranet, authorId: found.authorId, groups: await groupAttachmentOf(deps.db, caller.portalId, viewer, { kind, id: itemId }, deps.now()) });
    if (item.state === 'missing' || (item.state === 'ok' && !(await opens(item)))) throw new GroupsProblem(404, 'NOT_FOUND', `There is no such ${kind} in this portal.`);
    if (item.state === 'unit-test') throw new HttpError(400, 'UNIT_TEST', "A unit's test goes with its course: attach the course.", 'itemId');
    await attachContent(deps.db, caller.portalId, groupId, kind, itemId, caller.userId);
  } else {
    await detachContent(deps.db, caller.portalId, groupId, kind, itemId);
  }
  const content = await listContent(deps.db, caller.portalId, groupId);
  return { content: content.map(({ reopens: _reopens, ...ref }) => ref) };
}
