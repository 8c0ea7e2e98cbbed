import type { Role } from '../auth/session-token';

/**
 * Who may do what to a training group (issue 9 "Rights", PRODUCT.md §1 and §3). Pure: the caller's
 * app role, the group's facts and, for a linked group, what Bitrix24 says the caller is in its
 * workgroup. The server asks here on every route; the UI only mirrors the answers.
 *
 * - Admins manage everything.
 * - Moderators create groups and manage the unlinked groups they created.
 * - A LINKED group (or a workgroup being linked) is managed by a non-admin only while Bitrix24,
 *   asked with their own token at that moment, says they own (A) or moderate (E) the workgroup.
 *   The mirrored role is good enough to show the group and its buttons, never to change it.
 * - Employees and extranet users manage nothing.
 */

/** A person's role in a workgroup: A owner, E moderator, K member; null when they are none of these. */
export type WorkgroupRole = 'A' | 'E' | 'K' | null;

export type GroupAction =
  | 'create'
  /** Link a workgroup (create from it, or create a new one and link it). */
  | 'link'
  | 'view'
  | 'edit'
  | 'edit-name-and-description'
  | 'delete'
  | 'unlink'
  | 'sync'
  | 'attach-content'
  | 'add-participants'
  | 'remove-participants'
  /** Cancel an app invitation (or end a stale one kept after unlinking). */
  | 'cancel-invitation'
  /** Withdraw an invitation pending in the linked Bitrix24 workgroup (sonet_group.user.delete). */
  | 'withdraw-workgroup-invitation'
  | 'view-audit';

export interface GroupFacts {
  createdBy: number;
  /** Linked to a workgroup now (link_state 'linked'). */
  linked: boolean;
  /** The caller's workgroup role as the last sync mirrored it (linked groups only). */
  mirroredRole: WorkgroupRole;
}

export interface RightsQuestion {
  role: Role;
  userId: number;
  action: GroupAction;
  /** The group acted on; null for 'create' and 'link' of a new group. */
  group: GroupFacts | null;
  /**
   * What Bitrix24 answered just now, asked with the caller's own token: their role in the
   * workgroup concerned. `undefined` = not asked yet.
   */
  liveRole?: WorkgroupRole;
}

export type Refusal =
  | 'FORBIDDEN'
  | 'NOT_GROUP_MANAGER'
  | 'NOT_WORKGROUP_MANAGER'
  | 'READ_ONLY_WHILE_LINKED'
  | 'LINKED_REMOVE_ADMIN_ONLY'
  | 'LINKED_WITHDRAW_ADMIN_ONLY'
  | 'NOT_LINKED';

export type Decision =
  | { allowed: true }
  /** Allowed only if Bitrix24, asked now with the caller's token, says A or E: ask, then decide again with liveRole. */
  | { allowed: 'ask-bitrix24' }
  | { allowed: false; refusal: Refusal };

const ALLOW: Decision = { allowed: true };
const ASK: Decision = { allowed: 'ask-bitrix24' };
const refuse = (refusal: Refusal): Decision => ({ allowed: false, refusal });

const managesWorkgroup = (role: WorkgroupRole | undefined) => role === 'A' || role === 'E';

/** Actions that only read, or only re-read Bitrix24: the mirrored role is enough for these. */
const READS: ReadonlySet<GroupAction> = new Set(['view', 'view-audit', 'sync']);

export function decide(q: RightsQuestion): Decision {
  if (q.role === 'employee' || q.role === 'extranet') return refuse('FORBIDDEN');
  const group = q.group;

  // What no one may do, whatever their role.
  if (group?.linked && q.action === 'edit-name-and-description') return refuse('READ_ONLY_WHILE_LINKED');
  if (group && !group.linked && (q.action === 'unlink' || q.action === 'sync' || q.action === 'withdraw-workgroup-invitation')) return refuse('NOT_LINKED');

  if (q.role === 'admin') return ALLOW;

  // A moderator from here on.
  if (q.action === 'create') return ALLOW;
  if (q.action === 'link') return liveDecision(q.liveRole);
  if (!group) return refuse('NOT_GROUP_MANAGER');

  if (!group.linked) return group.createdBy === q.userId ? ALLOW : refuse('NOT_GROUP_MANAGER');

  // A linked group: Bitrix24 decides who manages it.
  const looksLikeManager = group.createdBy === q.userId || managesWorkgroup(group.mirroredRole);
  if (q.action === 'remove-participants') return refuse('LINKED_REMOVE_ADMIN_ONLY');
  // Bitrix24 withdraws an invitation only through sonet_group.user.delete, an admin-only method (§5.4).
  if (q.action === 'withdraw-workgroup-invitation') return refuse('LINKED_WITHDRAW_ADMIN_ONLY');
  if (READS.has(q.action)) return looksLikeManager ? ALLOW : refuse('NOT_GROUP_MANAGER');
  return liveDecision(q.liveRole);
}

function liveDecision(liveRole: WorkgroupRole | undefined): Decision {
  if (liveRole === undefined) return ASK;
  return managesWorkgroup(liveRole) ? ALLOW : refuse('NOT_WORKGROUP_MANAGER');
}

/**
 * The buttons a card shows: each action as the caller would be answered, taking the mirrored role
 * for Bitrix24's. Before the first sync the creator of a linked group counts as its moderator
 * (Bitrix24 said so when they linked it); the server asks Bitrix24 again on every change anyway.
 */
export function displayedRights(role: Role, userId: number, group: GroupFacts) {
  const assumed: WorkgroupRole = group.mirroredRole ?? (group.createdBy === userId ? 'E' : null);
  const may = (action: GroupAction) => {
    const decision = decide({ role, userId, action, group, liveRole: group.linked ? assumed : undefined });
    return decision.allowed === true;
  };
  return {
    edit: may('edit'),
    editNameAndDescription: may('edit-name-and-description'),
    delete: may('delete'),
    unlink: may('unlink'),
    sync: may('sync'),
    attachContent: may('attach-content'),
    addParticipants: may('add-participants'),
    removeParticipants: may('remove-participants'),
    cancelInvitations: may('cancel-invitation'),
    withdrawWorkgroupInvitations: may('withdraw-workgroup-invitation'),
    viewAudit: may('view-audit'),
  };
}

export type DisplayedRights = ReturnType<typeof displayedRights>;

/** Plain words for a refusal, for the API's `message`. */
export const REFUSAL_MESSAGES: Record<Refusal, string> = {
  FORBIDDEN: 'Only administrators and moderators manage training groups.',
  NOT_GROUP_MANAGER: 'You do not manage this training group: a moderator manages the groups they created, and linked groups whose workgroup they own or moderate.',
  NOT_WORKGROUP_MANAGER: 'Bitrix24 says you are not the owner or a moderator of this workgroup, so you cannot link it or change its training group.',
  READ_ONLY_WHILE_LINKED: 'The name and description come from the linked Bitrix24 workgroup: change them there, or unlink the group first.',
  LINKED_REMOVE_ADMIN_ONLY:
    'Only a Bitrix24 administrator can remove people from a workgroup: ask an administrator, or remove them in Bitrix24 if you may.',
  LINKED_WITHDRAW_ADMIN_ONLY:
    'Only a Bitrix24 administrator can withdraw a workgroup invitation from the app: withdraw it on the workgroup\'s page in Bitrix24, or ask an administrator.',
  NOT_LINKED: 'This training group is not linked to a Bitrix24 workgroup.',
};

export const REFUSAL_STATUS: Record<Refusal, number> = {
  FORBIDDEN: 403,
  NOT_GROUP_MANAGER: 403,
  NOT_WORKGROUP_MANAGER: 403,
  READ_ONLY_WHILE_LINKED: 409,
  LINKED_REMOVE_ADMIN_ONLY: 403,
  LINKED_WITHDRAW_ADMIN_ONLY: 403,
  NOT_LINKED: 409,
};
