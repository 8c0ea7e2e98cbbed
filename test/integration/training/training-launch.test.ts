import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import type { Role } from '../../../server/auth/session-token';
import type { GroupsCaller, GroupsDeps } from '../../../server/groups/group-access';
import { openMembership, endMembership } from '../../../server/groups/members-repository';
import { launchGroups, pauseTraining, restartTraining, resumeTraining, stopTraining } from '../../../server/training/launch-service';
import { planJoiners } from '../../../server/training/member-plans';
import { groupProgress, myPlan } from '../../../server/training/progress-service';
import { trainingSettingsBody } from '../../support/training-settings';

/**
 * Launching, stopping, pausing and resuming training on PostgreSQL (issue 10 parts 4-6): plans
 * written set-based (1,000 members in a bounded number of statements), a move crediting passed
 * units, one person stopped or paused without touching the others, and who may do it.
 *
 * The seeded course: unit 1 (Passwords, beginner, 8 lesson minutes + a 4-minute test = 12) and
 * unit 2 (Phishing, elementary, 4 lesson minutes, no test). At 20 min/week from Monday 2026-03-02
 * in Europe/Moscow: unit 1 opens 03-02, due 03-07; unit 2 opens 03-06, due 03-08.
 */

const ADMIN = 1;
const MEMBERS = 1000;
const FIRST_PERSON = 1000;

describe('training launches', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let courseId: number;
  let unitIds: number[];
  let clock = new Date('2026-03-01T09:00:00Z');
  const deps = (): GroupsDeps => ({ db: t.database.db, bitrix: {} as GroupsDeps['bitrix'], now: () => clock });
  const admin = (): GroupsCaller => ({ portalId: portal.id, userId: ADMIN, role: 'admin', token: null });

  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, role: Role, userId: number, payload?: object) =>
    t.app.inject({ method, url, headers: sessionHeader(t.config.sessionSecret, portal, role, userId), ...(payload ? { payload } : {}) });

  async function newGroup(name: string): Promise<number> {
    const id = (await call('POST', '/api/groups', 'admin', ADMIN, { name })).json().id as number;
    expect((await call('PUT', `/api/groups/${id}/content/course/${courseId}`, 'admin', ADMIN)).statusCode).toBe(200);
    expect((await call('PUT', `/api/groups/${id}/training-settings`, 'admin', ADMIN, { version: 0, ...trainingSettingsBody() })).statusCode).toBe(200);
    return id;
  }

  /** `count` members from person `first` on, joined before the start, in one statement. */
  async function addMembers(groupId: number, first: number, count: number): Promise<void> {
    await t.database.db.raw(
      `INSERT INTO group_members (portal_id, group_id, person_id, state, source, joined_at)
       SELECT ?, ?, g, 'active', 'manual', '2026-02-01T00:00:00Z' FROM generate_series(?::int, ?::int) AS g`,
      [portal.id, groupId, first, first + count - 1],
    );
  }

  const unitsOf = async (groupId: number, personId: number) => {
    const rows = await t.database.db.raw(
      `SELECT u.unit_id, to_char(u.opens_at AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD') AS opens, to_char(u.due_at AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD') AS due
       FROM personal_plan_units u JOIN personal_plans p USING (portal_id, launch_id, member_id)
       WHERE p.portal_id = ? AND p.group_id = ? AND p.person_id = ? ORDER BY u.position`,
      [portal.id, groupId, personId],
    );
    return rows.rows.map((r: { unit_id: number; opens: string; due: string }) => ({ unitId: Number(r.unit_id), opens: r.opens, due: r.due }));
  };

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(t.database.db);
    courseId = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Security basics'));
    unitIds = (await call('GET', `/api/courses/${courseId}`, 'admin', ADMIN)).json().units.map((u: { id: number }) => u.id);
  }, 180_000);
  afterAll(async () => t.close());

  it('launches a 1,000-member group in a bounded number of SQL statements, one plan each', async () => {
    const groupId = await newGroup('Everyone');
    await addMembers(groupId, FIRST_PERSON, MEMBERS);
    const statements: string[] = [];
    const count = (query: { sql: string }) => statements.push(query.sql);
    t.database.db.on('query', count);
    const res = await call('POST', `/api/groups/${groupId}/training/launch`, 'admin', ADMIN, { startsOn: '2026-03-02' });
    t.database.db.off('query', count);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ groupId, state: 'running', startsOn: '2026-03-02', timeZone: 'Europe/Moscow', plans: MEMBERS });
    // Not one round trip per person: the whole launch, rights and notice job included, is a few dozen at most.
    process.stdout.write(`\nLaunch of ${MEMBERS} members: ${statements.length} SQL statements\n`);
    expect(statements.length).toBeLessThan(30);
    const planRows = await t.database.db('personal_plans').where({ portal_id: portal.id, group_id: groupId }).count<{ count: number }[]>('* as count');
    expect(Number(planRows[0].count)).toBe(MEMBERS);
    expect(await unitsOf(groupId, FIRST_PERSON + 500)).toEqual([
      { unitId: unitIds[0], opens: '2026-03-02', due: '2026-03-07' },
      { unitId: unitIds[1], opens: '2026-03-06', due: '2026-03-08' },
    ]);
    const jobs = await t.database.db('jobs').where({ portal_id: portal.id, kind: 'training-notice' }).select('payload');
    expect(jobs.map((j: { payload: { eventKey: string } }) => j.payload.eventKey)).toContain(`TG_LAUNCH_${groupId}_${res.json().launchId}`);
    // Launching again while it runs is refused, nothing doubled.
    expect((await call('POST', `/api/groups/${groupId}/training/launch`, 'admin', ADMIN, { startsOn: '2026-03-09' })).json()).toMatchObject({ error: 'ALREADY_TRAINING' });
  }, 120_000);

  it('refuses employees (403) and changes nothing', async () => {
    const groupId = await newGroup('Refused');
    expect((await call('POST', `/api/groups/${groupId}/training/launch`, 'employee', 10, { startsOn: '2026-03-02' })).statusCode).toBe(403);
    expect((await call('POST', '/api/training/launches', 'employee', 10, { groupIds: [groupId], startsOn: '2026-03-02' })).statusCode).toBe(403);
    expect((await call('POST', `/api/groups/${groupId}/training/stop`, 'employee', 10, {})).statusCode).toBe(403);
    expect((await call('GET', `/api/groups/${groupId}/training/progress`, 'employee', 10)).statusCode).toBe(403);
    expect(await t.database.db('training_launches').where({ portal_id: portal.id, group_id: groupId }).first()).toBeUndefined();
    expect((await call('POST', `/api/groups/${groupId}/training/pause`, 'admin', ADMIN, {})).json()).toMatchObject({ error: 'NOT_TRAINING' });
  });

  it('stops one person: their plan is dropped, the others untouched, results kept', async () => {
    const groupId = await newGroup('Stop one');
    await addMembers(groupId, 1, 3);
    clock = new Date('2026-03-01T09:00:00Z');
    await launchGroups(deps(), admin(), [groupId], '2026-03-02');
    await t.database.db('lesson_progress').insert(
      (await t.database.db('lessons').where({ portal_id: portal.id, unit_id: unitIds[0] }).select('id')).map((l: { id: number }) => ({ portal_id: portal.id, person_id: 2, lesson_id: l.id, course_id: courseId })),
    );
    const before = await unitsOf(groupId, 1);
    const reply = await stopTraining(deps(), admin(), groupId, [2]);
    expect(reply).toMatchObject({ state: 'running', personIds: [2] });
    expect(await unitsOf(groupId, 2)).toEqual([]);
    expect(await unitsOf(groupId, 1)).toEqual(before);
    expect(await unitsOf(groupId, 3)).toEqual(before);
    expect(await t.database.db('lesson_progress').where({ portal_id: portal.id, person_id: 2 }).count<{ count: number }[]>('* as count')).toEqual([{ count: 2 }]);
    clock = new Date('2026-03-09T09:00:00Z');
    const progress = await groupProgress(deps(), admin(), groupId);
    const byPerson = new Map(progress.members.map((m) => [m.personId, m]));
    expect(byPerson.get(2)).toMatchObject({ status: 'stopped', lessonsDone: 2 });
    expect(byPerson.get(1)).toMatchObject({ status: 'notStarted', behind: true, expectedMinutes: 16 });
    await expect(stopTraining(deps(), admin(), groupId, [2])).rejects.toMatchObject({ code: 'NOT_IN_PLAN' });
    // Stopping the group ends the launch; a new launch may follow.
    expect(await stopTraining(deps(), admin(), groupId, null)).toMatchObject({ state: 'stopped' });
    expect(await unitsOf(groupId, 1)).toEqual([]);
    expect((await launchGroups(deps(), admin(), [groupId], '2026-03-16'))[0]).toMatchObject({ plans: 3 });
  });

  it('launches a stopped person again: a fresh plan from today with passed units credited, history and others kept', async () => {
    const groupId = await newGroup('Restart one');
    await addMembers(groupId, 1, 2);
    clock = new Date('2026-03-01T09:00:00Z');
    await launchGroups(deps(), admin(), [groupId], '2026-03-02');
    const other = await unitsOf(groupId, 1);
    // Person 2 passes unit 1's test, is stopped on 03-03 and launched again on Monday 03-09 (Moscow).
    const test = await t.database.db('tests').where({ portal_id: portal.id, unit_id: unitIds[0] }).first('id', 'title');
    await t.database.db('test_attempts').insert({ portal_id: portal.id, test_id: test.id, person_id: 2, number: 1, title_snapshot: test.title, submitted_at: '2026-03-03T08:00:00Z', answers: '{}', score: 85, passed: true });
    clock = new Date('2026-03-03T09:00:00Z');
    await stopTraining(deps(), admin(), groupId, [2]);
    // Only the stopped may be launched again, all or none: person 1 is training.
    await expect(restartTraining(deps(), admin(), groupId, [1, 2])).rejects.toMatchObject({ statusCode: 409, code: 'NOT_STOPPED', details: { personIds: [1] } });
    clock = new Date('2026-03-09T06:00:00Z');
    expect(await restartTraining(deps(), admin(), groupId, [2])).toEqual({ groupId, launchId: expect.any(Number), state: 'running', personIds: [2] });
    // Afresh from the restart day: unit 1 credited, unit 2 (4 min at 20 min/week) opens 03-09, due two days later.
    expect(await unitsOf(groupId, 2)).toEqual([{ unitId: unitIds[1], opens: '2026-03-09', due: '2026-03-11' }]);
    const header = await t.database.db('personal_plans').where({ portal_id: portal.id, group_id: groupId, person_id: 2 }).first('stopped_at', 'earlier_stops', 'credited_unit_ids');
    expect(header.stopped_at).toBeNull();
    expect(header.earlier_stops.map((d: Date) => new Date(d).toISOString())).toEqual(['2026-03-03T09:00:00.000Z']);
    expect(header.credited_unit_ids.map(Number)).toEqual([unitIds[0]]);
    expect(await unitsOf(groupId, 1)).toEqual(other);
    const member = (await groupProgress(deps(), admin(), groupId)).members.find((m) => m.personId === 2);
    expect(member).toMatchObject({ status: 'notStarted', behind: false, inGroup: true, unitsPassed: 1 });
    // Told of the launch again, under a key of its own (the first launch notice does not hide it).
    const keys = (await t.database.db('jobs').where({ portal_id: portal.id, kind: 'training-notice' }).select('payload')).map((j: { payload: { eventKey: string; personIds: number[] | null } }) => j.payload);
    expect(keys.filter((p: { eventKey: string }) => p.eventKey.startsWith(`TG_LAUNCH_${groupId}_`))).toEqual(expect.arrayContaining([expect.objectContaining({ personIds: [2] })]));
    // Through the API: a stopped person again (a fresh plan, its own day), then nobody left stopped; employees refused.
    await stopTraining(deps(), admin(), groupId, [2]);
    const res = await call('POST', `/api/groups/${groupId}/training/restart`, 'admin', ADMIN, { personIds: [2] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ groupId, state: 'running', personIds: [2] });
    expect((await t.database.db('personal_plans').where({ portal_id: portal.id, group_id: groupId, person_id: 2 }).first('earlier_stops')).earlier_stops).toHaveLength(2);
    expect((await call('POST', `/api/groups/${groupId}/training/restart`, 'admin', ADMIN, { personIds: [2] })).json()).toMatchObject({ error: 'NOT_STOPPED' });
    expect((await call('POST', `/api/groups/${groupId}/training/restart`, 'employee', 10, { personIds: [2] })).statusCode).toBe(403);
    expect((await call('POST', `/api/groups/${groupId}/training/restart`, 'admin', ADMIN, {})).statusCode).toBe(400);
  });

  it('pauses one person and shifts their later dates by the pause on resume; a group pause holds everyone', async () => {
    const groupId = await newGroup('Pause');
    await addMembers(groupId, 1, 2);
    clock = new Date('2026-03-01T09:00:00Z');
    await launchGroups(deps(), admin(), [groupId], '2026-03-02');
    clock = new Date('2026-03-03T07:00:00Z');
    await pauseTraining(deps(), admin(), groupId, [1]);
    await expect(pauseTraining(deps(), admin(), groupId, [1])).rejects.toMatchObject({ code: 'ALREADY_PAUSED' });
    clock = new Date('2026-03-05T08:00:00Z');
    expect((await groupProgress(deps(), admin(), groupId)).members.find((m) => m.personId === 1)).toMatchObject({ status: 'paused' });
    clock = new Date('2026-03-06T07:00:00Z');
    await resumeTraining(deps(), admin(), groupId, [1]);
    // Three days of pause (03-03 to 03-06): every date after the pause's start moves by three days.
    expect(await unitsOf(groupId, 1)).toEqual([
      { unitId: unitIds[0], opens: '2026-03-02', due: '2026-03-10' },
      { unitId: unitIds[1], opens: '2026-03-09', due: '2026-03-11' },
    ]);
    expect(await unitsOf(groupId, 2)).toEqual([
      { unitId: unitIds[0], opens: '2026-03-02', due: '2026-03-07' },
      { unitId: unitIds[1], opens: '2026-03-06', due: '2026-03-08' },
    ]);
    // The whole group: paused, then resumed a day later - both shift once more by one day.
    clock = new Date('2026-03-06T08:00:00Z');
    expect(await pauseTraining(deps(), admin(), groupId, null)).toMatchObject({ state: 'paused' });
    clock = new Date('2026-03-07T08:00:00Z');
    expect(await resumeTraining(deps(), admin(), groupId, null)).toMatchObject({ state: 'running' });
    expect((await unitsOf(groupId, 2)).map((u: { due: string }) => u.due)).toEqual(['2026-03-08', '2026-03-09']);
    expect((await unitsOf(groupId, 1)).map((u: { due: string }) => u.due)).toEqual(['2026-03-11', '2026-03-12']);
  });

  it('moves a person into a training group: a plan from the move date, units already passed credited', async () => {
    const from = await newGroup('Move from');
    const to = await newGroup('Move to');
    const mover = 77;
    await addMembers(from, mover, 1);
    clock = new Date('2026-03-01T09:00:00Z');
    await launchGroups(deps(), admin(), [from, to], '2026-03-02');
    // The mover passed unit 1's test (90 % >= the group's 80 %) in the old group.
    const test = await t.database.db('tests').where({ portal_id: portal.id, unit_id: unitIds[0] }).first('id', 'title');
    await t.database.db('test_attempts').insert({ portal_id: portal.id, test_id: test.id, person_id: mover, number: 1, title_snapshot: test.title, submitted_at: new Date(), answers: '{}', score: 90, passed: true });
    // The move: the old membership ends, a new one opens (joined now, after the launch), and the hook plans it.
    await t.database.db.transaction(async (trx) => {
      await endMembership(trx, portal.id, from, mover, 'removed');
      await openMembership(trx, portal.id, to, mover, 'rule');
      expect(await planJoiners(trx, portal.id, to, clock)).toBe(1);
    });
    const plan = await t.database.db('personal_plans').where({ portal_id: portal.id, group_id: to, person_id: mover }).first('credited_unit_ids');
    expect(plan.credited_unit_ids.map(Number)).toEqual([unitIds[0]]);
    expect((await unitsOf(to, mover)).map((u: { unitId: number }) => u.unitId)).toEqual([unitIds[1]]);
    // The learner's own view: the plan starts on the move day, with only unit 2 left.
    const mine = await myPlan(deps(), { portalId: portal.id, userId: mover, role: 'employee', token: null }, to);
    // Unit 1 is shown passed (credited, out of the dates); only unit 2 is left to do.
    expect(mine.plan?.units.map((u) => [u.unitId, u.credited, u.passed])).toEqual([[unitIds[0], true, true], [unitIds[1], false, false]]);
    expect(mine.plan?.next?.unitId).toBe(unitIds[1]);
    const joinedOn = (await t.database.db.raw(`SELECT to_char(joined_at AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD') AS day FROM group_members WHERE portal_id = ? AND group_id = ? AND person_id = ?`, [portal.id, to, mover])).rows[0].day;
    expect(mine.plan?.startsOn).toBe(joinedOn);
    // In the group left behind, the mover's plan no longer runs; their result there is kept.
    expect((await groupProgress(deps(), admin(), from)).members).toMatchObject([{ personId: mover, status: 'stopped', unitsPassed: 1 }]);
    // Nobody else's plan was written twice: the hook finds no newcomer the second time.
    expect(await planJoiners(t.database.db, portal.id, to, clock)).toBe(0);
  });

  it('gives a late joiner added by an admin a plan from the day they join, in the same request', async () => {
    const groupId = await newGroup('Late joiners');
    await addMembers(groupId, 30, 1);
    clock = new Date('2026-03-01T09:00:00Z');
    await launchGroups(deps(), admin(), [groupId], '2026-03-02');
    await t.database.db('people').insert({ portal_id: portal.id, user_id: 31, name: 'Late', last_name: 'Joiner' });
    const added = await call('POST', `/api/groups/${groupId}/participants`, 'admin', ADMIN, { userIds: [31] });
    expect(added.statusCode).toBe(200);
    const plan = await t.database.db.raw(
      `SELECT to_char(p.starts_at AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD') AS starts, to_char(m.joined_at AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD') AS joined
       FROM personal_plans p JOIN group_members m ON m.portal_id = p.portal_id AND m.id = p.member_id WHERE p.portal_id = ? AND p.group_id = ? AND p.person_id = 31`,
      [portal.id, groupId],
    );
    // max(group start, joined_at): joined after 2 March, so the plan starts the day they joined.
    expect(plan.rows).toHaveLength(1);
    expect(plan.rows[0].starts).toBe(plan.rows[0].joined);
    expect((await unitsOf(groupId, 31)).map((u: { unitId: number }) => u.unitId)).toEqual(unitIds);
  });

  it('ends the plan of a participant removed by hand, keeping their results; the others untouched', async () => {
    const groupId = await newGroup('Removed by hand');
    await addMembers(groupId, 40, 2);
    clock = new Date('2026-03-01T09:00:00Z');
    await launchGroups(deps(), admin(), [groupId], '2026-03-02');
    const before = await unitsOf(groupId, 41);
    expect(before.length).toBeGreaterThan(0);
    expect((await call('DELETE', `/api/groups/${groupId}/participants/40`, 'admin', ADMIN)).statusCode).toBe(200);
    const plan = await t.database.db('personal_plans').where({ portal_id: portal.id, group_id: groupId, person_id: 40 }).first();
    expect(plan.stopped_at).not.toBeNull();
    expect(await unitsOf(groupId, 40)).toEqual([]);
    expect(await unitsOf(groupId, 41)).toEqual(before);
  });

  it('answers the learner\'s plan: due this week, next, end date; and 404 to a non-member', async () => {
    const groupId = await newGroup('Learner');
    await addMembers(groupId, 5, 1);
    clock = new Date('2026-03-01T09:00:00Z');
    await launchGroups(deps(), admin(), [groupId], '2026-03-02');
    clock = new Date('2026-03-02T09:00:00Z');
    const mine = await myPlan(deps(), { portalId: portal.id, userId: 5, role: 'employee', token: null }, groupId);
    expect(mine.plan).toMatchObject({ status: 'notStarted', behind: false, startsOn: '2026-03-02', endsOn: '2026-03-08' });
    expect(mine.plan?.dueThisWeek.map((u) => u.unitId)).toEqual([unitIds[0], unitIds[1]]);
    clock = new Date('2026-03-02T09:00:00Z');
    const http = await call('GET', `/api/my-groups/${groupId}/plan`, 'employee', 5);
    expect(http.statusCode).toBe(200);
    expect(http.json().plan.endsOn).toBe('2026-03-08');
    expect((await call('GET', `/api/my-groups/${groupId}/plan`, 'employee', 6)).statusCode).toBe(404);
    expect((await call('GET', `/api/groups/${groupId}/training/progress`, 'admin', ADMIN)).json()).toMatchObject({ thresholdPercent: 80, members: [{ personId: 5, totalMinutes: 16 }] });

    // Unit 1: a failed test (60 % < 80 %), then a retake that passes; the best attempt counts.
    const test = await t.database.db('tests').where({ portal_id: portal.id, unit_id: unitIds[0] }).first('id', 'title');
    const attempt = (number: number, score: number) => ({ portal_id: portal.id, test_id: test.id, person_id: 5, number, title_snapshot: test.title, submitted_at: new Date(), answers: '{}', score, passed: score >= 60 });
    await t.database.db('test_attempts').insert(attempt(1, 60));
    clock = new Date('2026-03-07T09:00:00Z');
    let member = (await groupProgress(deps(), admin(), groupId)).members[0];
    expect(member).toMatchObject({ status: 'notStarted', behind: true, expectedMinutes: 12, unitsPassed: 0 });
    expect(member.units[0]).toMatchObject({ bestScore: 60, attempts: 1, passed: false });
    await t.database.db('test_attempts').insert(attempt(2, 90));
    member = (await groupProgress(deps(), admin(), groupId)).members[0];
    // The test's minutes count, but unit 1's lessons are still unread: 4 of the 12 minutes due.
    expect(member).toMatchObject({ status: 'inProgress', behind: true, completedMinutes: 4, unitsPassed: 1 });
    await t.database.db('lesson_progress').insert(
      (await t.database.db('lessons').where({ portal_id: portal.id, unit_id: unitIds[0] }).select('id')).map((l: { id: number }) => ({ portal_id: portal.id, person_id: 5, lesson_id: l.id, course_id: courseId })),
    );
    member = (await groupProgress(deps(), admin(), groupId)).members[0];
    expect(member).toMatchObject({ status: 'inProgress', behind: false, completedMinutes: 12, expectedMinutes: 12, lessonsDone: 2 });
    expect(member.units[0]).toMatchObject({ bestScore: 90, attempts: 2, passed: true });
  });
});
