import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, SEEDED_MODERATOR, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import type { Role } from '../../../server/auth/session-token';
import { trainingSettingsBody } from '../../support/training-settings';

/**
 * `POST /api/training/launches` over HTTP on PostgreSQL (issue 10 part 4, "launch one or several
 * groups with a start date"), the route the groups list's "Launch chosen" sends: two groups launched
 * in one call, each with its result and its members' plans; and, all or none, what it answers when
 * one of the groups is not the caller's to manage or is training already.
 */

const ADMIN = 1;
const MODERATOR = SEEDED_MODERATOR;

describe('POST /api/training/launches', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let courseId: number;

  const call = (method: 'GET' | 'PUT' | 'POST', url: string, role: Role, userId: number, payload?: object) =>
    t.app.inject({ method, url, headers: sessionHeader(t.config.sessionSecret, portal, role, userId), ...(payload ? { payload } : {}) });
  const launchMany = (role: Role, userId: number, groupIds: number[], startsOn = '2026-03-02') => call('POST', '/api/training/launches', role, userId, { groupIds, startsOn });

  /**
   * A group created by `role` (so managed by its creator), given the admin's course and saved
   * settings by the admin (the course is the admin's), with `members` people from `first` on.
   */
  async function newGroup(name: string, role: Role, userId: number, first: number, members: number): Promise<number> {
    const created = await call('POST', '/api/groups', role, userId, { name });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    expect((await call('PUT', `/api/groups/${id}/content/course/${courseId}`, 'admin', ADMIN)).statusCode).toBe(200);
    expect((await call('PUT', `/api/groups/${id}/training-settings`, 'admin', ADMIN, { version: 0, ...trainingSettingsBody() })).statusCode).toBe(200);
    await t.database.db.raw(
      `INSERT INTO group_members (portal_id, group_id, person_id, state, source, joined_at)
       SELECT ?, ?, g, 'active', 'manual', '2026-02-01T00:00:00Z' FROM generate_series(?::int, ?::int) AS g`,
      [portal.id, id, first, first + members - 1],
    );
    return id;
  }

  const plansOf = async (groupId: number) =>
    Number((await t.database.db('personal_plans').where({ portal_id: portal.id, group_id: groupId }).count<{ count: string }[]>('* as count'))[0].count);
  const launchesOf = async (groupId: number) => t.database.db('training_launches').where({ portal_id: portal.id, group_id: groupId }).select('state', 'starts_on');

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(t.database.db);
    courseId = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Security basics'));
  }, 180_000);
  afterAll(async () => t.close());

  it('launches two groups from one start day: 201, each group\'s result, and every member\'s plan written', async () => {
    // Given two groups of 3 and 2 members
    const first = await newGroup('First shift', 'admin', ADMIN, 100, 3);
    const second = await newGroup('Second shift', 'admin', ADMIN, 200, 2);

    // When the admin launches both together
    const res = await launchMany('admin', ADMIN, [first, second]);

    // Then each is running from that day, with one plan per member
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      launches: [
        { groupId: first, launchId: expect.any(Number), state: 'running', startsOn: '2026-03-02', timeZone: 'Europe/Moscow', plans: 3 },
        { groupId: second, launchId: expect.any(Number), state: 'running', startsOn: '2026-03-02', timeZone: 'Europe/Moscow', plans: 2 },
      ],
    });
    expect(await plansOf(first)).toBe(3);
    expect(await plansOf(second)).toBe(2);
    const days = await t.database.db.raw(
      `SELECT DISTINCT to_char(starts_at AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD') AS day FROM personal_plans WHERE portal_id = ? AND group_id IN (?, ?)`,
      [portal.id, first, second],
    );
    expect(days.rows).toEqual([{ day: '2026-03-02' }]);
    // Each group's members are told once, under their own group's launch.
    const keys = (await t.database.db('jobs').where({ portal_id: portal.id, kind: 'training-notice' }).select('payload')).map((j: { payload: { eventKey: string } }) => j.payload.eventKey);
    const [a, b] = res.json().launches;
    expect(keys).toEqual(expect.arrayContaining([`TG_LAUNCH_${first}_${a.launchId}`, `TG_LAUNCH_${second}_${b.launchId}`]));
    // The card reads the same launch.
    expect((await call('GET', `/api/groups/${second}/training`, 'admin', ADMIN)).json().launch).toMatchObject({ id: b.launchId, state: 'running', startsOn: '2026-03-02' });
  });

  it('refuses a moderator a group they do not manage (403 NOT_GROUP_MANAGER) and launches none of the chosen', async () => {
    // Given a group the moderator created and one the admin did
    const own = await newGroup('Moderator\'s own', 'moderator', MODERATOR, 300, 2);
    const others = await newGroup('Admin\'s', 'admin', ADMIN, 400, 2);

    // When the moderator launches both
    const res = await launchMany('moderator', MODERATOR, [own, others]);

    // Then the call is refused for the group they do not manage, and nothing is launched: all or none
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'NOT_GROUP_MANAGER' });
    expect(await launchesOf(own)).toEqual([]);
    expect(await launchesOf(others)).toEqual([]);
    expect(await plansOf(own)).toBe(0);

    // Only theirs: launched
    const mine = await launchMany('moderator', MODERATOR, [own]);
    expect(mine.statusCode).toBe(201);
    expect(mine.json().launches).toEqual([expect.objectContaining({ groupId: own, plans: 2 })]);
    // A group that does not exist is not found, and the call launches nothing with it.
    expect((await launchMany('admin', ADMIN, [others, 999_999])).json()).toMatchObject({ error: 'NOT_FOUND' });
    expect(await launchesOf(others)).toEqual([]);
  });

  it('names the group already training (409 ALREADY_TRAINING with its id) and launches none of the others', async () => {
    const running = await newGroup('Running already', 'admin', ADMIN, 500, 1);
    const fresh = await newGroup('Not yet', 'admin', ADMIN, 600, 1);
    expect((await launchMany('admin', ADMIN, [running])).statusCode).toBe(201);

    const res = await launchMany('admin', ADMIN, [fresh, running], '2026-03-09');

    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'ALREADY_TRAINING', details: { groupId: running } });
    // The fresh group's launch was rolled back with the call: no launch row, no plans, no notice.
    expect(await launchesOf(fresh)).toEqual([]);
    expect(await plansOf(fresh)).toBe(0);
    expect(await launchesOf(running)).toHaveLength(1);
  });

  it('refuses employees (403) and a day that does not exist (400)', async () => {
    const groupId = await newGroup('Refusals', 'admin', ADMIN, 700, 1);
    expect((await launchMany('employee', 10, [groupId])).statusCode).toBe(403);
    expect((await launchMany('admin', ADMIN, [groupId], '2026-02-30')).statusCode).toBe(400);
    expect((await launchMany('admin', ADMIN, [])).statusCode).toBe(400);
    expect(await launchesOf(groupId)).toEqual([]);
  });
});
