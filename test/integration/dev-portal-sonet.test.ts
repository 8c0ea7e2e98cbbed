import type { LocalPortal } from '../../server/dev-portal';
import { SEED_GROUPS, SEED_USERS } from '../../server/dev-portal';
import { rest, startTestPortal, tokenOf } from './dev-portal-support';

/** Workgroups, memberships and notifications with their real rights and quirks (BITRIX24.md §3.3, §5.2–§5.4, §5.7). */

const { admin, moderator, employee, extranet } = SEED_USERS;
const ids = (rows: Array<{ ID: string }>) => rows.map((r) => Number(r.ID));

describe('local portal: sonet_group.get', () => {
  let portal: LocalPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(() => portal.close());

  it('hides secret groups from non-members, shows them with IS_ADMIN=Y to admins only', async () => {
    const asEmployee = await rest(portal, 'sonet_group.get', { IS_ADMIN: 'Y' }, tokenOf(portal, employee));
    expect(ids(asEmployee.body.result)).not.toContain(SEED_GROUPS.managementBoard);
    // Default order is ID DESC; rows are strings
    expect(ids(asEmployee.body.result)).toEqual([...ids(asEmployee.body.result)].sort((a, b) => b - a));
    expect(asEmployee.body.result.find((g: any) => g.ID === '7')).toMatchObject({ NAME: 'English Club', OPENED: 'Y', NUMBER_OF_MEMBERS: '7', IS_EXTRANET: 'N' });
    const asAdmin = await rest(portal, 'sonet_group.get', { IS_ADMIN: 'Y' }, tokenOf(portal, admin));
    expect(ids(asAdmin.body.result)).toContain(SEED_GROUPS.managementBoard);
    expect(asAdmin.body.total).toBe(11);
  });

  it('shows an extranet user only the extranet groups they belong to', async () => {
    const res = await rest(portal, 'sonet_group.get', {}, tokenOf(portal, extranet));
    expect(ids(res.body.result)).toEqual([SEED_GROUPS.partners]);
    expect(res.body.result[0]).toMatchObject({ IS_EXTRANET: 'Y', SITE_ID: 'ex' });
  });

  it('reads only upper-case FILTER/ORDER: lower-case keys are ignored silently', async () => {
    const t = tokenOf(portal, admin);
    const upper = await rest(portal, 'sonet_group.get', { FILTER: { '>ID': 8 }, ORDER: { ID: 'ASC' } }, t);
    expect(ids(upper.body.result)).toEqual([9, 10, 11]);
    const lower = await rest(portal, 'sonet_group.get', { filter: { '>ID': 8 }, order: { ID: 'ASC' } }, t);
    expect(ids(lower.body.result)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const byName = await rest(portal, 'sonet_group.get', { FILTER: { '%NAME': 'club' } }, t);
    expect(ids(byName.body.result)).toEqual([7]);
    const extranetOnly = await rest(portal, 'sonet_group.get', { FILTER: { IS_EXTRANET: 'Y' }, IS_ADMIN: 'Y' }, t);
    expect(ids(extranetOnly.body.result)).toEqual([5]);
  });

  it('pages by 50, and a lower-case ">ID" cursor repeats the first page (the SDK callList trap)', async () => {
    const t = tokenOf(portal, moderator);
    for (let i = 0; i < 45; i++) {
      const created = await rest(portal, 'sonet_group.create', { NAME: `Study circle ${i}` }, t);
      expect(typeof created.body.result).toBe('number');
    }
    const first = await rest(portal, 'sonet_group.get', {}, t);
    expect(first.body.result).toHaveLength(50);
    expect(first.body.next).toBe(50);
    const cursor = Math.min(...ids(first.body.result));
    const looped = await rest(portal, 'sonet_group.get', { filter: { '>ID': cursor }, order: { ID: 'ASC' }, start: -1 }, t);
    expect(ids(looped.body.result)).toEqual(ids(first.body.result));
    const second = await rest(portal, 'sonet_group.get', { start: 50 }, t);
    expect(second.body.next).toBeUndefined();
    expect(first.body.result.length + second.body.result.length).toBe(first.body.total);
  });
});

describe('local portal: membership writes and reads', () => {
  let portal: LocalPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(() => portal.close());

  it('lets only portal admins add members; others get an empty error code with HTTP 400', async () => {
    // Given the moderator owns the Onboarding group but is no portal admin
    const denied = await rest(portal, 'sonet_group.user.add', { GROUP_ID: SEED_GROUPS.onboarding, USER_ID: [7] }, tokenOf(portal, moderator));
    expect(denied.status).toBe(400);
    expect(denied.body).toEqual({ error: '', error_description: 'No permissions to add users' });
    // The admin adds; users with any relation are skipped
    const t = tokenOf(portal, admin);
    const added = await rest(portal, 'sonet_group.user.add', { GROUP_ID: SEED_GROUPS.onboarding, USER_ID: [7, 3] }, t);
    expect(added.body.result).toEqual(['7']);
    expect((await rest(portal, 'sonet_group.user.add', { GROUP_ID: SEED_GROUPS.onboarding, USER_ID: 7 }, t)).body.result).toEqual([]);
    expect((await rest(portal, 'sonet_group.user.add', { GROUP_ID: 0, USER_ID: 7 }, t)).body).toEqual({ error: '', error_description: 'Wrong group ID' });
    expect((await rest(portal, 'sonet_group.user.add', { GROUP_ID: 1, USER_ID: 'x' }, t)).body).toEqual({ error: '', error_description: 'Wrong user IDs' });
    expect((await rest(portal, 'sonet_group.user.add', { GROUP_ID: 999, USER_ID: 7 }, t)).body).toEqual({ error: '', error_description: 'Socialnetwork group not found' });
    // Adding an extranet user turns the group into an extranet group
    await rest(portal, 'sonet_group.user.add', { GROUP_ID: SEED_GROUPS.projectPhoenix, USER_ID: [44] }, t);
    const phoenix = await rest(portal, 'sonet_group.get', { GROUP_ID: SEED_GROUPS.projectPhoenix }, t);
    expect(phoenix.body.result[0].IS_EXTRANET).toBe('Y');
  });

  it('lists only active A/E/K members, unpaged, and hides secret groups from outsiders', async () => {
    const t = tokenOf(portal, employee);
    const members = await rest(portal, 'sonet_group.user.get', { ID: SEED_GROUPS.itSecurity }, t);
    // 33 is deactivated and left out
    expect(members.body.result.map((m: any) => m.USER_ID)).toEqual(['2', '39', '18', '27', '48', '35', '5', '7', '25', '41']);
    expect(members.body.result[0]).toEqual({ USER_ID: '2', ROLE: 'A' });
    expect(members.body).not.toHaveProperty('total');
    const big = await rest(portal, 'sonet_group.user.get', { ID: SEED_GROUPS.benchmark }, t);
    expect(big.body.result).toHaveLength(121);
    const secret = await rest(portal, 'sonet_group.user.get', { ID: SEED_GROUPS.managementBoard }, t);
    expect(secret).toMatchObject({ status: 400, body: { error: '', error_description: 'Socialnetwork group not found' } });
    const adminView = await rest(portal, 'sonet_group.user.get', { ID: SEED_GROUPS.managementBoard }, tokenOf(portal, admin));
    expect(adminView.body.result).toHaveLength(5);
    // Deactivating someone removes them from the list
    portal.controls.setUserActive(39, false);
    const after = await rest(portal, 'sonet_group.user.get', { ID: SEED_GROUPS.itSecurity }, t);
    expect(after.body.result.map((m: any) => m.USER_ID)).not.toContain('39');
    portal.controls.setUserActive(39, true);
  });

  it('invites (Z, not yet a member) and the invitation is accepted by the user', async () => {
    // The employee is a member of the English Club, where every member may invite (INITIATE_PERMS K)
    const t = tokenOf(portal, employee);
    const invited = await rest(portal, 'sonet_group.user.invite', { GROUP_ID: SEED_GROUPS.englishClub, USER_ID: [5, 6, 3], MESSAGE: 'Join us' }, t);
    // 6 is already a member, 3 is the caller
    expect(invited.body.result).toEqual(['5']);
    const wg = await rest(portal, 'socialnetwork.api.workgroup.get', { params: { groupId: SEED_GROUPS.englishClub } }, t);
    expect(wg.body.result.INVITED_MEMBERS).toEqual([5]);
    expect(wg.body.result.MEMBERS).not.toContain(5);
    const before = await rest(portal, 'sonet_group.user.get', { ID: SEED_GROUPS.englishClub }, t);
    expect(before.body.result.map((m: any) => m.USER_ID)).not.toContain('5');
    // When user 5 accepts
    portal.controls.acceptInvitation(SEED_GROUPS.englishClub, 5);
    const after = await rest(portal, 'sonet_group.user.get', { ID: SEED_GROUPS.englishClub }, t);
    expect(after.body.result).toContainEqual({ USER_ID: '5', ROLE: 'K' });
    expect(() => portal.controls.acceptInvitation(SEED_GROUPS.englishClub, 5)).toThrow(/no pending invitation/);
    // Someone who is not a member of a group cannot invite into it: nobody is invited
    const outsider = await rest(portal, 'sonet_group.user.invite', { GROUP_ID: SEED_GROUPS.salesAcademy, USER_ID: 7 }, tokenOf(portal, 8));
    expect(outsider.body.result).toEqual([]);
  });

  it('lets only admins delete members and never removes the owner', async () => {
    const denied = await rest(portal, 'sonet_group.user.delete', { GROUP_ID: SEED_GROUPS.salesAcademy, USER_ID: 11 }, tokenOf(portal, moderator));
    expect(denied.body).toEqual({ error: '', error_description: 'No permissions to update users role' });
    const t = tokenOf(portal, admin);
    const removed = await rest(portal, 'sonet_group.user.delete', { GROUP_ID: SEED_GROUPS.salesAcademy, USER_ID: [11, 9] }, t);
    expect(removed.body.result).toEqual(['11']);
    const role = await rest(portal, 'sonet_group.user.update', { GROUP_ID: SEED_GROUPS.salesAcademy, USER_ID: 24, ROLE: 'E' }, t);
    expect(role.body.result).toEqual(['24']);
  });

  it('withdraws a pending invitation through sonet_group.user.delete, for admins only (rights checked before the ids)', async () => {
    const t = tokenOf(portal, admin);
    expect((await rest(portal, 'sonet_group.user.invite', { GROUP_ID: SEED_GROUPS.salesAcademy, USER_ID: [7] }, t)).body.result).toEqual(['7']);
    const invited = async () => (await rest(portal, 'socialnetwork.api.workgroup.get', { params: { groupId: SEED_GROUPS.salesAcademy } }, t)).body.result.INVITED_MEMBERS;
    expect(await invited()).toContain(7);
    // The module checks the caller's rights before it looks at the user ids.
    const denied = await rest(portal, 'sonet_group.user.delete', { GROUP_ID: SEED_GROUPS.salesAcademy, USER_ID: 'x' }, tokenOf(portal, moderator));
    expect(denied.body).toEqual({ error: '', error_description: 'No permissions to update users role' });
    const withdrawn = await rest(portal, 'sonet_group.user.delete', { GROUP_ID: SEED_GROUPS.salesAcademy, USER_ID: [7] }, t);
    expect(withdrawn.body.result).toEqual(['7']);
    expect(await invited()).not.toContain(7);
    expect(portal.controls.relations(SEED_GROUPS.salesAcademy).some((r) => r.userId === 7)).toBe(false);
  });

  it('tells a user their own groups and role', async () => {
    const mine = await rest(portal, 'sonet_group.user.groups', {}, tokenOf(portal, moderator));
    const byGroup = Object.fromEntries(mine.body.result.map((g: any) => [g.GROUP_ID, g.ROLE]));
    expect(byGroup).toMatchObject({ '1': 'A', '2': 'E', '3': 'A', '5': 'A', '6': 'E', '9': 'K', '10': 'E' });
    expect(mine.body.result.find((g: any) => g.GROUP_ID === '5')).toMatchObject({ IS_EXTRANET: 'Y', GROUP_NAME: 'Partners & Contractors' });
  });

  it('creates groups owned by the caller; an extranet caller gets a secret extranet group', async () => {
    const created = await rest(portal, 'sonet_group.create', { NAME: 'Safety drill', VISIBLE: 'Y' }, tokenOf(portal, extranet));
    const wg = await rest(portal, 'socialnetwork.api.workgroup.get', { params: { groupId: created.body.result, select: ['USER_DATA', 'PRIVACY_TYPE'] } }, tokenOf(portal, extranet));
    expect(wg.body.result).toMatchObject({ OWNER_ID: extranet, VISIBLE: 'N', SITE_ID: 'ex', PRIVACY_CODE: 'secret', USER_DATA: { ROLE: 'A' } });
    expect((await rest(portal, 'sonet_group.create', {}, tokenOf(portal, admin))).body).toEqual({ error: '', error_description: 'Incorrect input data' });
  });
});

describe('local portal: socialnetwork.api.workgroup.get and notifications', () => {
  let portal: LocalPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(() => portal.close());

  it('returns UPPER keys, member lists and the caller role; secret groups only for admins', async () => {
    const t = tokenOf(portal, employee);
    const guild = await rest(portal, 'socialnetwork.api.workgroup.get', { params: { groupId: SEED_GROUPS.marketingGuild, select: ['USER_DATA', 'OWNER_DATA'] } }, t);
    expect(guild.body.result).toMatchObject({
      ID: 6,
      NAME: 'Marketing Guild',
      OWNER_ID: 13,
      MEMBERS: [13, 2, 14, 21, 28, 38],
      MODERATOR_MEMBERS: [2, 14],
      ORDINARY_MEMBERS: [21, 28, 38],
      INVITED_MEMBERS: [3],
      USER_DATA: { ROLE: 'Z', INITIATED_BY_TYPE: 'G' },
      OWNER_DATA: { ID: 13, FORMATTED_NAME: 'Sarah Johnson' },
      DATE_CREATE: expect.stringMatching(/^\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d$/),
    });
    const secret = await rest(portal, 'socialnetwork.api.workgroup.get', { params: { groupId: SEED_GROUPS.managementBoard } }, t);
    expect(secret).toMatchObject({ status: 400, body: { error: 'SONET_CONTROLLER_WORKGROUP_NOT_FOUND' } });
    const asAdmin = await rest(portal, 'socialnetwork.api.workgroup.get', { params: { groupId: SEED_GROUPS.managementBoard } }, tokenOf(portal, admin));
    expect(asAdmin.body.result.NAME).toBe('Management Board');
    expect((await rest(portal, 'socialnetwork.api.workgroup.get', { params: {} }, t)).body.error).toBe('SONET_CONTROLLER_WORKGROUP_EMPTY');
    // The lower-case group id key is what the controller reads
    expect((await rest(portal, 'socialnetwork.api.workgroup.get', { params: { GROUP_ID: 1 } }, t)).body.error).toBe('SONET_CONTROLLER_WORKGROUP_EMPTY');
  });

  it('stores system notifications; a TAG replaces older ones; empty fields are errors', async () => {
    const t = tokenOf(portal, admin);
    const first = await rest(portal, 'im.notify.system.add', { USER_ID: employee, MESSAGE: 'Lesson 1 is due', TAG: 'training-7' }, t);
    expect(typeof first.body.result).toBe('number');
    await rest(portal, 'im.notify.system.add', { USER_ID: employee, MESSAGE: 'Lesson 2 is due', TAG: 'training-7' }, t);
    await rest(portal, 'im.notify.system.add', { USER_ID: moderator, MESSAGE: 'Report ready' }, t);
    expect(portal.controls.notifications().map((n) => [n.userId, n.message, n.fromUserId])).toEqual([
      [employee, 'Lesson 2 is due', null],
      [moderator, 'Report ready', null],
    ]);
    expect((await rest(portal, 'im.notify.system.add', { MESSAGE: 'x' }, t)).body.error).toBe('USER_ID_EMPTY');
    expect((await rest(portal, 'im.notify.system.add', { USER_ID: 3, MESSAGE: '  ' }, t)).body.error).toBe('MESSAGE_EMPTY');
  });
});
