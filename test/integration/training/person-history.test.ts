import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import type { GroupsCaller, GroupsDeps } from '../../../server/groups/group-access';
import { applyRuleChanges } from '../../../server/groups/rule-memberships';
import { launchGroups, pauseTraining, restartTraining, resumeTraining, stopTraining } from '../../../server/training/launch-service';
import { historyFacts } from '../../../server/training/history-repository';
import { personReport } from '../../../server/training/report-service';
import { trainingSettingsBody } from '../../support/training-settings';

/**
 * The person report's history on PostgreSQL (issue 10 part 8, "per person, their plan, history and
 * results"): a member of Clerks is launched with the group, paused and resumed alone, stopped alone
 * by one admin and launched again by another, paused and resumed with the whole group, then moved
 * by a grouping rule to Engineers. Clerks' report lists all of it newest first, each on its day in
 * the group's zone (Moscow) and with who did it where that is recorded; Engineers' lists the move
 * in, and not the launch that happened there before they came.
 *
 * The training steps run on a clock in November 2026; the memberships are stamped by the database's
 * own clock, so the move is "today".
 */

const ADMIN = 1;
const MANAGER = 7;
const PERSON = 301;

describe('the person report\'s history', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let courseId: number;
  let clerks: number;
  let engineers: number;
  let clock = new Date('2026-11-01T09:00:00Z');
  const db = () => t.database.db;
  const deps = (): GroupsDeps => ({ db: db(), bitrix: {} as GroupsDeps['bitrix'], now: () => clock });
  const as = (userId: number): GroupsCaller => ({ portalId: portal.id, userId, role: 'admin', token: null });
  const headers = () => sessionHeader(t.config.sessionSecret, portal, 'admin', ADMIN);
  const at = async (moment: string, step: () => Promise<unknown>) => {
    clock = new Date(moment);
    await step();
  };

  async function trainingGroup(name: string): Promise<number> {
    const id = (await t.app.inject({ method: 'POST', url: '/api/groups', headers: headers(), payload: { name } })).json().id as number;
    expect((await t.app.inject({ method: 'PUT', url: `/api/groups/${id}/content/course/${courseId}`, headers: headers() })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PUT', url: `/api/groups/${id}/training-settings`, headers: headers(), payload: { version: 0, ...trainingSettingsBody() } })).statusCode).toBe(200);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(db());
    courseId = await seedCourse(db(), portal.id, ADMIN, courseFile('Security basics'));
    clerks = await trainingGroup('Clerks');
    engineers = await trainingGroup('Engineers');
    await db()('people').insert([
      { portal_id: portal.id, user_id: ADMIN, name: 'Ada', last_name: 'Admin' },
      { portal_id: portal.id, user_id: MANAGER, name: 'Мария', last_name: 'Менеджер' },
      { portal_id: portal.id, user_id: PERSON, name: 'Pat', last_name: 'Learner' },
    ]);
    // Placed among the clerks before training began (no audit entry: who added them is not known).
    await db()('group_members').insert({ portal_id: portal.id, group_id: clerks, person_id: PERSON, state: 'active', source: 'manual', joined_at: '2026-11-01T00:00:00Z' });
  }, 180_000);
  afterAll(async () => t?.close());

  it('lists the launch, pauses, resumes, the stop and the launch again in order, with their days and who did them', async () => {
    await at('2026-11-01T09:00:00Z', () => launchGroups(deps(), as(ADMIN), [clerks, engineers], '2026-11-02'));
    await at('2026-11-04T09:00:00Z', () => pauseTraining(deps(), as(MANAGER), clerks, [PERSON]));
    await at('2026-11-06T09:00:00Z', () => resumeTraining(deps(), as(MANAGER), clerks, [PERSON]));
    await at('2026-11-09T09:00:00Z', () => stopTraining(deps(), as(ADMIN), clerks, [PERSON]));
    await at('2026-11-11T09:00:00Z', () => restartTraining(deps(), as(MANAGER), clerks, [PERSON]));
    // Late on the 12th in UTC is already the 13th in Moscow: the days are the group's.
    await at('2026-11-12T22:30:00Z', () => pauseTraining(deps(), as(MANAGER), clerks, null));
    await at('2026-11-14T09:00:00Z', () => resumeTraining(deps(), as(MANAGER), clerks, null));

    const report = await personReport(deps(), as(ADMIN), clerks, PERSON);
    expect(report.history.map((e) => [e.on, e.kind, e.scope, e.actorName])).toEqual([
      ['2026-11-14', 'resumed', 'group', 'Мария Менеджер'],
      ['2026-11-13', 'paused', 'group', 'Мария Менеджер'],
      ['2026-11-11', 'launchedAgain', 'person', 'Мария Менеджер'],
      ['2026-11-09', 'stopped', 'person', 'Ada Admin'],
      ['2026-11-06', 'resumed', 'person', 'Мария Менеджер'],
      ['2026-11-04', 'paused', 'person', 'Мария Менеджер'],
      ['2026-11-01', 'launched', 'group', 'Ada Admin'],
      ['2026-11-01', 'joined', 'person', null],
    ]);
    expect(report.history[0]).toMatchObject({ at: '2026-11-14T09:00:00.000Z', actorId: MANAGER, otherGroup: null });
    // The stop moved into the earlier stops with its actor when the person was launched again.
    const plan = await db()('personal_plans').where({ portal_id: portal.id, group_id: clerks, person_id: PERSON }).first('stopped_by', 'earlier_stops_by', 'restarts_by');
    expect(plan).toEqual({ stopped_by: null, earlier_stops_by: [ADMIN], restarts_by: [MANAGER] });
  });

  it('shows a move by a grouping rule out of one group and into the other', async () => {
    // A move as the rules job writes it: the leave in one step, the join in the next.
    await db().transaction((trx) => applyRuleChanges(trx, portal.id, { leaves: [{ personId: PERSON, groupId: clerks, toGroupId: engineers }], joins: [] }, ADMIN));
    await db().transaction((trx) => applyRuleChanges(trx, portal.id, { joins: [{ personId: PERSON, groupId: engineers, ruleId: 1 }], leaves: [] }, ADMIN));
    const today = DateTime.now().setZone('Europe/Moscow').toISODate();
    clock = new Date();

    const left = await personReport(deps(), as(ADMIN), clerks, PERSON);
    expect(left.history[0]).toMatchObject({ on: today, kind: 'movedOut', scope: 'person', actorId: ADMIN, actorName: 'Ada Admin', otherGroup: { id: engineers, name: 'Engineers' } });
    // The plan the move ended is not a stop of its own, and names no one: the move says who did it.
    expect(await db()('personal_plans').where({ portal_id: portal.id, group_id: clerks, person_id: PERSON }).first('stopped_at', 'stopped_by')).toEqual({ stopped_at: expect.any(Date), stopped_by: null });
    expect(left.history.map((e) => e.kind)).toEqual(['movedOut', 'resumed', 'paused', 'launchedAgain', 'stopped', 'resumed', 'paused', 'launched', 'joined']);

    // In Engineers: the move in only; the group's launch came before them.
    const joined = await personReport(deps(), as(ADMIN), engineers, PERSON);
    expect(joined.history).toEqual([
      { at: expect.any(String), on: today, kind: 'movedIn', scope: 'person', actorId: ADMIN, actorName: 'Ada Admin', otherGroup: { id: clerks, name: 'Clerks' } },
    ]);

    // Through the API, as the OpenAPI schema serialises it.
    const res = await t.app.inject({ method: 'GET', url: `/api/groups/${clerks}/training/report/people/${PERSON}`, headers: headers() });
    expect(res.statusCode).toBe(200);
    expect(res.json().history).toEqual(left.history);
  });

  it('reads the history\'s facts in four statements, each scoped to the portal', async () => {
    const statements: Array<{ sql: string; bindings?: unknown[] }> = [];
    const count = (query: { sql: string; bindings?: unknown[] }) => statements.push(query);
    db().on('query', count);
    await historyFacts(db(), portal.id, clerks, PERSON);
    db().off('query', count);
    expect(statements).toHaveLength(4);
    for (const s of statements) expect({ sql: s.sql.replace(/\s+/g, ' ').slice(0, 60), portal: s.bindings?.[0] }).toEqual({ sql: expect.any(String), portal: portal.id });
  });
});
