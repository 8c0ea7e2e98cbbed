import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import type { Role } from '../../../server/auth/session-token';
import type { GroupsCaller, GroupsDeps } from '../../../server/groups/group-access';
import { silentJobLogger, type JobContext } from '../../../server/jobs/job-types';
import { applyRulesHandler } from '../../../server/training/grouping-rules-jobs';
import { launchGroups } from '../../../server/training/launch-service';
import { groupProgress } from '../../../server/training/progress-service';
import { groupReport, personReport } from '../../../server/training/report-service';
import { trainingSettingsBody } from '../../support/training-settings';

/**
 * Grouping rules and training plans on PostgreSQL (issue 10 parts 3 and 5): the dry run counts the
 * plans a move would rebuild and changes nothing; applying the rules moves a person from one
 * training group to another, their plan there starts from the move with the two units they already
 * passed credited - shown passed, with their scores and days, in the manager's progress and the
 * group report - and their plan in the group they left ends with their results kept.
 *
 * The seeded course: unit 1 (Passwords, with a test) and unit 2 (Phishing, lessons only).
 */

const ADMIN = 1;
const MOVER = 501;
const STAYER = 502;

describe('grouping rules move people between training groups', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let courseId: number;
  let unitIds: number[];
  const clock = new Date('2026-03-04T09:00:00Z');
  const db = () => t.database.db;
  const deps = (): GroupsDeps => ({ db: db(), bitrix: {} as GroupsDeps['bitrix'], now: () => clock });
  const admin = (): GroupsCaller => ({ portalId: portal.id, userId: ADMIN, role: 'admin', token: null });
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, role: Role, userId: number, payload?: object) =>
    t.app.inject({ method, url, headers: sessionHeader(t.config.sessionSecret, portal, role, userId), ...(payload ? { payload } : {}) });

  const settings = (minutesPerWeek: number) => ({ version: 0, ...trainingSettingsBody({ minutesPerWeek }) });

  async function trainingGroup(name: string): Promise<number> {
    const id = (await call('POST', '/api/groups', 'admin', ADMIN, { name })).json().id as number;
    expect((await call('PUT', `/api/groups/${id}/content/course/${courseId}`, 'admin', ADMIN)).statusCode).toBe(200);
    expect((await call('PUT', `/api/groups/${id}/training-settings`, 'admin', ADMIN, settings(20))).statusCode).toBe(200);
    return id;
  }

  /** Runs the apply job's handler in this process, each step in its own transaction as the worker does. */
  async function applyRules(): Promise<unknown> {
    const ctx = {
      portalId: portal.id,
      payload: { actorId: ADMIN },
      db: db(),
      checkpoint: null,
      signal: new AbortController().signal,
      log: silentJobLogger,
      reportProgress: async () => undefined,
      saveStep: async (work: (trx: never) => Promise<void>) => db().transaction((trx) => work(trx as never)),
    } as unknown as JobContext;
    return applyRulesHandler()(ctx);
  }

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(db());
    courseId = await seedCourse(db(), portal.id, ADMIN, courseFile('Security basics'));
    unitIds = (await call('GET', `/api/courses/${courseId}`, 'admin', ADMIN)).json().units.map((u: { id: number }) => u.id);
  }, 180_000);
  afterAll(async () => t?.close());

  it('counts the plan in the dry run, then moves the person keeping both passed units credited', async () => {
    const clerks = await trainingGroup('Clerks');
    const engineers = await trainingGroup('Engineers');
    await db()('people').insert([
      { portal_id: portal.id, user_id: MOVER, name: 'Mover', position: 'Engineer' },
      { portal_id: portal.id, user_id: STAYER, name: 'Stayer', position: 'Clerk' },
    ]);
    for (const [contains, groupId] of [['Clerk', clerks], ['Engineer', engineers]] as const) {
      expect((await call('POST', '/api/settings/grouping-rules', 'admin', ADMIN, { condition: { kind: 'position', contains }, groupId })).statusCode).toBe(201);
    }
    // Both were placed among the clerks by a rule (the mover was a clerk until their position changed).
    await db().raw(
      `INSERT INTO group_members (portal_id, group_id, person_id, state, source, joined_at) SELECT ?, ?, x, 'active', 'rule', '2026-02-01T00:00:00Z' FROM unnest(ARRAY[?, ?]::int[]) AS x`,
      [portal.id, clerks, MOVER, STAYER],
    );
    await launchGroups(deps(), admin(), [clerks, engineers], '2026-03-02');

    // The mover passed both units: unit 1's test at 90 % (>= 80 %) and every lesson of both.
    const test = await db()('tests').where({ portal_id: portal.id, unit_id: unitIds[0] }).first('id', 'title');
    await db()('test_attempts').insert({ portal_id: portal.id, test_id: test.id, person_id: MOVER, number: 1, title_snapshot: test.title, submitted_at: clock, answers: '{}', score: 90, passed: true });
    const lessons = await db()('lessons').where({ portal_id: portal.id }).whereIn('unit_id', unitIds).select('id');
    await db()('lesson_progress').insert(lessons.map((l: { id: number }) => ({ portal_id: portal.id, person_id: MOVER, lesson_id: l.id, course_id: courseId, completed_at: '2026-03-03T10:00:00Z' })));

    const before = await db()('personal_plans').where({ portal_id: portal.id }).orderBy(['group_id', 'person_id']).select('*');
    const dry = await call('POST', '/api/settings/grouping-rules/dry-run', 'admin', ADMIN);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ totals: { joining: 1, leaving: 1 }, plansRebuilt: 1 });
    expect(await db()('personal_plans').where({ portal_id: portal.id }).orderBy(['group_id', 'person_id']).select('*')).toEqual(before);

    expect(await applyRules()).toEqual({ joined: 1, left: 1 });

    const plans = await db()('personal_plans').where({ portal_id: portal.id, person_id: MOVER }).orderBy('group_id').select('group_id', 'credited_unit_ids', 'stopped_at', 'member_id');
    const [inClerks, inEngineers] = [plans.find((p) => Number(p.group_id) === clerks), plans.find((p) => Number(p.group_id) === engineers)];
    // In the new group: both passed units credited, nothing left to plan.
    expect(inEngineers.credited_unit_ids.map(Number).sort()).toEqual([...unitIds].sort());
    expect(inEngineers.stopped_at).toBeNull();
    expect(await db()('personal_plan_units').where({ portal_id: portal.id, member_id: inEngineers.member_id }).count<{ count: string }[]>('* as count')).toEqual([{ count: 0 }]);
    // In the group left behind: the plan ended, the results kept.
    expect(inClerks.stopped_at).not.toBeNull();
    expect((await groupProgress(deps(), admin(), clerks)).members.find((m) => m.personId === MOVER)).toMatchObject({ status: 'stopped', unitsPassed: 2 });
    // Nothing left to do in the new group, so never behind there; the manager sees both units passed,
    // credited, with their original score and day (the test on 03-04, the last lesson of unit 2 on 03-03).
    const moved = (await groupProgress(deps(), admin(), engineers)).members;
    expect(moved).toMatchObject([{ personId: MOVER, behind: false, status: 'completed', unitsPassed: 2, inGroup: true }]);
    expect(moved[0].units).toEqual([
      expect.objectContaining({ unitId: unitIds[0], passed: true, credited: true, bestScore: 90, attempts: 1, passedOn: '2026-03-04', dueOn: null }),
      expect.objectContaining({ unitId: unitIds[1], passed: true, credited: true, bestScore: null, lessonsDone: 1, passedOn: '2026-03-03', dueOn: null }),
    ]);
    // The group report counts them as planned and done, scored, in the chart's week of 03-02.
    const report = await groupReport(deps(), admin(), engineers);
    expect(report.members).toMatchObject([{ personId: MOVER, status: 'completed', onTrack: true, unitsDone: 2, unitsPlanned: 2, unitsTotal: 2, averageScore: 90, attention: [] }]);
    expect(report.weeks[0]).toEqual({ weekOf: '2026-03-02', planned: 2, actual: 2 });
    expect((await personReport(deps(), admin(), engineers, MOVER)).units.map((u) => [u.unitId, u.passed, u.credited])).toEqual([[unitIds[0], true, true], [unitIds[1], true, true]]);
    // The stayer's plan is untouched, and a second apply changes and rebuilds nothing.
    expect(await db()('personal_plans').where({ portal_id: portal.id, person_id: STAYER }).select('*')).toEqual(before.filter((p: { person_id: number }) => Number(p.person_id) === STAYER));
    expect((await call('POST', '/api/settings/grouping-rules/dry-run', 'admin', ADMIN)).json()).toMatchObject({ totals: { joining: 0, leaving: 0 }, plansRebuilt: 0 });
    expect(await applyRules()).toEqual({ joined: 0, left: 0 });
  }, 60_000);
});
