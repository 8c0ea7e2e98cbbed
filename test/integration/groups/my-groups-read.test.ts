import { createTestDatabase, type TestDatabase } from '../../support/database';
import { seedPortal } from '../../support/seed-portal';
import { readMyGroups } from '../../../server/groups/my-groups-repository';

/**
 * readMyGroups' one statement of plain rows, grouped in TypeScript: what the JSON it replaced
 * gave, case by case - groups ordered by start day (none first), name and id; items by title,
 * deleted ones left out; a group without live items still listed; the group's time zone; instants
 * as toISOString gives them; invitations newest first (the later one first on a tie), with their
 * inviter or null, and the workgroup of linked groups only; another person's and another portal's
 * rows never.
 */
const PERSON = 70;
const INVITER = 71;
const NOW = new Date('2026-06-15T12:00:00Z');

describe('readMyGroups', () => {
  let t: TestDatabase;
  let portalId: string;
  let otherPortalId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    portalId = (await seedPortal(t.db)).id;
    otherPortalId = (await seedPortal(t.db)).id;
  });
  afterAll(async () => t.destroy());

  const idOf = (row: unknown) => Number((row as { id: unknown }).id ?? row);

  async function group(portal: string, name: string, startsOn: string | null, extra: Record<string, unknown> = {}): Promise<number> {
    const [row] = await t.db('training_groups').insert({ portal_id: portal, name, description: `About ${name}`, access_starts_on: startsOn, created_by: INVITER, ...extra }).returning('id');
    return idOf(row);
  }
  async function item(portal: string, table: 'courses' | 'tests', title: string, extra: Record<string, unknown> = {}): Promise<number> {
    const [row] = await t.db(table).insert({ portal_id: portal, title, description: `What ${title} is`, author_id: INVITER, estimated_minutes: 30, ...extra }).returning('id');
    return idOf(row);
  }
  const attach = (portal: string, groupId: number, column: 'course_id' | 'test_id', id: number) =>
    t.db('group_content').insert({ portal_id: portal, group_id: groupId, [column]: id, attached_by: INVITER });
  const join = (portal: string, groupId: number, person = PERSON, joinedAt = new Date('2026-06-01T08:30:00.123456Z')) =>
    t.db('group_members').insert({ portal_id: portal, group_id: groupId, person_id: person, state: 'active', source: 'manual', joined_at: joinedAt });

  it('gives the groups, their live items and the invitations in the order and shape the screen shows', async () => {
    await t.db('people').insert({ portal_id: portalId, user_id: INVITER, name: 'Irina', last_name: 'Petrova' });
    const beta = await group(portalId, 'Beta', '2026-06-01');
    const alpha = await group(portalId, 'Alpha', '2026-06-01');
    const open = await group(portalId, 'Open-ended', null);
    const empty = await group(portalId, 'Empty', '2026-07-01');
    const over = await group(portalId, 'Over', '2026-01-01', { access_ends_on: '2026-03-01' });
    await t.db('group_training_settings').insert({ portal_id: portalId, group_id: alpha, time_zone: 'Asia/Tokyo', minutes_per_week: 60, program_level: 'beginner' });
    const zebra = await item(portalId, 'courses', 'Zebra course');
    const apple = await item(portalId, 'courses', 'Apple course');
    const gone = await item(portalId, 'courses', 'Gone course', { deleted_at: new Date() });
    const quiz = await item(portalId, 'tests', 'Middle test', { estimated_minutes: 5 });
    await attach(portalId, alpha, 'course_id', zebra);
    await attach(portalId, alpha, 'course_id', apple);
    await attach(portalId, alpha, 'test_id', quiz);
    await attach(portalId, alpha, 'course_id', gone);
    await attach(portalId, beta, 'course_id', apple);
    await attach(portalId, empty, 'course_id', gone);
    await attach(portalId, over, 'course_id', apple);
    for (const g of [beta, alpha, open, empty, over]) await join(portalId, g);
    // Not theirs: another person's membership, and the same person's id in another portal.
    await join(portalId, beta, PERSON + 1);
    await join(otherPortalId, await group(otherPortalId, 'Elsewhere', null));

    const invitedTo = await group(portalId, 'Invited', '2026-08-01');
    const linked = await group(portalId, 'Linked', null, { workgroup_id: 77, link_state: 'linked' });
    const unlinked = await group(portalId, 'Unlinked', null, { workgroup_id: 78, link_state: 'unlinked' });
    const invite = async (groupId: number, kind: string, invitedAt: string, invitedBy: number | null) =>
      idOf((await t.db('group_invitations').insert({ portal_id: portalId, group_id: groupId, person_id: PERSON, kind, invited_at: invitedAt, invited_by: invitedBy }).returning('id'))[0]);
    const older = await invite(invitedTo, 'app', '2026-06-10T09:00:00.000001Z', INVITER);
    const tieFirst = await invite(linked, 'workgroup', '2026-06-12T09:00:00Z', null);
    const tieSecond = await invite(unlinked, 'app', '2026-06-12T09:00:00Z', 99);

    const mine = await readMyGroups(t.db, portalId, PERSON, NOW);

    const live = (id: number, kind: 'course' | 'test', title: string, minutes = 30) => ({ kind, id, title, description: `What ${title} is`, estimatedMinutes: minutes });
    const groupOf = (id: number, name: string, startsOn: string | null, timeZone: string, content: unknown[]) => ({
      id,
      name,
      description: `About ${name}`,
      accessStartsOn: startsOn,
      accessEndsOn: null,
      joinedAt: '2026-06-01T08:30:00.123Z',
      timeZone,
      content,
    });
    expect(mine.groups).toEqual([
      groupOf(open, 'Open-ended', null, 'UTC', []),
      groupOf(alpha, 'Alpha', '2026-06-01', 'Asia/Tokyo', [live(apple, 'course', 'Apple course'), live(quiz, 'test', 'Middle test', 5), live(zebra, 'course', 'Zebra course')]),
      groupOf(beta, 'Beta', '2026-06-01', 'UTC', [live(apple, 'course', 'Apple course')]),
      groupOf(empty, 'Empty', '2026-07-01', 'UTC', []),
    ]);
    const invitedGroup = (id: number, name: string, startsOn: string | null, workgroupId: number | null) => ({ id, name, description: `About ${name}`, accessStartsOn: startsOn, accessEndsOn: null, workgroupId });
    expect(mine.invitations).toEqual([
      { id: tieSecond, kind: 'app', invitedAt: '2026-06-12T09:00:00.000Z', group: invitedGroup(unlinked, 'Unlinked', null, null), invitedBy: { userId: 99, name: '', lastName: '' } },
      { id: tieFirst, kind: 'workgroup', invitedAt: '2026-06-12T09:00:00.000Z', group: invitedGroup(linked, 'Linked', null, 77), invitedBy: null },
      { id: older, kind: 'app', invitedAt: '2026-06-10T09:00:00.000Z', group: invitedGroup(invitedTo, 'Invited', '2026-08-01', null), invitedBy: { userId: INVITER, name: 'Irina', lastName: 'Petrova' } },
    ]);
  });

  it('gives nothing to a person with no groups and no invitations', async () => {
    expect(await readMyGroups(t.db, portalId, PERSON + 50, NOW)).toEqual({ groups: [], invitations: [] });
  });
});
