import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse, seedTest, testFile } from '../../support/catalog-content';
import type { Role } from '../../../server/auth/session-token';

/**
 * Closed content through every catalog route that reads it (issue 9, "Done when"): a course and a
 * standalone test attached to a training group open to its members inside the access window, its
 * managers and admins, and to nobody else - not in the catalog, not by id, not by a lesson, a
 * unit test, an attempt or an export. And two portals never see each other's groups or content.
 */

const ADMIN = 1;
const MODERATOR = 2;
const MEMBER = 10;
const OUTSIDER = 11;
const LATE_MEMBER = 12;

describe('closed content through the catalog routes', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let other: SeededPortal;
  let courseId: number;
  let testId: number;
  let openCourseId: number;
  let lessonId: number;
  let unitTestId: number;
  let groupId: number;
  let outsiderAttemptId: number;

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, userId: number, role: Role = 'employee', payload?: object, on: SeededPortal = portal) =>
    t.app.inject({ method, url, headers: sessionHeader(t.config.sessionSecret, on, role, userId), ...(payload ? { payload } : {}) });
  const as = (userId: number, role: Role = 'employee') => ({
    get: (url: string) => call('GET', url, userId, role),
    post: (url: string, payload?: object) => call('POST', url, userId, role, payload),
  });

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(t.database.db);
    other = await seedPortal(t.database.db);
    for (const [userId, userType] of [[MEMBER, 'employee'], [OUTSIDER, 'employee'], [LATE_MEMBER, 'employee'], [4, 'extranet']] as const) {
      await t.database.db('people').insert({ portal_id: portal.id, user_id: userId, name: `P${userId}`, last_name: 'Person', user_type: userType, active: true });
    }
    courseId = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Secret handling'));
    openCourseId = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Open to all'));
    testId = await seedTest(t.database.db, portal.id, ADMIN, testFile('Closed check'));
    const course = (await as(ADMIN, 'admin').get(`/api/courses/${courseId}`)).json();
    lessonId = course.units[0].lessons[0].id;
    unitTestId = course.units[0].test.id;
    // An attempt begun while the course was still open.
    outsiderAttemptId = (await as(OUTSIDER).post(`/api/tests/${unitTestId}/attempts`)).json().id;

    const created = await call('POST', '/api/groups', ADMIN, 'admin', { name: 'Stream A', accessStartsOn: '2000-01-01', accessEndsOn: '2999-12-31' });
    expect(created.statusCode).toBe(201);
    groupId = created.json().id;
    expect((await call('PUT', `/api/groups/${groupId}/content/course/${courseId}`, ADMIN, 'admin')).statusCode).toBe(200);
    expect((await call('PUT', `/api/groups/${groupId}/content/test/${testId}`, ADMIN, 'admin')).statusCode).toBe(200);
    const added = await call('POST', `/api/groups/${groupId}/participants`, ADMIN, 'admin', { userIds: [MEMBER, 4] });
    expect(added.json().results.map((r: { outcome: string }) => r.outcome)).toEqual(['added', 'added']);
  }, 180_000);
  afterAll(async () => t.close());

  it('is gone from the general catalog for people outside the group, and there for its members only in My groups', async () => {
    for (const [userId, role] of [[OUTSIDER, 'employee'], [MEMBER, 'employee'], [4, 'extranet']] as const) {
      const catalog = (await as(userId, role).get('/api/catalog')).json();
      expect(catalog.courses.map((c: { id: number }) => c.id)).toEqual([openCourseId]);
      expect(catalog.tests.map((x: { id: number }) => x.id)).toEqual([]);
    }
    const mine = (await as(MEMBER).get('/api/my-groups')).json();
    expect(mine.current).toEqual([expect.objectContaining({ id: groupId, content: expect.arrayContaining([expect.objectContaining({ kind: 'course', id: courseId }), expect.objectContaining({ kind: 'test', id: testId })]) })]);
  });

  it('shows admins the closed items marked closed, with their groups', async () => {
    const catalog = (await as(ADMIN, 'admin').get('/api/catalog')).json();
    const closed = catalog.courses.find((c: { id: number }) => c.id === courseId);
    expect(closed).toMatchObject({ closed: true, groups: [{ id: groupId, name: 'Stream A' }] });
    expect(catalog.courses.find((c: { id: number }) => c.id === openCourseId)).toMatchObject({ closed: false, groups: [] });
    expect(catalog.tests).toEqual([expect.objectContaining({ id: testId, closed: true, groups: [{ id: groupId, name: 'Stream A' }] })]);
    // A moderator who manages no group holding it neither sees it listed nor opens it.
    const moderator = (await as(MODERATOR, 'moderator').get('/api/catalog')).json();
    expect(moderator.courses.map((c: { id: number }) => c.id)).toEqual([openCourseId]);
    expect((await as(MODERATOR, 'moderator').get(`/api/courses/${courseId}`)).statusCode).toBe(404);
  });

  it('refuses a non-member through every route that reads it; opens it to members, in the window', async () => {
    const reads = (userId: number, role: Role = 'employee') => [
      as(userId, role).get(`/api/courses/${courseId}`),
      as(userId, role).get(`/api/lessons/${lessonId}`),
      as(userId, role).post(`/api/lessons/${lessonId}/complete`),
      as(userId, role).get(`/api/tests/${unitTestId}`),
      as(userId, role).get(`/api/tests/${unitTestId}/attempts`),
      as(userId, role).post(`/api/tests/${unitTestId}/attempts`),
      as(userId, role).get(`/api/tests/${testId}`),
      as(userId, role).get(`/api/tests/${testId}/attempts`),
      as(userId, role).post(`/api/tests/${testId}/attempts`),
    ];
    const outsider = await Promise.all(reads(OUTSIDER));
    expect(outsider.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 404]);
    // The result of an attempt begun before the course closed is closed too.
    expect((await as(OUTSIDER).post(`/api/attempts/${outsiderAttemptId}/submit`, { answers: [] })).statusCode).toBe(404);
    // Exports (authoring) are refused to a moderator who neither wrote it nor manages its group.
    expect((await as(MODERATOR, 'moderator').get(`/api/courses/${courseId}/export`)).statusCode).toBe(404);

    const member = await Promise.all(reads(MEMBER));
    expect(member.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 201, 200, 200, 201]);
    // Extranet members too: the group gave it to them.
    expect((await as(4, 'extranet').get(`/api/courses/${courseId}`)).statusCode).toBe(200);
    expect((await as(ADMIN, 'admin').get(`/api/tests/${testId}`)).statusCode).toBe(200);
  });

  it('closes again outside the access window, and opens again when the content is detached', async () => {
    const card = (await call('GET', `/api/groups/${groupId}`, ADMIN, 'admin')).json();
    // The card reads its content with the group, in one statement: the list the content routes answer (attaching again changes nothing).
    const listed = (await call('PUT', `/api/groups/${groupId}/content/test/${testId}`, ADMIN, 'admin')).json().content;
    expect(listed).toHaveLength(2);
    expect(card.content).toEqual(listed);
    const moved = await call('PATCH', `/api/groups/${groupId}`, ADMIN, 'admin', { version: card.version, accessStartsOn: '2998-01-01' });
    expect(moved.statusCode).toBe(200);
    expect((await as(MEMBER).get(`/api/courses/${courseId}`)).statusCode).toBe(404);
    expect((await as(MEMBER).get('/api/my-groups')).json()).toMatchObject({ current: [], upcoming: [expect.objectContaining({ id: groupId })] });
    expect((await call('DELETE', `/api/groups/${groupId}/content/course/${courseId}`, ADMIN, 'admin')).json().content).toEqual([expect.objectContaining({ kind: 'test', id: testId })]);
    expect((await as(OUTSIDER).get(`/api/courses/${courseId}`)).statusCode).toBe(200);
    await call('PUT', `/api/groups/${groupId}/content/course/${courseId}`, ADMIN, 'admin');
  });

  it("keeps two portals apart: groups, people and content", async () => {
    const theirs = (userId: number, role: Role, url: string) => call('GET', url, userId, role, undefined, other);
    expect((await theirs(ADMIN, 'admin', `/api/groups/${groupId}`)).statusCode).toBe(404);
    expect((await theirs(ADMIN, 'admin', '/api/groups')).json()).toEqual({ total: 0, groups: [] });
    expect((await theirs(ADMIN, 'admin', `/api/groups/${groupId}/participants`)).statusCode).toBe(404);
    expect((await theirs(ADMIN, 'admin', `/api/courses/${courseId}`)).statusCode).toBe(404);
    expect((await theirs(MEMBER, 'employee', '/api/my-groups')).json()).toMatchObject({ current: [], upcoming: [], invitations: [] });
    // Their admin cannot attach our course to a group of theirs, nor add our people.
    const mine = await call('POST', '/api/groups', ADMIN, 'admin', { name: 'Theirs' }, other);
    expect((await call('PUT', `/api/groups/${mine.json().id}/content/course/${courseId}`, ADMIN, 'admin', undefined, other)).statusCode).toBe(404);
    const added = await call('POST', `/api/groups/${mine.json().id}/participants`, ADMIN, 'admin', { userIds: [MEMBER] }, other);
    expect(added.json().results).toEqual([expect.objectContaining({ userId: MEMBER, outcome: 'unknown-person' })]);
    expect((await call('GET', `/api/groups/${mine.json().id}`, ADMIN, 'admin')).statusCode).toBe(404);
  });

  it("keeps the manage lists to what each may open: a moderator never sees titles of other groups' closed items", async () => {
    const OTHER_MODERATOR = 3;
    await t.database.db('moderators').insert({ portal_id: portal.id, subject_type: 'user', subject_id: OTHER_MODERATOR, added_by: ADMIN });
    const own = await seedCourse(t.database.db, portal.id, MODERATOR, courseFile('Stream B handbook'));
    const streamB = (await call('POST', '/api/groups', MODERATOR, 'moderator', { name: 'Stream B', accessStartsOn: null, accessEndsOn: null })).json().id;
    expect((await call('PUT', `/api/groups/${streamB}/content/course/${own}`, MODERATOR, 'moderator')).statusCode).toBe(200);
    const list = async (userId: number, role: Role, kind: 'courses' | 'tests') => {
      const res = await as(userId, role).get(`/api/manage/${kind}`);
      expect(res.statusCode).toBe(200);
      return new Map(res.json()[kind].map((item: { id: number; closed: boolean; groups: unknown[] }) => [item.id, { closed: item.closed, groups: item.groups }]));
    };

    // A moderator who manages no holding group: open items only.
    const stranger = await list(OTHER_MODERATOR, 'moderator', 'courses');
    expect(stranger.get(openCourseId)).toEqual({ closed: false, groups: [] });
    expect(stranger.has(courseId)).toBe(false);
    expect(stranger.has(own)).toBe(false);
    expect((await list(OTHER_MODERATOR, 'moderator', 'tests')).has(testId)).toBe(false);
    // The moderator managing Stream B: its item, marked closed with its group; not Stream A's.
    const manager = await list(MODERATOR, 'moderator', 'courses');
    expect(manager.get(own)).toEqual({ closed: true, groups: [{ id: streamB, name: 'Stream B' }] });
    expect(manager.has(courseId)).toBe(false);
    // Admins: everything, closed items marked with all their groups.
    const admin = await list(ADMIN, 'admin', 'courses');
    expect(admin.get(courseId)).toEqual({ closed: true, groups: [{ id: groupId, name: 'Stream A' }] });
    expect(admin.get(own)).toEqual({ closed: true, groups: [{ id: streamB, name: 'Stream B' }] });
    expect((await list(ADMIN, 'admin', 'tests')).get(testId)).toEqual({ closed: true, groups: [{ id: groupId, name: 'Stream A' }] });
    // Nor can the stranger attach Stream A's closed course to a group of theirs by its id: it is not there for them.
    const theirs = (await call('POST', '/api/groups', OTHER_MODERATOR, 'moderator', { name: 'Stream C', accessStartsOn: null, accessEndsOn: null })).json().id;
    expect((await call('PUT', `/api/groups/${theirs}/content/course/${courseId}`, OTHER_MODERATOR, 'moderator')).statusCode).toBe(404);
    expect((await call('PUT', `/api/groups/${theirs}/content/course/${openCourseId}`, OTHER_MODERATOR, 'moderator')).statusCode).toBe(200);
    // The other portal's lists know nothing of these.
    const elsewhere = await call('GET', '/api/manage/courses', ADMIN, 'admin', undefined, other);
    expect(elsewhere.json().courses.map((c: { title: string }) => c.title)).not.toContain('Stream B handbook');
  });
});
