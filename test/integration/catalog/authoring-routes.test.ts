import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, SEEDED_MODERATOR, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import type { Role } from '../../../server/auth/session-token';

const ADMIN = 1;
const EMPLOYEE = 10;

describe('catalog: authoring through the API', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let adminCourse: number;

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(t.database.db);
    adminCourse = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Admin course'));
    // Starting and migrating the embedded database takes long on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  const who: Record<string, [Role, number]> = { admin: ['admin', ADMIN], moderator: ['moderator', SEEDED_MODERATOR], employee: ['employee', EMPLOYEE] };
  const call = (as: keyof typeof who, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) => {
    const [role, userId] = who[as]!;
    return t.app.inject({ method, url, headers: sessionHeader(t.config.sessionSecret, portal, role, userId), ...(payload ? { payload } : {}) });
  };

  it('refuses a moderator who edits, reorders or deletes an admin’s course, and changes nothing', async () => {
    const before = (await call('moderator', 'GET', `/api/manage/courses/${adminCourse}`)).json();
    expect(before.canEdit).toBe(false);
    const attempts = [
      await call('moderator', 'PATCH', `/api/courses/${adminCourse}`, { version: before.version, title: 'Mine now' }),
      await call('moderator', 'PUT', `/api/courses/${adminCourse}/unit-order`, { version: before.version, unitIds: before.units.map((u: { id: number }) => u.id).reverse() }),
      await call('moderator', 'DELETE', `/api/courses/${adminCourse}?version=${before.version}`),
      await call('moderator', 'PATCH', `/api/lessons/${before.units[0].lessons[0].id}`, { version: 1, body: 'vandalised' }),
      await call('moderator', 'POST', `/api/courses/${adminCourse}/units`, { title: 'Extra', level: 'beginner', topicName: 'X' }),
      await call('moderator', 'PATCH', `/api/tests/${before.units[0].test.id}`, { version: 1, passMark: 0 }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('NOT_YOURS');
    }
    expect((await call('moderator', 'GET', `/api/manage/courses/${adminCourse}`)).json()).toEqual(before);
  });

  it('lets a moderator create and edit their own course; an admin edits it too', async () => {
    const created = await call('moderator', 'POST', '/api/courses', { title: 'Moderator course' });
    expect(created.statusCode).toBe(201);
    const course = created.json();
    expect(course).toMatchObject({ authorId: SEEDED_MODERATOR, canEdit: true, version: 1, units: [] });
    const withUnit = (await call('moderator', 'POST', `/api/courses/${course.id}/units`, { title: 'Unit A', level: 'intermediate', topicName: 'Devices' })).json();
    const unit = withUnit.units[0];
    const lesson = await call('moderator', 'POST', `/api/units/${unit.id}/lessons`, { title: 'L1', body: '**Hi**', estimatedMinutes: 7 });
    expect(lesson.statusCode).toBe(201);
    const edited = await call('admin', 'PATCH', `/api/courses/${course.id}`, { version: withUnit.version, description: 'By the admin' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, description: 'By the admin' });
    const listed = (await call('moderator', 'GET', '/api/manage/courses')).json().courses;
    expect(listed.map((c: { title: string; canEdit: boolean }) => [c.title, c.canEdit])).toEqual([
      ['Admin course', false],
      ['Moderator course', true],
    ]);
    const catalog = (await call('employee', 'GET', '/api/catalog')).json();
    // The catalog's card follows every edit (its facts are kept on the course row: migrations/0061).
    expect(catalog.courses.find((c: { title: string }) => c.title === 'Moderator course')).toMatchObject({
      description: 'By the admin',
      unitsCount: 1,
      lessonsCount: 1,
      estimatedMinutes: 7,
      levels: ['intermediate'],
      topics: [expect.objectContaining({ name: 'Devices' })],
    });
  });

  it('refuses a save based on a stale version with 409 and the stored item, so no edit is lost silently', async () => {
    const course = (await call('admin', 'GET', `/api/manage/courses/${adminCourse}`)).json();
    const lesson = course.units[0].lessons[0];
    const first = await call('admin', 'PATCH', `/api/lessons/${lesson.id}`, { version: lesson.version, body: 'First save' });
    expect(first.json()).toMatchObject({ body: 'First save', version: lesson.version + 1 });
    const stale = await call('admin', 'PATCH', `/api/lessons/${lesson.id}`, { version: lesson.version, body: 'Second save, from an old copy' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'EDIT_CONFLICT', details: { current: { id: lesson.id, body: 'First save', version: lesson.version + 1 } } });
    const staleCourse = await call('admin', 'PATCH', `/api/courses/${adminCourse}`, { version: course.version + 5, title: 'x' });
    expect(staleCourse.statusCode).toBe(409);
    expect(staleCourse.json().details.current.title).toBe('Admin course');
  });

  it('reorders units and lessons, refusing an order built on an old list', async () => {
    const course = (await call('admin', 'GET', `/api/manage/courses/${adminCourse}`)).json();
    const unitIds = course.units.map((u: { id: number }) => u.id);
    const reordered = await call('admin', 'PUT', `/api/courses/${adminCourse}/unit-order`, { version: course.version, unitIds: [...unitIds].reverse() });
    expect(reordered.statusCode).toBe(200);
    expect(reordered.json().units.map((u: { id: number }) => u.id)).toEqual([...unitIds].reverse());
    const missingOne = await call('admin', 'PUT', `/api/courses/${adminCourse}/unit-order`, { version: reordered.json().version, unitIds: unitIds.slice(1) });
    expect(missingOne.statusCode).toBe(409);
    const unit = course.units[0];
    const lessonIds = unit.lessons.map((l: { id: number }) => l.id);
    const lessons = await call('admin', 'PUT', `/api/units/${unit.id}/lesson-order`, { version: unit.version, lessonIds: [...lessonIds].reverse() });
    expect(lessons.json().units.find((u: { id: number }) => u.id === unit.id).lessons.map((l: { id: number }) => l.id)).toEqual([...lessonIds].reverse());
    // The learner reads them in the new order.
    const learner = (await call('employee', 'GET', `/api/courses/${adminCourse}`)).json();
    expect(learner.units.map((u: { id: number }) => u.id)).toEqual([...unitIds].reverse());
  });

  it('says what a delete takes with it, deletes, and keeps the attempts for reports', async () => {
    const id = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Doomed'));
    const testId = (await call('employee', 'GET', `/api/courses/${id}`)).json().units[0].test.id;
    const attempt = (await call('employee', 'POST', `/api/tests/${testId}/attempts`)).json();
    await call('employee', 'POST', `/api/attempts/${attempt.id}/submit`, { answers: [] });
    const preview = await call('admin', 'GET', `/api/courses/${id}/delete-preview`);
    expect(preview.json()).toEqual({ units: 2, lessons: 3, tests: 1, attempts: 1, learners: 1 });
    const version = (await call('admin', 'GET', `/api/manage/courses/${id}`)).json().version;
    const deleted = await call('admin', 'DELETE', `/api/courses/${id}?version=${version}`);
    expect(deleted.json()).toEqual({ deleted: true, kept: { attempts: 1 } });
    expect((await call('employee', 'GET', `/api/courses/${id}`)).statusCode).toBe(404);
    expect((await call('employee', 'GET', `/api/tests/${testId}`)).statusCode).toBe(404);
    expect((await call('employee', 'GET', '/api/catalog')).json().courses.map((c: { title: string }) => c.title)).not.toContain('Doomed');
    const kept = await t.database.db('test_attempts').where({ portal_id: portal.id, id: attempt.id }).first();
    expect(kept).toMatchObject({ title_snapshot: 'Doomed: check yourself', score: 0 });
  });

  it('keeps a learner’s progress on a deleted lesson as history, but stops counting it', async () => {
    const id = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Shrinking'));
    const lesson = (await call('employee', 'GET', `/api/courses/${id}`)).json().units[0].lessons[0];
    await call('employee', 'POST', `/api/lessons/${lesson.id}/complete`);
    const card = async () => (await call('employee', 'GET', '/api/catalog?q=Shrinking')).json().courses[0];
    expect(await card()).toMatchObject({ lessonsDone: 1, lessonsCount: 3 });
    const version = (await call('admin', 'GET', `/api/manage/courses/${id}`)).json().units[0].lessons[0].version;
    expect((await call('admin', 'DELETE', `/api/lessons/${lesson.id}?version=${version}`)).statusCode).toBe(200);
    expect(await card()).toMatchObject({ lessonsDone: 0, lessonsCount: 2 });
    expect((await call('employee', 'GET', `/api/courses/${id}`)).json().progress).toMatchObject({ lessonsDone: 0, lessonsTotal: 2 });
    const kept = await t.database.db('lesson_progress').where({ portal_id: portal.id, lesson_id: lesson.id, person_id: EMPLOYEE }).first();
    expect(kept).toMatchObject({ lesson_live: false });
  });

  it('names the course of a unit’s test for the editor’s breadcrumbs; a standalone test has none', async () => {
    const courseId = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Course with a unit test'));
    const course = (await call('admin', 'GET', `/api/manage/courses/${courseId}`)).json();
    const unitTest = (await call('admin', 'GET', `/api/manage/tests/${course.units[0].test.id}`)).json();
    expect(unitTest).toMatchObject({ courseId, courseTitle: 'Course with a unit test', unitId: course.units[0].id });
    const standalone = (await call('admin', 'POST', '/api/tests', { title: 'On its own' })).json();
    expect((await call('admin', 'GET', `/api/manage/tests/${standalone.id}`)).json()).toMatchObject({ courseId: null, courseTitle: null, unitId: null });
  });

  it('validates authoring input with the field named', async () => {
    const noTitle = await call('admin', 'POST', '/api/courses', { title: '' });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().field).toBe('title');
    const standalone = (await call('admin', 'POST', '/api/tests', { title: 'Quiz' })).json();
    expect(standalone).toMatchObject({ passMark: 80, attemptsAllowed: null, unitId: null, questions: [] });
    const twoRight = await call('admin', 'POST', `/api/tests/${standalone.id}/questions`, {
      text: 'One?',
      kind: 'single',
      options: [{ text: 'a', correct: true }, { text: 'b', correct: true }],
    });
    expect(twoRight.statusCode).toBe(400);
    expect(twoRight.json().field).toBe('options');
    const added = await call('admin', 'POST', `/api/tests/${standalone.id}/questions`, { text: 'One?', kind: 'single', options: [{ text: 'a', correct: true }, { text: 'b', correct: false }] });
    expect(added.statusCode).toBe(201);
    expect(added.json().questions[0].options.map((o: { correct: boolean }) => o.correct)).toEqual([true, false]);
  });

  it('is closed to employees and extranet users', async () => {
    expect((await call('employee', 'GET', '/api/manage/courses')).statusCode).toBe(403);
    expect((await call('employee', 'POST', '/api/courses', { title: 'x' })).statusCode).toBe(403);
    expect((await call('employee', 'GET', `/api/courses/${adminCourse}/export`)).statusCode).toBe(403);
    expect((await call('employee', 'POST', '/api/catalog/import', { text: '{}' })).statusCode).toBe(403);
    const extranet = await t.app.inject({ method: 'POST', url: '/api/lessons/preview', headers: sessionHeader(t.config.sessionSecret, portal, 'extranet', 11), payload: { body: 'x' } });
    expect(extranet.statusCode).toBe(403);
  });
});
