import {
  invitationTag,
  joinMethod,
  resultsInApp,
  resultsOfBitrixAnswer,
  resultsOfBitrixRefusal,
  sortCandidates,
} from '../../../server/groups/invite-or-add';
import type { Role } from '../../../server/auth/session-token';

describe('invite or add: the method that applies, and why', () => {
  // caller role, linked, method, via, REST method, notifies, may remove
  const table: Array<[Role, boolean, string, string, string | null, boolean, boolean]> = [
    ['admin', false, 'add', 'app', null, false, true],
    ['admin', true, 'add', 'bitrix24', 'sonet_group.user.add', false, true],
    ['moderator', false, 'app-invitation', 'app', null, true, true],
    ['moderator', true, 'invite', 'bitrix24', 'sonet_group.user.invite', false, false],
  ];
  it.each(table)('%s, linked=%s -> %s via %s (%s), notifies=%s, may remove=%s', (role, linked, method, via, rest, notifies, canRemove) => {
    const m = joinMethod(role, linked);
    expect([m.method, m.via, m.restMethod, m.notifies, m.canRemove]).toEqual([method, via, rest, notifies, canRemove]);
    expect(m.reason).toBe(role === 'admin' ? 'admin' : 'not-admin');
    expect(m.removeRefusal).toBe(canRemove ? null : 'linked-admins-only');
  });
});

describe('invite or add: per-person results', () => {
  it('settles members, pending invitations and unknown people without asking anyone', () => {
    const { send, settled } = sortCandidates([
      { userId: 1, known: true, activeMember: false, pendingInvitation: false },
      { userId: 2, known: true, activeMember: true, pendingInvitation: false },
      { userId: 3, known: true, activeMember: false, pendingInvitation: true },
      { userId: 4, known: false, activeMember: false, pendingInvitation: false },
    ]);
    expect(send).toEqual([1]);
    expect(settled.map((r) => [r.userId, r.outcome])).toEqual([
      [2, 'already-member'],
      [3, 'already-invited'],
      [4, 'unknown-person'],
    ]);
  });

  it('reads what Bitrix24 did from the ids it returns; the others were skipped and say so', () => {
    const added = resultsOfBitrixAnswer('sonet_group.user.add', [5, 6], ['5']);
    expect(added.map((r) => [r.userId, r.outcome, r.code])).toEqual([
      [5, 'added', null],
      [6, 'refused', 'B24_SKIPPED'],
    ]);
    expect(added[1]!.reason).toMatch(/did not add/);
    const invited = resultsOfBitrixAnswer('sonet_group.user.invite', [5, 6], []);
    expect(invited.every((r) => r.outcome === 'refused' && /did not invite/.test(r.reason ?? ''))).toBe(true);
  });

  it("gives every person Bitrix24's own reason when the whole call is refused", () => {
    expect(resultsOfBitrixRefusal([5], 'SONET_NO_PERMISSIONS', 'No permissions to add users')).toEqual([
      { userId: 5, outcome: 'refused', reason: 'No permissions to add users', code: 'SONET_NO_PERMISSIONS' },
    ]);
  });

  it('adds or invites in the app alone for an unlinked group', () => {
    expect(resultsInApp('add', [1]).map((r) => r.outcome)).toEqual(['added']);
    expect(resultsInApp('app-invitation', [1]).map((r) => r.outcome)).toEqual(['invited']);
  });

  it('tags a notification per group and person, so inviting again replaces it', () => {
    expect(invitationTag(12, 3)).toBe(invitationTag(12, 3));
    expect(invitationTag(12, 3)).not.toBe(invitationTag(12, 4));
    expect(invitationTag(12, 3)).not.toBe(invitationTag(13, 3));
  });
});
