import { createTestApp, type TestApp } from '../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../support/seed-portal';
import { courseFile, seedCourse } from '../support/catalog-content';
import type { Role } from '../../server/auth/session-token';

/**
 * What one request of each authenticated read route costs in SQL statements (issue 7): ONE, the
 * route's read with the guard's check in front of it (session, portal, role and name: guard.ts
 * asCaller), never a second read of what the guard already knows. A token whose role is out of date
 * costs a second statement (the read again, with the role now); a refused caller gets the refusal.
 * Counted on knex's 'query' event, which the statements sent straight through the driver
 * (db/driver-query.ts) announce too; a count, never a timer.
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

  it('My groups: one statement for the caller, groups, content and invitations', async () => {
    const { status, body, statements } = await get('/api/my-groups', MEMBER, 'employee');
    expect(status).toBe(200);
    expect(body.current).toEqual([expect.objectContaining({ id: groupId, content: [expect.objectContaining({ kind: 'course', title: 'Passwords' })] })]);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('session_caller(');
  });

  it('people search: one statement for the caller and the search (the role is the guard\'s, not read again)', async () => {
    const { status, body, statements } = await get('/api/people?search=anna', ADMIN, 'admin');
    expect(status).toBe(200);
    expect(body.people.map((p: { userId: number }) => p.userId)).toEqual([MEMBER]);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('session_caller(');
  });

  it('the catalog page: one statement for the caller and the page', async () => {
    const { status, statements } = await get('/api/catalog', ADMIN, 'admin');
    expect(status).toBe(200);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('session_caller(');
  });

  it('a group card: one statement for the caller and the group with its counts, its content and its portal\'s address', async () => {
    const { status, body, statements } = await get(`/api/groups/${groupId}`, ADMIN, 'admin');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: groupId, workgroup: null, counts: { active: 1, content: 1 }, content: [{ kind: 'course', title: 'Passwords', deleted: false }] });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('session_caller(');
    expect(statements.some((sql) => /from "portals"/i.test(sql))).toBe(false);
  });

  it('reads again with the role now when the token claims one the caller no longer has', async () => {
    // MEMBER is no moderator: a token saying so is answered as the employee they are
    const { status, body, statements } = await get('/api/catalog', MEMBER, 'moderator');
    expect(status).toBe(200);
    expect(body.canAuthor).toBe(false);
    expect(body.courses).toEqual([]); // the course is closed (attached to a group): not in an employee's catalog
    expect(statements).toHaveLength(2);
  });

  it('refuses, after the one statement, a caller whose role now is not allowed, and sends none of the rows', async () => {
    const { status, body, statements } = await get('/api/people?search=anna', MEMBER, 'moderator');
    expect(status).toBe(403);
    expect(body).toEqual({ error: 'FORBIDDEN', message: expect.stringContaining('admin, moderator') });
    expect(statements).toHaveLength(1);
  });

  it('refuses every shared read once the portal is uninstalled', async () => {
    const other = await seedPortal(t.database.db, { memberId: 'gone' });
    await t.database.db('portals').where({ id: other.id }).update({ state: 'uninstalled' });
    for (const [url, role] of [['/api/my-groups', 'employee'], ['/api/catalog', 'employee'], ['/api/people?search=anna', 'admin'], [`/api/groups/${groupId}`, 'admin']] as const) {
      const res = await t.app.inject({ method: 'GET', url, headers: sessionHeader(t.config.sessionSecret, other, role, role === 'admin' ? ADMIN : MEMBER) });
      expect([url, res.statusCode, res.json().error]).toEqual([url, 401, 'PORTAL_UNINSTALLED']);
    }
  });

  it('answers a group card of another portal as not found: the read is scoped to the token\'s portal', async () => {
    const other = await seedPortal(t.database.db, { memberId: 'other' });
    const res = await t.app.inject({ method: 'GET', url: `/api/groups/${groupId}`, headers: sessionHeader(t.config.sessionSecret, other, 'admin', ADMIN) });
    expect(res.statusCode).toBe(404);
  });
});
