import { decide, displayedRights, type GroupAction, type GroupFacts, type WorkgroupRole } from '../../../server/groups/group-rights';
import type { Role } from '../../../server/auth/session-token';

const ME = 7;
const OTHER = 8;
const unlinked = (createdBy: number): GroupFacts => ({ createdBy, linked: false, mirroredRole: null });
const linked = (createdBy: number, mirroredRole: WorkgroupRole): GroupFacts => ({ createdBy, linked: true, mirroredRole });

const answer = (role: Role, action: GroupAction, group: GroupFacts | null, liveRole?: WorkgroupRole) => {
  const d = decide({ role, userId: ME, action, group, liveRole });
  return d.allowed === true ? 'yes' : d.allowed === 'ask-bitrix24' ? 'ask' : d.refusal;
};

describe('group rights: who may create and link', () => {
  // role, action, live role in the workgroup (undefined = not asked yet), answer
  const table: Array<[Role, GroupAction, WorkgroupRole | undefined, string]> = [
    ['admin', 'create', undefined, 'yes'],
    ['moderator', 'create', undefined, 'yes'],
    ['employee', 'create', undefined, 'FORBIDDEN'],
    ['extranet', 'create', undefined, 'FORBIDDEN'],
    ['admin', 'link', undefined, 'yes'],
    ['moderator', 'link', undefined, 'ask'],
    ['moderator', 'link', 'A', 'yes'],
    ['moderator', 'link', 'E', 'yes'],
    ['moderator', 'link', 'K', 'NOT_WORKGROUP_MANAGER'],
    ['moderator', 'link', null, 'NOT_WORKGROUP_MANAGER'],
    ['employee', 'link', 'A', 'FORBIDDEN'],
    ['extranet', 'link', 'E', 'FORBIDDEN'],
  ];
  it.each(table)('%s %s (Bitrix24 says %s) -> %s', (role, action, live, expected) => {
    expect(answer(role, action, null, live)).toBe(expected);
  });
});

describe('group rights: an unlinked group', () => {
  const actions: GroupAction[] = ['view', 'edit', 'edit-name-and-description', 'delete', 'attach-content', 'add-participants', 'remove-participants', 'cancel-invitation', 'view-audit'];
  it.each(actions)('%s: admins always, the creating moderator, nobody else', (action) => {
    expect(answer('admin', action, unlinked(OTHER))).toBe('yes');
    expect(answer('moderator', action, unlinked(ME))).toBe('yes');
    expect(answer('moderator', action, unlinked(OTHER))).toBe('NOT_GROUP_MANAGER');
    expect(answer('employee', action, unlinked(ME))).toBe('FORBIDDEN');
    expect(answer('extranet', action, unlinked(ME))).toBe('FORBIDDEN');
  });
  it('cannot be unlinked or synced: there is no workgroup', () => {
    expect(answer('admin', 'unlink', unlinked(ME))).toBe('NOT_LINKED');
    expect(answer('moderator', 'sync', unlinked(ME))).toBe('NOT_LINKED');
  });
});

describe('group rights: a linked group (Bitrix24 decides who manages it)', () => {
  const changes: GroupAction[] = ['edit', 'delete', 'unlink', 'attach-content', 'add-participants', 'cancel-invitation'];
  // creator?, mirrored role, live role, answer for a moderator
  const table: Array<[boolean, WorkgroupRole, WorkgroupRole | undefined, string]> = [
    [true, 'A', undefined, 'ask'],
    [true, 'A', 'A', 'yes'],
    [true, 'E', 'E', 'yes'],
    // Demoted in Bitrix24 since the last sync: refused, whatever the mirror or the creator says.
    [true, 'E', 'K', 'NOT_WORKGROUP_MANAGER'],
    [true, 'A', null, 'NOT_WORKGROUP_MANAGER'],
    [false, 'K', 'K', 'NOT_WORKGROUP_MANAGER'],
    [false, null, null, 'NOT_WORKGROUP_MANAGER'],
    // Promoted in Bitrix24 since the last sync: Bitrix24's word counts.
    [false, 'K', 'E', 'yes'],
  ];
  for (const action of changes) {
    it.each(table)(`${action}: moderator, creator=%s, mirrored %s, Bitrix24 now %s -> %s`, (creator, mirrored, live, expected) => {
      expect(answer('moderator', action, linked(creator ? ME : OTHER, mirrored), live)).toBe(expected);
    });
    it(`${action}: admins without asking; employees and extranet users never`, () => {
      expect(answer('admin', action, linked(OTHER, null))).toBe('yes');
      expect(answer('employee', action, linked(ME, 'A'), 'A')).toBe('FORBIDDEN');
      expect(answer('extranet', action, linked(ME, 'A'), 'A')).toBe('FORBIDDEN');
    });
  }

  it('keeps name and description read-only for everyone while linked', () => {
    expect(answer('admin', 'edit-name-and-description', linked(ME, 'A'))).toBe('READ_ONLY_WHILE_LINKED');
    expect(answer('moderator', 'edit-name-and-description', linked(ME, 'A'), 'A')).toBe('READ_ONLY_WHILE_LINKED');
  });

  it('lets only admins remove members of a linked group (sonet_group.user.delete is admin-only)', () => {
    expect(answer('admin', 'remove-participants', linked(OTHER, null))).toBe('yes');
    expect(answer('moderator', 'remove-participants', linked(ME, 'A'), 'A')).toBe('LINKED_REMOVE_ADMIN_ONLY');
  });

  it('lets only admins withdraw a Bitrix24 workgroup invitation (the same admin-only sonet_group.user.delete)', () => {
    expect(answer('admin', 'withdraw-workgroup-invitation', linked(OTHER, null))).toBe('yes');
    expect(answer('moderator', 'withdraw-workgroup-invitation', linked(ME, 'A'), 'A')).toBe('LINKED_WITHDRAW_ADMIN_ONLY');
    expect(answer('employee', 'withdraw-workgroup-invitation', linked(ME, 'A'), 'A')).toBe('FORBIDDEN');
    expect(answer('admin', 'withdraw-workgroup-invitation', { createdBy: ME, linked: false, mirroredRole: null })).toBe('NOT_LINKED');
  });

  it('shows the group, its audit and "Sync now" to its mirrored managers and creator without asking Bitrix24', () => {
    for (const action of ['view', 'view-audit', 'sync'] as const) {
      expect(answer('moderator', action, linked(OTHER, 'E'))).toBe('yes');
      expect(answer('moderator', action, linked(ME, 'K'))).toBe('yes');
      expect(answer('moderator', action, linked(OTHER, 'K'))).toBe('NOT_GROUP_MANAGER');
    }
  });
});

describe('group rights: the buttons a card shows', () => {
  it('mirror the server for a moderator who moderates the workgroup', () => {
    expect(displayedRights('moderator', ME, linked(OTHER, 'E'))).toEqual({
      edit: true,
      editNameAndDescription: false,
      delete: true,
      unlink: true,
      sync: true,
      attachContent: true,
      addParticipants: true,
      removeParticipants: false,
      cancelInvitations: true,
      withdrawWorkgroupInvitations: false,
      viewAudit: true,
    });
  });
  it('show nothing to a moderator who is only a member of the workgroup', () => {
    expect(Object.values(displayedRights('moderator', ME, linked(OTHER, 'K'))).some(Boolean)).toBe(false);
  });
});
