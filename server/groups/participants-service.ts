import type { Knex } from 'knex';
import { appendAudit, type AuditEntry } from './audit-repository';
import { admit, askBitrix24, type GroupsCaller, type GroupsDeps } from './group-access';
import { GroupsProblem } from './groups-errors';
import { markExtranet } from './groups-repository';
import { queueInvitationNotices } from './invitation-notice';
import { closeInvitation, insertInvitation, pendingInvitees } from './invitations-repository';
import {
  invitationTag,
  joinMethod,
  resultsInApp,
  resultsOfBitrixAnswer,
  resultsOfBitrixRefusal,
  sortCandidates,
  type PersonResult,
} from './invite-or-add';
import { endMembership, openMembership, openStates } from './members-repository';
import { endLeaversPlans, planJoiners } from '../training/member-plans';
import { peopleFacts } from './people-facts';
import { writeMembership } from './workgroup-bitrix';

/** Adding, inviting and removing participants, and answering app invitations (issue 9, part 4). */

export async function addParticipants(deps: GroupsDeps, caller: GroupsCaller, groupId: number, userIds: readonly number[]) {
  const { group, bitrix: asked } = await admit(deps, caller, groupId, 'add-participants');
  const linked = group.linkState === 'linked' && group.workgroupId !== null;
  const method = joinMethod(caller.role, linked);
  const ids = [...new Set(userIds)];
  const [people, states, pending] = await Promise.all([
    peopleFacts(deps.db, caller.portalId, ids),
    openStates(deps.db, caller.portalId, groupId, ids),
    pendingInvitees(deps.db, caller.portalId, groupId, ids),
  ]);
  const { send, settled } = sortCandidates(
    ids.map((userId) => ({ userId, known: people.get(userId)?.active === true, activeMember: states.has(userId), pendingInvitation: pending.has(userId) })),
  );
  let results: PersonResult[] = [];
  if (send.length > 0 && method.restMethod) {
    // Linked: Bitrix24 does it, with the caller's own token (an admin's add is asked for it here).
    const { portal, asked: who } = asked ?? (await askBitrix24(deps, caller));
    const answer = await writeMembership(deps.bitrix, portal, who.actor, method.restMethod, group.workgroupId!, send);
    results = answer.kind === 'done' ? resultsOfBitrixAnswer(method.restMethod, send, answer.ids) : resultsOfBitrixRefusal(send, answer.code, answer.description);
  } else if (send.length > 0) {
    results = resultsInApp(method.method, send);
  }

  const audit: AuditEntry[] = [];
  const announce: number[] = [];
  await deps.db.transaction(async (trx: Knex.Transaction) => {
    for (const r of results) {
      const base = { groupId, personId: r.userId, actorId: caller.userId, method: method.method, source: 'manual' as const };
      if (r.outcome === 'refused') {
        audit.push({ ...base, action: 'refused', result: 'refused', detail: r.reason });
      } else if (r.outcome === 'added') {
        // Linked: Bitrix24 added them already; the mirror will confirm with their role.
        await openMembership(trx, caller.portalId, groupId, r.userId, 'manual');
        if (people.get(r.userId)?.userType === 'extranet') await markExtranet(trx, caller.portalId, groupId);
        audit.push({ ...base, action: 'added', result: 'ok' });
      } else if (r.outcome === 'invited') {
        const tag = linked ? null : invitationTag(groupId, r.userId);
        const invitationId = await insertInvitation(trx, caller.portalId, { groupId, personId: r.userId, kind: linked ? 'workgroup' : 'app', invitedBy: caller.userId, tag });
        if (invitationId !== null && tag) announce.push(invitationId);
        audit.push({ ...base, action: 'invited', result: 'ok' });
      }
    }
    await appendAudit(trx, caller.portalId, audit);
    // A group in training gives its newcomers their plans in the same transaction (issue 10).
    if (results.some((r) => r.outcome === 'added')) await planJoiners(trx, caller.portalId, groupId, deps.now());
    // Announced by a job, committed with the invitations: never lost, retried when Bitrix24 is busy.
    await queueInvitationNotices(trx, caller.portalId, announce);
  });

  const byId = new Map([...settled, ...results].map((r) => [r.userId, r]));
  return { method: method.method, results: ids.map((id) => byId.get(id)!) };
}

export async function removeParticipant(deps: GroupsDeps, caller: GroupsCaller, groupId: number, personId: number) {
  const { group } = await admit(deps, caller, groupId, 'remove-participants');
  const states = await openStates(deps.db, caller.portalId, groupId, [personId]);
  if (!states.has(personId)) throw new GroupsProblem(404, 'NOT_A_MEMBER', 'This person is not a participant of the group.');
  if (group.linkState === 'linked' && group.workgroupId !== null) {
    const { portal, asked } = await askBitrix24(deps, caller);
    const answer = await writeMembership(deps.bitrix, portal, asked.actor, 'sonet_group.user.delete', group.workgroupId, [personId]);
    if (answer.kind === 'refused') {
      await appendAudit(deps.db, caller.portalId, [
        { groupId, personId, actorId: caller.userId, action: 'refused', method: 'remove', source: 'manual', result: 'refused', detail: answer.description },
      ]);
      throw new GroupsProblem(409, 'B24_REFUSED', `Bitrix24 refused: ${answer.description || answer.code}`);
    }
    // Bitrix24 never removes a workgroup's owner (nor a scrum master) this way (§5.4); anyone else
    // it did not return had already left the workgroup, and leaves the group too.
    if (!answer.ids.includes(String(personId)) && (await isOwner(deps.db, caller.portalId, groupId, personId))) {
      throw new GroupsProblem(409, 'B24_REFUSED', "Bitrix24 does not remove a workgroup's owner: change the owner in Bitrix24 first.");
    }
  }
  await deps.db.transaction(async (trx: Knex.Transaction) => {
    await endMembership(trx, caller.portalId, groupId, personId, 'removed');
    // Their plan in a group in training ends with the membership; results are kept (issue 10).
    await endLeaversPlans(trx, caller.portalId, groupId, [personId], deps.now());
    await appendAudit(trx, caller.portalId, [{ groupId, personId, actorId: caller.userId, action: 'removed', method: 'remove', source: 'manual', result: 'ok' }]);
  });
  return { outcome: 'removed' as const };
}

async function isOwner(db: Knex, portalId: string, groupId: number, personId: number): Promise<boolean> {
  const row = await db('group_members').where({ portal_id: portalId, group_id: groupId, person_id: personId, workgroup_role: 'A' }).whereNull('left_at').first('id');
  return Boolean(row);
}

/** The invited person accepts (an active member at once) or declines an app invitation. */
export async function answerInvitation(deps: GroupsDeps, caller: GroupsCaller, invitationId: number, accept: boolean) {
  return deps.db.transaction(async (trx: Knex.Transaction) => {
    const closed = await closeInvitation(trx, caller.portalId, invitationId, { personId: caller.userId, kind: 'app' }, accept ? 'accepted' : 'declined');
    if (!closed) throw new GroupsProblem(409, 'INVITATION_CLOSED', 'This invitation is no longer open: it was answered or cancelled.');
    const group = await trx('training_groups').where({ portal_id: caller.portalId, id: closed.groupId }).whereNull('deleted_at').first('id', 'name');
    if (!group) throw new GroupsProblem(409, 'INVITATION_CLOSED', 'The training group no longer exists.');
    if (accept) {
      await openMembership(trx, caller.portalId, closed.groupId, caller.userId, 'invitation');
      await planJoiners(trx, caller.portalId, closed.groupId, deps.now());
      if (caller.role === 'extranet') await markExtranet(trx, caller.portalId, closed.groupId);
    }
    await appendAudit(trx, caller.portalId, [
      { groupId: closed.groupId, personId: caller.userId, actorId: caller.userId, action: accept ? 'accepted' : 'declined', method: 'answer', source: 'invitation', result: 'ok' },
    ]);
    return { state: accept ? ('accepted' as const) : ('declined' as const), group: { id: Number(group.id), name: String(group.name) } };
  });
}
