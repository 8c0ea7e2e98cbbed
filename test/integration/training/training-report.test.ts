import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import type { Role } from '../../../server/auth/session-token';
import type { GroupsCaller, GroupsDeps } from '../../../server/groups/group-access';
import { launchGroups } from '../../../server/training/launch-service';
import { groupReport, personReport } from '../../../server/training/report-service';
import { trainingSettingsBody } from '../../support/training-settings';

/**
 * The group report on PostgreSQL (issue 10 part 8): a launched group with one member on track, one
 * behind who has not started, and one who failed the unit test then passed it on retake; who may
 * read it; the CSV Excel opens. The seeded course (see training-launch.test.ts): unit 1 (12 min,
 * with a test) due 03-07 and unit 2 (4 min, no test) due 03-08, from Monday 2026-03-02, Moscow.
 */

const ADMIN = 1;
const ON_TRACK = 2;
const BEHIND = 3;
const RETAKER = 4;

describe('training reports', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let courseId: number;
  let unitIds: number[];
  let groupId: number;
  let clock = new Date('2026-03-01T09:00:00Z');
  const deps = (): GroupsDeps => ({ db: t.database.db, bitrix: {} as GroupsDeps['bitrix'], now: () => clock });
  const admin = (): GroupsCaller => ({ portalId: portal.id, userId: ADMIN, role: 'admin', token: null });
  const call = (url: string, role: Role, userId: number) => t.app.inject({ method: 'GET', url, headers: sessionHeader(t.config.sessionSecret, portal, role, userId) });
  const db = () => t.database.db;

  async function readLessons(personId: number, unitId: number, at: string) {
    const lessons = await db()('lessons').where({ portal_id: portal.id, unit_id: unitId }).select('id');
    await db()('lesson_progress').insert(lessons.map((l: { id: number }) => ({ portal_id: portal.id, person_id: personId, lesson_id: l.id, course_id: courseId, completed_at: at })));
  }
  async function attempt(personId: number, number: number, score: number, at: string) {
    const test = await db()('tests').where({ portal_id: portal.id, unit_id: unitIds[0] }).first('id', 'title');
    await db()('test_attempts').insert({ portal_id: portal.id, test_id: test.id, person_id: personId, number, title_snapshot: test.title, started_at: at, submitted_at: at, answers: '{}', score, passed: score >= 60 });
  }

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(db());
    courseId = await seedCourse(db(), portal.id, ADMIN, courseFile('Security basics'));
    const headers = sessionHeader(t.config.sessionSecret, portal, 'admin', ADMIN);
    unitIds = (await t.app.inject({ method: 'GET', url: `/api/courses/${courseId}`, headers })).json().units.map((u: { id: number }) => u.id);
    groupId = (await t.app.inject({ method: 'POST', url: '/api/groups', headers, payload: { name: 'Average Risk' } })).json().id;
    expect((await t.app.inject({ method: 'PUT', url: `/api/groups/${groupId}/content/course/${courseId}`, headers })).statusCode).toBe(200);
    const settings = { version: 0, ...trainingSettingsBody() };
    expect((await t.app.inject({ method: 'PUT', url: `/api/groups/${groupId}/training-settings`, headers, payload: settings })).statusCode).toBe(200);
    await db()('people').insert([
      { portal_id: portal.id, user_id: ON_TRACK, name: 'Анна', last_name: 'Иванова' },
      { portal_id: portal.id, user_id: BEHIND, name: '=cmd|', last_name: 'Behind' },
      { portal_id: portal.id, user_id: RETAKER, name: 'Пётр', last_name: 'Retaker' },
    ]);
    await db()('group_members').insert([ON_TRACK, BEHIND, RETAKER].map((person) => ({ portal_id: portal.id, group_id: groupId, person_id: person, state: 'active', source: 'manual', joined_at: '2026-02-01T00:00:00Z' })));
  }, 180_000);
  afterAll(async () => t.close());

  it('answers "not launched" with no members and no weeks before a launch', async () => {
    expect(await groupReport(deps(), admin(), groupId)).toMatchObject({ launch: null, members: [], attention: [], weeks: [] });
  });

  it('reports plan vs actual, ends, scores, who needs attention and the weekly series', async () => {
    clock = new Date('2026-03-01T09:00:00Z');
    await launchGroups(deps(), admin(), [groupId], '2026-03-02');
    await readLessons(ON_TRACK, unitIds[0], '2026-03-04T10:00:00Z');
    await attempt(ON_TRACK, 1, 90, '2026-03-05T10:00:00Z');
    await readLessons(RETAKER, unitIds[0], '2026-03-04T10:00:00Z');
    await attempt(RETAKER, 1, 60, '2026-03-05T10:00:00Z');

    // Saturday 03-07, 12:00 in Moscow: unit 1 is due, unit 2 (due 03-08) not yet.
    clock = new Date('2026-03-07T09:00:00Z');
    let report = await groupReport(deps(), admin(), groupId);
    const byPerson = (r: typeof report) => new Map(r.members.map((m) => [m.personId, m]));
    expect(byPerson(report).get(RETAKER)).toMatchObject({ onTrack: false, unitsDone: 0, averageScore: 60, attempts: 1, attention: ['behind', 'failedTest'] });

    await attempt(RETAKER, 2, 90, '2026-03-06T10:00:00Z');
    report = await groupReport(deps(), admin(), groupId);
    const members = byPerson(report);
    expect(report).toMatchObject({ today: '2026-03-07', thresholdPercent: 80, launch: { startsOn: '2026-03-02' } });
    // 12 of 16 minutes in the 6 days 03-02..03-07: 2 min/day, 4 left -> 2 days.
    expect(members.get(ON_TRACK)).toEqual({
      personId: ON_TRACK, name: 'Анна Иванова', status: 'inProgress', onTrack: true, unitsPlanned: 1, unitsDone: 1, unitsTotal: 2,
      plannedEnd: '2026-03-08', estimatedEnd: '2026-03-09', completedMinutes: 12, expectedMinutes: 12, totalMinutes: 16, averageScore: 90, attempts: 1, attention: [],
    });
    expect(members.get(BEHIND)).toMatchObject({ status: 'notStarted', onTrack: false, unitsPlanned: 1, unitsDone: 0, estimatedEnd: null, averageScore: null, attempts: 0, attention: ['behind', 'notStarted'] });
    expect(members.get(RETAKER)).toMatchObject({ status: 'inProgress', onTrack: true, unitsDone: 1, estimatedEnd: '2026-03-09', averageScore: 90, attempts: 2, attention: [] });
    expect(report.attention).toEqual([{ personId: BEHIND, name: '=cmd| Behind', reasons: ['behind', 'notStarted'] }]);
    // Week of 03-02: 3 people x 2 units due by Sunday 03-08; passed by then: unit 1 twice.
    expect(report.weeks).toEqual([{ weekOf: '2026-03-02', planned: 6, actual: 2 }]);

    // A week later the second week shows; the retaker's pass counts on the day of the passing retake.
    await readLessons(ON_TRACK, unitIds[1], '2026-03-10T10:00:00Z');
    clock = new Date('2026-03-10T12:00:00Z');
    report = await groupReport(deps(), admin(), groupId);
    expect(report.weeks).toEqual([
      { weekOf: '2026-03-02', planned: 6, actual: 2 },
      { weekOf: '2026-03-09', planned: 6, actual: 3 },
    ]);
    expect(byPerson(report).get(ON_TRACK)).toMatchObject({ status: 'completed', estimatedEnd: null, attention: [] });
  });

  it('reports one person: their plan, attempts in order, results; 404 for someone without a plan', async () => {
    clock = new Date('2026-03-07T09:00:00Z');
    const person = await personReport(deps(), admin(), groupId, RETAKER);
    expect(person.units.map((u) => ({ unitId: u.unitId, dueOn: u.dueOn, passed: u.passed }))).toEqual([
      { unitId: unitIds[0], dueOn: '2026-03-07', passed: true },
      { unitId: unitIds[1], dueOn: '2026-03-08', passed: false },
    ]);
    expect(person.attempts.map((a) => ({ number: a.number, score: a.score, passed: a.passed, submittedOn: a.submittedOn }))).toEqual([
      { number: 1, score: 60, passed: false, submittedOn: '2026-03-05' },
      { number: 2, score: 90, passed: true, submittedOn: '2026-03-06' },
    ]);
    expect(person.member).toMatchObject({ personId: RETAKER, unitsDone: 1, attempts: 2 });
    await expect(personReport(deps(), admin(), groupId, 99)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('reads the report in a fixed handful of set-based statements', async () => {
    const statements: string[] = [];
    const count = (query: { sql: string }) => statements.push(query.sql);
    db().on('query', count);
    await groupReport(deps(), admin(), groupId);
    db().off('query', count);
    expect(statements.length).toBeLessThanOrEqual(12);
  });

  it('lets admins read the report, refuses employees (403) and hides it from moderators who do not manage the group (404)', async () => {
    const urls = [`/api/groups/${groupId}/training/report`, `/api/groups/${groupId}/training/report.csv`, `/api/groups/${groupId}/training/report/people/${RETAKER}`];
    for (const url of urls) {
      expect((await call(url, 'admin', ADMIN)).statusCode).toBe(200);
      expect({ url, status: (await call(url, 'employee', BEHIND)).statusCode }).toEqual({ url, status: 403 });
      // User 2 is the portal's moderator but no manager of this group: to them it does not exist.
      expect({ url, status: (await call(url, 'moderator', ON_TRACK)).statusCode }).toEqual({ url, status: 404 });
    }
    expect((await call(`/api/groups/${groupId}/training/report/people/99`, 'admin', ADMIN)).statusCode).toBe(404);
    expect((await call(`/api/groups/${groupId}/training/report.csv?lang=xx`, 'admin', ADMIN)).statusCode).toBe(400);
  });

  it('exports CSV for Excel: BOM, header row in the viewer\'s language, Cyrillic intact, formulas defused', async () => {
    const res = await call(`/api/groups/${groupId}/training/report.csv?lang=ru`, 'admin', ADMIN);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="group-\d+-report-\d{4}-\d\d-\d\d\.csv"$/);
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Сотрудник,Статус,По плану,Блоков по плану на сегодня,Блоков пройдено,Блоков в плане,Плановое окончание,Ожидаемое окончание,Средний лучший результат тестов (%),Попыток тестов,Требует внимания');
    expect(lines.filter((l) => l.startsWith('Анна Иванова,'))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith("'=cmd| Behind,"))).toBe(true);
    expect(lines).toHaveLength(5); // header, three members, the empty string after the last CRLF
    const english = await call(`/api/groups/${groupId}/training/report.csv`, 'admin', ADMIN);
    expect(english.body.slice(1).split('\r\n')[0]).toBe('Name,Status,On track,Units planned by today,Units done,Units in plan,Planned end,Estimated end,Average best test score (%),Test attempts,Needs attention');
  });
});
