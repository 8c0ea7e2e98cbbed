import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse, seedTest, testFile } from '../../support/catalog-content';
import type { Role } from '../../../server/auth/session-token';

const ADMIN = 1;
const EMPLOYEE = 10;
const EXTRANET = 11;

describe('catalog: learning through the API', () => {
  let t: TestApp;
  let mine: SeededPortal;
  let theirs: SeededPortal;
  let openCourse: number;
  let hiddenCourse: number;
  let hostileCourse: number;
  let theirCourse: number;

  beforeAll(async () => {
    t = await createTestApp();
    mine = await seedPortal(t.database.db);
    theirs = await seedPortal(t.database.db);
    const db = t.database.db;
    openCourse = await seedCourse(db, mine.id, ADMIN, courseFile('Alpha basics'));
    hiddenCourse = await seedCourse(db, mine.id, ADMIN, courseFile('Beta internal', { hidden: true, topic: 'Internal tools' }));
    hostileCourse = await seedCourse(
      db,
      mine.id,
      ADMIN,
      courseFile('Gamma hostile', {
        lessonBody: [
          'Before <script>document.title="pwned"</script> after',
          '<img src="https://example.com/x.png" onerror="alert(1)">',
          '[Click me](javascript:alert(2)) and <a href="javascript:alert(3)" onclick="alert(4)">this</a>',
          '[A real link](https://example.com/ok)',
        ].join('\n\n'),
      }),
    );
    await seedTest(db, mine.id, ADMIN, testFile('Delta standalone'));
    await seedTest(db, mine.id, ADMIN, testFile('Epsilon hidden test', { hidden: true }));
    theirCourse = await seedCourse(db, theirs.id, ADMIN, courseFile('Their secret course'));
    // Starting and migrating the embedded database takes long on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  const as = (role: Role, userId: number, portal = mine) => sessionHeader(t.config.sessionSecret, portal, role, userId);
  const get = (url: string, role: Role = 'employee', userId = EMPLOYEE, portal = mine) => t.app.inject({ method: 'GET', url, headers: as(role, userId, portal) });
  const post = (url: string, role: Role = 'employee', userId = EMPLOYEE, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: as(role, userId), ...(payload ? { payload } : {}) });

  it('lists the open courses and standalone tests, with topics to filter by', async () => {
    const res = await get('/api/catalog');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.courses.map((c: { title: string }) => c.title)).toEqual(['Alpha basics', 'Beta internal', 'Gamma hostile']);
    expect(body.hasMore).toBe(false);
    expect(body.tests.map((c: { title: string }) => c.title)).toEqual(['Delta standalone', 'Epsilon hidden test']);
    expect(body.canAuthor).toBe(false);
    const alpha = body.courses[0];
    expect(alpha).toMatchObject({ unitsCount: 2, lessonsCount: 3, estimatedMinutes: 5 + 3 + 4 + 4, levels: ['beginner', 'elementary'], lessonsDone: 0 });
    expect(alpha.topics.map((topic: { name: string }) => topic.name)).toEqual(['Passwords', 'Phishing']);
    expect(body.topics.map((topic: { name: string }) => topic.name)).toEqual(['Internal tools', 'Passwords', 'Phishing']);
  });

  it('filters by topic, level and search words', async () => {
    const topics = (await get('/api/catalog')).json().topics as Array<{ id: number; name: string }>;
    const internal = topics.find((topic) => topic.name === 'Internal tools')!;
    const byTopic = (await get(`/api/catalog?topicId=${internal.id}`)).json();
    expect(byTopic.courses.map((c: { title: string }) => c.title)).toEqual(['Beta internal']);
    expect(byTopic.tests).toEqual([]);
    expect((await get('/api/catalog?level=elementary')).json().courses).toHaveLength(3);
    expect((await get('/api/catalog?level=advanced')).json().courses).toEqual([]);
    const search = (await get('/api/catalog?q=HOSTILE')).json();
    expect(search.courses.map((c: { title: string }) => c.title)).toEqual(['Gamma hostile']);
    expect((await get('/api/catalog?q=%25')).json().courses).toEqual([]);
    const second = (await get('/api/catalog?limit=1&offset=1')).json();
    expect(second.courses.map((c: { title: string }) => c.title)).toEqual(['Beta internal']);
    expect(second.hasMore).toBe(true);
    expect((await get('/api/catalog?limit=1&offset=2')).json().hasMore).toBe(false);
    const bad = await get('/api/catalog?level=expert');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('level');
  });

  it('gives an extranet user neither a course nor a test hidden from extranet, by list or by id', async () => {
    const body = (await get('/api/catalog', 'extranet', EXTRANET)).json();
    expect(body.courses.map((c: { title: string }) => c.title)).toEqual(['Alpha basics', 'Gamma hostile']);
    expect(body.tests.map((c: { title: string }) => c.title)).toEqual(['Delta standalone']);
    expect(body.topics.map((topic: { name: string }) => topic.name)).toEqual(['Passwords', 'Phishing']);
    expect((await get(`/api/courses/${hiddenCourse}`, 'extranet', EXTRANET)).statusCode).toBe(404);
    const hiddenLesson = (await get(`/api/courses/${hiddenCourse}`)).json().units[0].lessons[0].id;
    expect((await get(`/api/lessons/${hiddenLesson}`, 'extranet', EXTRANET)).statusCode).toBe(404);
    expect((await post(`/api/lessons/${hiddenLesson}/complete`, 'extranet', EXTRANET)).statusCode).toBe(404);
    const hiddenUnitTest = (await get(`/api/courses/${hiddenCourse}`)).json().units[0].test.id;
    expect((await get(`/api/tests/${hiddenUnitTest}`, 'extranet', EXTRANET)).statusCode).toBe(404);
    expect((await get(`/api/courses/${openCourse}`, 'extranet', EXTRANET)).statusCode).toBe(200);
  });

  it('stores an employee’s progress when a lesson is read to its end, once', async () => {
    const course = (await get(`/api/courses/${openCourse}`)).json();
    expect(course.progress).toMatchObject({ lessonsDone: 0, lessonsTotal: 3, testsTotal: 1 });
    const [first, second] = course.units[0].lessons;
    const lesson = (await get(`/api/lessons/${first.id}`)).json();
    expect(lesson).toMatchObject({ title: 'First lesson', done: false, previousLessonId: null, nextLessonId: second.id, course: { id: openCourse, title: course.title } });
    // The unit's title comes along, for the reader's breadcrumbs
    expect(lesson.unit).toEqual({ id: course.units[0].id, title: course.units[0].title });
    expect(lesson.html).toContain('<h1>Hello</h1>');

    const done = await post(`/api/lessons/${first.id}/complete`);
    expect(done.statusCode).toBe(200);
    const again = await post(`/api/lessons/${first.id}/complete`);
    expect(again.json().completedAt).toBe(done.json().completedAt);

    const rows = await t.database.db('lesson_progress').where({ portal_id: mine.id });
    expect(rows).toEqual([expect.objectContaining({ person_id: EMPLOYEE, lesson_id: first.id, course_id: openCourse })]);
    const after = (await get(`/api/courses/${openCourse}`)).json();
    expect(after.progress).toMatchObject({ lessonsDone: 1, minutesDone: 5 });
    expect(after.units[0].lessons.map((l: { done: boolean }) => l.done)).toEqual([true, false]);
    expect((await get(`/api/lessons/${first.id}`)).json().done).toBe(true);
    expect((await get('/api/catalog')).json().courses[0].lessonsDone).toBe(1);
    // Someone else's progress is their own.
    expect((await get(`/api/courses/${openCourse}`, 'employee', EMPLOYEE + 1)).json().progress.lessonsDone).toBe(0);
  });

  it('returns a lesson body with <script>, onerror= and javascript: links inert', async () => {
    const lessonId = (await get(`/api/courses/${hostileCourse}`)).json().units[0].lessons[0].id;
    const { html } = (await get(`/api/lessons/${lessonId}`)).json();
    const tags: string[] = html.match(/<[^>]*>/g) ?? [];
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('pwned');
    expect(tags.filter((tag) => /\son\w+\s*=|javascript:/i.test(tag))).toEqual([]);
    expect(html).toContain('<a href="https://example.com/ok" target="_blank" rel="noopener noreferrer">A real link</a>');
    expect(html).toContain('<img src="https://example.com/x.png" />');
  });

  it('shows nothing of another portal’s content', async () => {
    expect((await get('/api/catalog', 'admin', ADMIN)).json().courses.map((c: { title: string }) => c.title)).not.toContain('Their secret course');
    expect((await get(`/api/courses/${theirCourse}`, 'admin', ADMIN)).statusCode).toBe(404);
    const theirLesson = (await get(`/api/courses/${theirCourse}`, 'admin', ADMIN, theirs)).json().units[0].lessons[0].id;
    expect((await get(`/api/lessons/${theirLesson}`, 'admin', ADMIN)).statusCode).toBe(404);
    expect((await post(`/api/lessons/${theirLesson}/complete`)).statusCode).toBe(404);
    expect((await get(`/api/catalog`, 'employee', EMPLOYEE, theirs)).json().courses.map((c: { title: string }) => c.title)).toEqual(['Their secret course']);
  });

  it('needs a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/catalog' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/lessons/1` })).statusCode).toBe(401);
  });
});
