import { createTestApp, type TestApp } from '../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../support/seed-portal';
import { courseFile, seedCourse } from '../support/catalog-content';
import type { Role } from '../../server/auth/session-token';

/**
 * What one request of each authenticated read route costs in SQL statements (issue 7): the
 * guard's one statement (session, portal, role and name: role-now.test.ts) plus the route's own
 * read, never a second read of what the guard already knows. Counted on knex's 'query' event, which
 * the statements sent straight through the driver (db/driver-query.ts) announce too; a count, never a timer.
 */

const ADMIN = 1;
const MEMBER = 10;

describe('statements per authenticated read', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let groupId: number;

  const get = async (url: string, userId: number, role: Role) => {
    const statements: string[] = [];
    const count = (query: { sql: string }) => statements.push(query.sql);
    t.database.db.on('query', count);
    try {
      const res = await t.app.inject({ method: 'GET', url, headers: sessionHeader(t.config.sessionSecret, portal, role, userId) });
      return { status: res.statusCode, body: res.json(), statements };
    } finally {
      t.database.db.removeListener('query', count);
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(t.database.db);
    await t.database.db('people').insert({ portal_id: portal.id, user_id: MEMBER, name: 'Anna', last_name: 'Member', user_type: 'employee', active: true });
    const courseId = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Passwords'));
    const admin = sessionHeader(t.config.sessionSecret, portal, 'admin', ADMIN);
    const created = await t.app.inject({ method: 'POST', url: '/api/groups', headers: admin, payload: { name: 'Stream A', accessStartsOn: '2000-01-01' } });
    expect(created.statusCode).toBe(201);
    groupId = created.json().id;
    expect((await t.app.inject({ method: 'PUT', url: `/api/groups/${groupId}/content/course/${courseId}`, headers: admin })).statusCode).toBe(200);
    const added = await t.app.inject({ method: 'POST', url: `/api/groups/${groupId}/participants`, headers: admin, payload: { userIds: [MEMBER] } });
    expect(added.statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => t.close());

  it('My groups: the guard, then one statement for groups, content and invitations', async () => {
    const { status, body, statements } = await get('/api/my-groups', MEMBER, 'employee');
    expect(status).toBe(200);
    expect(body.current).toEqual([expect.objectContaining({ id: groupId, content: [expect.objectContaining({ kind: 'course', title: 'Passwords' })] })]);
    expect(statements).toHaveLength(2);
  });

  it('people search: the guard, then the search (the role is the guard\'s, not read again)', async () => {
    const { status, body, statements } = await get('/api/people?search=anna', ADMIN, 'admin');
    expect(status).toBe(200);
    expect(body.people.map((p: { userId: number }) => p.userId)).toEqual([MEMBER]);
    expect(statements).toHaveLength(2);
  });

  it('the catalog page: the guard, then one statement', async () => {
    const { status, statements } = await get('/api/catalog', ADMIN, 'admin');
    expect(status).toBe(200);
    expect(statements).toHaveLength(2);
  });

  it('a group card: the guard, then one statement for the group with its counts, its content and its portal\'s address', async () => {
    const { status, body, statements } = await get(`/api/groups/${groupId}`, ADMIN, 'admin');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: groupId, workgroup: null, counts: { active: 1, content: 1 }, content: [{ kind: 'course', title: 'Passwords', deleted: false }] });
    expect(statements).toHaveLength(2);
    expect(statements.some((sql) => /from "portals"/i.test(sql))).toBe(false);
  });
});
