import { isoSeconds, sonetError } from '../rest-errors';
import { groupVisibleTo, isMemberRole } from '../visibility';
import { idList, intval, type CallContext, type MethodTable } from './context';
import { groupOrThrow } from './sonet-groups';

/**
 * Workgroup membership methods with their real rights (BITRIX24.md §5.4, src socialnetwork rest.php):
 * add/update/delete are for portal admins only, invite for anyone who can see the group.
 * All failures carry an empty error code (§3.3).
 */

const SONET = ['sonet_group'];

/**
 * The order of checks follows the module (rest.php addGroupUsers / deleteGroupUsers): group id,
 * then the caller's rights, then the user ids, then the group itself.
 */
function writeArgs(ctx: CallContext, deniedMessage: string | null) {
  if (intval(ctx.params.GROUP_ID) <= 0) throw sonetError('Wrong group ID');
  if (deniedMessage && !ctx.isAdmin) throw sonetError(deniedMessage);
  const userIds = idList(ctx.params.USER_ID);
  if (!userIds) throw sonetError('Wrong user IDs');
  const group = groupOrThrow(ctx, ctx.params.GROUP_ID);
  return { group, userIds };
}

export const sonetMemberMethods: MethodTable = {
  'sonet_group.user.get': {
    scopes: SONET,
    handler: (ctx) => {
      const group = groupOrThrow(ctx, ctx.params.ID, 'Wrong socialnetwork group ID');
      if (!ctx.isAdmin && !groupVisibleTo(ctx.state, ctx.user, group)) throw sonetError('Socialnetwork group not found');
      // Only active users with role A/E/K; pending (Z) and deactivated users are left out. No paging.
      const result = ctx.state
        .relationsOf(group.id)
        .filter((r) => isMemberRole(r.role) && ctx.state.user(r.userId)?.active)
        .map((r) => ({ USER_ID: String(r.userId), ROLE: r.role }));
      return { result };
    },
  },

  'sonet_group.user.add': {
    scopes: SONET,
    handler: (ctx) => {
      const { group, userIds } = writeArgs(ctx, 'No permissions to add users');
      const added: string[] = [];
      const now = isoSeconds(Date.now());
      for (const userId of userIds) {
        const user = ctx.state.user(userId);
        // Users with any relation (even a pending invitation) are skipped, as are unknown users.
        if (!user || ctx.state.relation(group.id, userId)) continue;
        ctx.state.relationsOf(group.id).push({ userId, role: 'K', initiatedBy: 'G', date: now });
        // Adding an extranet user turns the group into an extranet group (§5.4).
        if (user.userType === 'extranet') group.isExtranet = true;
        added.push(String(userId));
      }
      if (added.length) ctx.hit.groupsUpdated.add(group.id);
      return { result: added };
    },
  },

  'sonet_group.user.update': {
    scopes: SONET,
    handler: (ctx) => {
      const role = ctx.params.ROLE;
      if (intval(ctx.params.GROUP_ID) <= 0) throw sonetError('Wrong group ID');
      if (!ctx.isAdmin) throw sonetError('No permissions to update users role');
      if (role !== 'E' && role !== 'K') throw sonetError('Incorrect role code');
      const { group, userIds } = writeArgs(ctx, 'No permissions to update users role');
      const changed: string[] = [];
      for (const r of ctx.state.relationsOf(group.id)) {
        // The owner is never changed here (sonet_group.setowner does that); pending users neither.
        if (!userIds.includes(r.userId) || (r.role !== 'E' && r.role !== 'K') || r.role === role) continue;
        r.role = role;
        changed.push(String(r.userId));
      }
      if (changed.length) ctx.hit.groupsUpdated.add(group.id);
      return { result: changed };
    },
  },

  'sonet_group.user.delete': {
    scopes: SONET,
    handler: (ctx) => {
      // The module reuses the "update" message here (docs: sonet-group-user-delete.md).
      const { group, userIds } = writeArgs(ctx, 'No permissions to update users role');
      const list = ctx.state.relationsOf(group.id);
      const removed: string[] = [];
      // Every relation but the owner's goes: moderators, members, and pending ones (Z: an
      // invitation or a join request), so this is also how an admin withdraws an invitation.
      for (let i = list.length - 1; i >= 0; i--) {
        const r = list[i]!;
        if (userIds.includes(r.userId) && r.role !== 'A') {
          list.splice(i, 1);
          removed.unshift(String(r.userId));
        }
      }
      if (removed.length) ctx.hit.groupsUpdated.add(group.id);
      return { result: removed };
    },
  },

  'sonet_group.user.invite': {
    scopes: SONET,
    handler: (ctx) => {
      const { group, userIds } = writeArgs(ctx, null);
      if (!ctx.isAdmin && !groupVisibleTo(ctx.state, ctx.user, group)) throw sonetError('Socialnetwork group not found');
      // Who may invite follows INITIATE_PERMS (A owner, E owner+moderators, K members); admins always may.
      const mine = ctx.state.relation(group.id, ctx.user.id)?.role;
      const rank = { A: 0, E: 1, K: 2 } as Record<string, number>;
      const allowed = ctx.isAdmin || (mine !== undefined && mine in rank && rank[mine]! <= rank[group.initiatePerms]!);
      if (!allowed) return { result: [] };
      const invited: string[] = [];
      const now = isoSeconds(Date.now());
      for (const userId of userIds) {
        const user = ctx.state.user(userId);
        if (!user || !user.active || userId === ctx.user.id || ctx.state.relation(group.id, userId)) continue;
        ctx.state.relationsOf(group.id).push({ userId, role: 'Z', initiatedBy: 'G', date: now });
        invited.push(String(userId));
        // Like CSocNetUserToGroup::SendRequestToJoinGroup: the invited user is notified (accept / decline).
        ctx.state.notifications.push({
          id: ctx.state.newNotificationId(),
          userId,
          fromUserId: ctx.user.id,
          message: `${ctx.user.name} ${ctx.user.lastName} invites you to join the workgroup "${group.name}".`,
          messageOut: null,
          tag: `SOCNET|INVITE_GROUP|${userId}|${group.id}`,
          subTag: null,
          attach: null,
          createdAt: now,
        });
      }
      return { result: invited };
    },
  },
};
