import { createTestApp, type TestApp } from '../support/app';
import { seedPortal, sessionHeader, SEEDED_MODERATOR, type SeededPortal } from '../support/seed-portal';
import { courseFile, seedCourse } from '../support/catalog-content';
import type { Role } from '../../server/auth/session-token';
import { trainingSettingsBody } from '../support/training-settings';

/**
 * Kept replies of the hot reads (http/reply-cache.ts, auth/guard.ts asCachedCaller): a repeated read
 * is answered after the caller check alone, and only while the portal's read version (migration
 * 0080) is the one the reply was built under. So every write, by the app or by anyone else, shows
 * on the next read; the caller is checked (role, portal) on every request; a reply is never given
 * to another person, portal or role; and a reply that depends on the day follows the day.
 * Counted on knex's 'query' event: a count, never a timer.
 */

const ADMIN = 1;
const MEMBER = 10;
const OTHER = 11;

describe('kept replies of the hot reads', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let now = new Date('2026-03-01T23:50:00Z');
  let streamA: number;
  let streamB: number;
  let courseId: number;

  const get = async (url: string, userId: number, role: Role, onPortal: SeededPortal = portal) => {
    const statements: string[] = [];
    const count = (query: { sql: string }) => statements.push(query.sql);
    t.database.db.on('query', count);
    try {
      const res = await t.app.inject({ method: 'GET', url, headers: sessionHeader(t.config.sessionSecret, onPortal, role, userId) });
      return { status: res.statusCode, text: res.body, body: res.json(), type: res.headers['content-type'], statements };
    } finally {
      t.database.db.removeListener('query', count);
    }
  };
  const admin = () => sessionHeader(t.config.sessionSecret, portal, 'admin', ADMIN);
  /** The statements a read sent: the caller check alone, or with a read of the route's own. */
  const checkOnly = (statements: string[]) => statements.length === 1 && /session_caller\(/.test(statements[0]) && !/training_groups|courses|people_search/.test(statements[0]);

  beforeAll(async () => {
    t = await createTestApp({}, { deps: { clock: () => now } });
    portal = await seedPortal(t.database.db);
    await t.database.db('people').insert([
      { portal_id: portal.id, user_id: MEMBER, name: 'Anna', last_name: 'Member', user_type: 'employee', active: true },
      { portal_id: portal.id, user_id: OTHER, name: 'Boris', last_name: 'Other', user_type: 'employee', active: true },
    ]);
    courseId = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Passwords'));
    const create = async (name: string, accessStartsOn: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/groups', headers: admin(), payload: { name, accessStartsOn } });
      expect(res.statusCode).toBe(201);
      return res.json().id as number;
    };
    // Stream A opens on 2 March (UTC): upcoming at the start, current once the clock passes midnight.
    streamA = await create('Stream A', '2026-03-02');
    streamB = await create('Stream B', '2026-01-01');
    const added = await t.app.inject({ method: 'POST', url: `/api/groups/${streamA}/participants`, headers: admin(), payload: { userIds: [MEMBER] } });
    expect(added.statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => t.close());

  it('answers a repeated read with the same reply after the caller check alone', async () => {
    const first = await get('/api/my-groups', MEMBER, 'employee');
    expect(first.status).toBe(200);
    expect(first.body.upcoming.map((g: { name: string }) => g.name)).toEqual(['Stream A']);
    const second = await get('/api/my-groups', MEMBER, 'employee');
    expect(second.text).toBe(first.text);
    expect(second.type).toBe(first.type);
    expect(checkOnly(second.statements)).toBe(true);
  });

  it('builds the reply again once anything it reads is written, through the app or straight into the database', async () => {
    await get('/api/my-groups', MEMBER, 'employee');
    const added = await t.app.inject({ method: 'POST', url: `/api/groups/${streamB}/participants`, headers: admin(), payload: { userIds: [MEMBER] } });
    expect(added.statusCode).toBe(200);
    const afterAdd = await get('/api/my-groups', MEMBER, 'employee');
    expect(afterAdd.body.current.map((g: { name: string }) => g.name)).toEqual(['Stream B']);
    expect(afterAdd.statements).toHaveLength(2);

    await t.database.db('training_groups').where({ portal_id: portal.id, id: streamB }).update({ name: 'Stream B (spring)' });
    const afterSql = await get('/api/my-groups', MEMBER, 'employee');
    expect(afterSql.body.current.map((g: { name: string }) => g.name)).toEqual(['Stream B (spring)']);
    expect(checkOnly((await get('/api/my-groups', MEMBER, 'employee')).statements)).toBe(true);
  });

  it("keeps each person's reply their own", async () => {
    await get('/api/my-groups', MEMBER, 'employee');
    const other = await get('/api/my-groups', OTHER, 'employee');
    expect(other.body).toMatchObject({ current: [], upcoming: [] });
  });

  it('follows the day: a group opens at midnight in its zone with nothing written', async () => {
    const before = await get('/api/my-groups', MEMBER, 'employee');
    expect(before.body.upcoming.map((g: { name: string }) => g.name)).toEqual(['Stream A']);
    now = new Date('2026-03-02T00:05:00Z');
    const after = await get('/api/my-groups', MEMBER, 'employee');
    expect(after.body.upcoming).toEqual([]);
    expect(after.body.current.map((g: { name: string }) => g.name).sort()).toEqual(['Stream A', 'Stream B (spring)']);
  });

  it('checks the caller on every request, whatever is kept: a moderator removed in Settings is refused', async () => {
    const kept = await get('/api/people?search=anna', SEEDED_MODERATOR, 'moderator');
    expect(kept.status).toBe(200);
    expect(kept.body.people.map((p: { userId: number }) => p.userId)).toEqual([MEMBER]);
    expect(checkOnly((await get('/api/people?search=anna', SEEDED_MODERATOR, 'moderator')).statements)).toBe(true);
    await t.database.db('moderators').where({ portal_id: portal.id, subject_type: 'user', subject_id: SEEDED_MODERATOR }).delete();
    const refused = await get('/api/people?search=anna', SEEDED_MODERATOR, 'moderator');
    expect([refused.status, refused.body.error]).toEqual([403, 'FORBIDDEN']);
    await t.database.db('moderators').insert({ portal_id: portal.id, subject_type: 'user', subject_id: SEEDED_MODERATOR, added_by: ADMIN });
  });

  it('keeps a reply under the role the caller has now, not the one their token claims', async () => {
    // MEMBER is no moderator: the token's claim is answered as the employee they are, and kept as theirs.
    const claimed = await get('/api/catalog', MEMBER, 'moderator');
    expect([claimed.status, claimed.body.canAuthor]).toEqual([200, false]);
    const asEmployee = await get('/api/catalog', MEMBER, 'employee');
    expect(asEmployee.text).toBe(claimed.text);
    expect(checkOnly(asEmployee.statements)).toBe(true);
    const asAdmin = await get('/api/catalog', ADMIN, 'admin');
    expect(asAdmin.body.canAuthor).toBe(true);
  });

  it("shows the viewer's own progress in the catalog page read after they finish a lesson", async () => {
    const course = await t.app.inject({ method: 'GET', url: `/api/courses/${courseId}`, headers: sessionHeader(t.config.sessionSecret, portal, 'employee', OTHER) });
    expect(course.statusCode).toBe(200);
    const lessonId = course.json().units[0].lessons[0].id as number;
    const before = await get('/api/catalog', OTHER, 'employee');
    expect(before.body.courses.find((c: { id: number }) => c.id === courseId).lessonsDone).toBe(0);
    const done = await t.app.inject({ method: 'POST', url: `/api/lessons/${lessonId}/complete`, headers: sessionHeader(t.config.sessionSecret, portal, 'employee', OTHER) });
    expect(done.statusCode).toBe(200);
    const after = await get('/api/catalog', OTHER, 'employee');
    expect(after.body.courses.find((c: { id: number }) => c.id === courseId).lessonsDone).toBe(1);
  });

  it('keeps the card of a group of its own, never of a linked one (its mirror ages by the minute and a stale one queues a sync)', async () => {
    await get(`/api/groups/${streamB}`, ADMIN, 'admin');
    expect(checkOnly((await get(`/api/groups/${streamB}`, ADMIN, 'admin')).statements)).toBe(true);

    await t.database.db('training_groups').where({ portal_id: portal.id, id: streamA }).update({ workgroup_id: 77, link_state: 'linked' });
    const linked = await get(`/api/groups/${streamA}`, ADMIN, 'admin');
    expect(linked.status).toBe(200);
    expect(linked.body.sync).toMatchObject({ stale: true, jobId: expect.any(Number) });
    const again = await get(`/api/groups/${streamA}`, ADMIN, 'admin');
    expect(again.body.sync).toMatchObject({ stale: true });
    expect(checkOnly(again.statements)).toBe(false);
  });

  it("keeps the group report until a member's progress changes, and follows the day of its plan", async () => {
    // Stream B (started in January, with the course) launched from Monday 2 March in UTC; MEMBER reads its lessons.
    expect((await t.app.inject({ method: 'PUT', url: `/api/groups/${streamB}/content/course/${courseId}`, headers: admin() })).statusCode).toBe(200);
    const settings = { version: 0, ...trainingSettingsBody({ timeZone: 'UTC' }) };
    expect((await t.app.inject({ method: 'PUT', url: `/api/groups/${streamB}/training-settings`, headers: admin(), payload: settings })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/api/groups/${streamB}/training/launch`, headers: admin(), payload: { startsOn: '2026-03-02' } })).statusCode).toBe(201);
    const url = `/api/groups/${streamB}/training/report`;
    const first = await get(url, ADMIN, 'admin');
    expect(first.status).toBe(200);
    const member = () => first.body.members.find((m: { personId: number }) => m.personId === MEMBER);
    expect(member()).toMatchObject({ unitsDone: 0 });
    expect(first.body.today).toBe('2026-03-02');
    // The caller check rides on the report's first statement; the next read is the check alone.
    expect(first.statements[0]).toContain('session_caller(');
    const again = await get(url, ADMIN, 'admin');
    expect(again.text).toBe(first.text);
    expect(checkOnly(again.statements)).toBe(true);

    const course = await t.app.inject({ method: 'GET', url: `/api/courses/${courseId}`, headers: sessionHeader(t.config.sessionSecret, portal, 'employee', MEMBER) });
    const lessonId = course.json().units[0].lessons[0].id as number;
    expect((await t.app.inject({ method: 'POST', url: `/api/lessons/${lessonId}/complete`, headers: sessionHeader(t.config.sessionSecret, portal, 'employee', MEMBER) })).statusCode).toBe(200);
    const afterLesson = await get(url, ADMIN, 'admin');
    expect(afterLesson.body.members.find((m: { personId: number }) => m.personId === MEMBER).completedMinutes).toBeGreaterThan(member().completedMinutes);

    now = new Date('2026-03-09T08:00:00Z');
    expect((await get(url, ADMIN, 'admin')).body.today).toBe('2026-03-09');
  });

  it('never answers another portal, nor a portal uninstalled since its reply was kept', async () => {
    const other = await seedPortal(t.database.db, { memberId: 'other-portal' });
    const elsewhere = await get('/api/my-groups', MEMBER, 'employee', other);
    expect(elsewhere.body).toMatchObject({ current: [], upcoming: [] });

    await get('/api/my-groups', MEMBER, 'employee');
    await t.database.db('portals').where({ id: portal.id }).update({ state: 'uninstalled' });
    const gone = await get('/api/my-groups', MEMBER, 'employee');
    expect([gone.status, gone.body.error]).toEqual([401, 'PORTAL_UNINSTALLED']);
    await t.database.db('portals').where({ id: portal.id }).update({ state: 'active' });
  });
});
