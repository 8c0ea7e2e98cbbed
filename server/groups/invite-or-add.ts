import type { Role } from '../auth/session-token';

/**
 * How people join a training group, and what became of each (seed 002 "Creating groups", PRODUCT.md
 * §3 "Adding participants"). Pure: decided from the caller's role and whether the group is linked,
 * and told to the caller BEFORE they send.
 *
 * - A portal admin: *Add to group*, immediate. Linked: sonet_group.user.add with the admin's own
 *   token (Bitrix24 allows that method to admins only, not even to a workgroup's owner).
 * - Anyone else: *Invite to group*. Linked: sonet_group.user.invite with the caller's own token,
 *   pending until the mirror sees the person join. Unlinked: an app invitation, announced by a
 *   Bitrix24 notification, answered in "My groups".
 * - Removing a member of a linked group is sonet_group.user.delete: admins only.
 */

export type JoinMethodName = 'add' | 'invite' | 'app-invitation';

export interface JoinMethod {
  method: JoinMethodName;
  /** Where it happens: in Bitrix24 (linked group) or in the app. */
  via: 'bitrix24' | 'app';
  /** Why this method: the caller is a portal admin or not. */
  reason: 'admin' | 'not-admin';
  /** The REST method called with the caller's own token, if any. */
  restMethod: 'sonet_group.user.add' | 'sonet_group.user.invite' | null;
  /** A Bitrix24 notification announces it (app invitations). */
  notifies: boolean;
  canRemove: boolean;
  removeRefusal: 'linked-admins-only' | null;
}

export function joinMethod(callerRole: Role, linked: boolean): JoinMethod {
  const admin = callerRole === 'admin';
  const removal = { canRemove: admin || !linked, removeRefusal: !admin && linked ? ('linked-admins-only' as const) : null };
  if (admin) {
    return { method: 'add', via: linked ? 'bitrix24' : 'app', reason: 'admin', restMethod: linked ? 'sonet_group.user.add' : null, notifies: false, ...removal };
  }
  if (linked) return { method: 'invite', via: 'bitrix24', reason: 'not-admin', restMethod: 'sonet_group.user.invite', notifies: false, ...removal };
  return { method: 'app-invitation', via: 'app', reason: 'not-admin', restMethod: null, notifies: true, ...removal };
}

export type Outcome = 'added' | 'invited' | 'already-member' | 'already-invited' | 'refused' | 'unknown-person';

export interface PersonResult {
  userId: number;
  outcome: Outcome;
  reason: string | null;
  code: string | null;
}

/** What the app knows of each person asked for, before anything is sent. */
export interface Candidate {
  userId: number;
  /** Mirrored and active in the portal. */
  known: boolean;
  activeMember: boolean;
  pendingInvitation: boolean;
}

/** Who needs sending, and the answers already known without asking Bitrix24. */
export function sortCandidates(candidates: readonly Candidate[]): { send: number[]; settled: PersonResult[] } {
  const send: number[] = [];
  const settled: PersonResult[] = [];
  for (const c of candidates) {
    if (!c.known) settled.push(result(c.userId, 'unknown-person', 'This person is not an active user of the portal (or not imported yet).'));
    else if (c.activeMember) settled.push(result(c.userId, 'already-member'));
    else if (c.pendingInvitation) settled.push(result(c.userId, 'already-invited'));
    else send.push(c.userId);
  }
  return { send, settled };
}

const result = (userId: number, outcome: Outcome, reason: string | null = null, code: string | null = null): PersonResult => ({ userId, outcome, reason, code });

/** Bitrix24 returns the ids it added or invited; the others it skipped without saying why (BITRIX24.md §5.4). */
export function resultsOfBitrixAnswer(method: 'sonet_group.user.add' | 'sonet_group.user.invite', sent: readonly number[], accepted: ReadonlyArray<number | string>): PersonResult[] {
  const done = new Set(accepted.map(Number));
  const outcome: Outcome = method === 'sonet_group.user.add' ? 'added' : 'invited';
  const skipped =
    method === 'sonet_group.user.add'
      ? 'Bitrix24 did not add this person: they already have a request or invitation in the workgroup, or their account cannot join workgroups.'
      : 'Bitrix24 did not invite this person: their privacy settings, the workgroup\'s rule on who may invite, or a request already pending prevent it.';
  return sent.map((userId) => (done.has(userId) ? result(userId, outcome) : result(userId, 'refused', skipped, 'B24_SKIPPED')));
}

/** The whole call failed (e.g. "No permissions to add users"): every person was refused with Bitrix24's reason. */
export function resultsOfBitrixRefusal(sent: readonly number[], code: string, description: string): PersonResult[] {
  return sent.map((userId) => result(userId, 'refused', description || 'Bitrix24 refused the request.', code));
}

/** Done in the app alone (unlinked group): every person sent is added or invited. */
export function resultsInApp(method: JoinMethodName, sent: readonly number[]): PersonResult[] {
  return sent.map((userId) => result(userId, method === 'add' ? 'added' : 'invited'));
}

/** The notification tag of an app invitation: one per group and person, so a re-invite replaces, never doubles. */
export function invitationTag(groupId: number, personId: number): string {
  return `training-group:${groupId}:invite:${personId}`;
}
