import type { Knex } from 'knex';
import { appendAudit } from './audit-repository';
import { queueSync } from './group-card';
import { admit, askBitrix24, type GroupsCaller, type GroupsDeps } from './group-access';
import { GroupsProblem } from './groups-errors';
import { closeInvitation, findPendingInvitation } from './invitations-repository';
import type { Actor, PortalEndpoint } from '../bitrix/rest-types';
import { standingInWorkgroup, withdrawInvitation, writeMembership } from './workgroup-bitrix';

/**
 * Cancelling a pending invitation from the group's card (issue 9, part 4).
 *
 * - An app invitation (unlinked group) is the app's own: cancelled here, gone from My groups.
 * - An invitation pending in the linked Bitrix24 workgroup is Bitrix24's: only Bitrix24 can withdraw
 *   it, and its only REST way is sonet_group.user.delete on the invited person (the method deletes
 *   any relation but the owner's, pending ones included; src socialnetwork rest.php
 *   deleteGroupUsers), which Bitrix24 allows to portal admins only (BITRIX24.md §5.4). So an admin
 *   withdraws it with their own token; a moderator is told to do it in Bitrix24.
 *   Because that method also removes members, the app first asks Bitrix24 whether the person is
 *   still only invited: one who accepted meanwhile is left alone and the group re-synced.
 *
 * Bitrix24 has no atomic "withdraw if still invited". Someone accepting between that check and the
 * delete would be removed, so the delete goes in one batch right behind a second reading of where
 * they stand (Bitrix24 runs a batch's commands back to back): if that reading says they had become
 * a member, the delete took a member, and the admin's own token adds them straight back
 * (sonet_group.user.add, admin-only like the delete), with an audit entry saying why. What stays
 * open is a request committed between the two commands of one batch, and the re-added person's
 * role: Bitrix24 re-adds them as a plain member (K), as they were right after accepting.
 */

const notPending = () => new GroupsProblem(409, 'INVITATION_CLOSED', 'This invitation is no longer pending: it was answered, cancelled or withdrawn.');

export async function cancelInvitation(deps: GroupsDeps, caller: GroupsCaller, groupId: number, invitationId: number): Promise<{ state: 'cancelled' }> {
  // The group first: a group the caller may not see is a 404 before anything about its invitations.
  await admit(deps, caller, groupId, 'view');
  const invitation = await findPendingInvitation(deps.db, caller.portalId, groupId, invitationId);
  if (!invitation) throw notPending();

  if (invitation.kind === 'app') {
    await admit(deps, caller, groupId, 'cancel-invitation');
    return closeAndRecord(deps.db, caller, groupId, invitationId, 'app-invitation', null);
  }

  const { group } = await admit(deps, caller, groupId, 'withdraw-workgroup-invitation');
  const workgroupId = group.workgroupId!;
  const { portal, asked } = await askBitrix24(deps, caller);
  const standing = await standingInWorkgroup(deps.bitrix, portal, asked.actor, workgroupId, invitation.personId);
  if (standing !== 'invited') {
    // Accepted or declined in Bitrix24 since the last sync: the sync records which.
    await queueSync(deps, caller.portalId, workgroupId);
    throw new GroupsProblem(
      409,
      'INVITATION_CLOSED',
      standing === 'member'
        ? 'They have accepted the invitation in Bitrix24 in the meantime: the group is being synced.'
        : 'Bitrix24 no longer holds this invitation (declined or withdrawn there): the group is being synced.',
    );
  }
  const answer = await withdrawInvitation(deps.bitrix, portal, asked.actor, workgroupId, invitation.personId);
  if (answer.kind === 'refused') {
    await appendAudit(deps.db, caller.portalId, [
      { groupId, personId: invitation.personId, actorId: caller.userId, action: 'refused', method: 'invite', source: 'invitation', result: 'refused', detail: answer.description || answer.code },
    ]);
    throw new GroupsProblem(409, 'B24_REFUSED', `Bitrix24 refused: ${answer.description || answer.code}`);
  }
  if (answer.removed && answer.standing === 'member') return restoreAcceptedMember(deps, caller, { portal, actor: asked.actor }, groupId, workgroupId, invitation.personId);
  if (!answer.removed) {
    await queueSync(deps, caller.portalId, workgroupId);
    throw new GroupsProblem(409, 'INVITATION_CLOSED', 'Bitrix24 withdrew nothing: the invitation changed there in the meantime, and the group is being synced.');
  }
  return closeAndRecord(deps.db, caller, groupId, invitationId, 'invite', 'Withdrawn in Bitrix24');
}

async function closeAndRecord(db: Knex, caller: GroupsCaller, groupId: number, invitationId: number, method: 'app-invitation' | 'invite', detail: string | null) {
  return db.transaction(async (trx: Knex.Transaction) => {
    const closed = await closeInvitation(trx, caller.portalId, invitationId, { groupId }, 'cancelled');
    // Answered in My groups a moment ago: that answer stands.
    if (!closed) throw notPending();
    await appendAudit(trx, caller.portalId, [
      { groupId, personId: closed.personId, actorId: caller.userId, action: 'cancelled', method, source: 'invitation', result: 'ok', detail },
    ]);
    return { state: 'cancelled' as const };
  });
}

/**
 * The person accepted in Bitrix24 in the instant between the check and the delete, which then
 * removed a member: add them back with the admin's token, record both steps, and tell the admin
 * the invitation was no longer pending. A failed re-add is recorded as refused and said plainly.
 */
async function restoreAcceptedMember(deps: GroupsDeps, caller: GroupsCaller, bitrix: { portal: PortalEndpoint; actor: Actor }, groupId: number, workgroupId: number, personId: number): Promise<never> {
  const readd = await writeMembership(deps.bitrix, bitrix.portal, bitrix.actor, 'sonet_group.user.add', workgroupId, [personId]);
  const back = readd.kind === 'done' && readd.ids.includes(String(personId));
  await appendAudit(deps.db, caller.portalId, [
    {
      groupId,
      personId,
      actorId: caller.userId,
      action: back ? 'added' : 'refused',
      method: 'add',
      source: 'workgroup',
      result: back ? 'ok' : 'refused',
      detail: back
        ? 'Added back: they accepted the invitation in Bitrix24 while it was being withdrawn'
        : `Accepted in Bitrix24 while the invitation was being withdrawn, and removed; adding them back failed: ${readd.kind === 'refused' ? readd.description || readd.code : 'Bitrix24 added no one'}`,
    },
  ]);
  await queueSync(deps, caller.portalId, workgroupId);
  throw new GroupsProblem(
    409,
    'INVITATION_CLOSED',
    back
      ? 'They accepted the invitation in Bitrix24 just as it was being withdrawn: they stay a member of the workgroup, and the group is being synced.'
      : 'They accepted the invitation in Bitrix24 just as it was being withdrawn, and Bitrix24 removed them; adding them back failed: add them again from the card.',
  );
}
