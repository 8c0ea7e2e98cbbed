import { SEED_USERS } from '../../server/dev-portal';
import { bearer, startPortalApp, type PortalApp } from '../support/portal-app';

/**
 * A role change in Settings takes effect on the caller's next request, not when their session
 * expires: the guard reads the moderators list with the portal's state, in one statement.
 */
describe('the role on each request', () => {
  let t: PortalApp;
  let portalId: string;
  let admin: string;
  beforeAll(async () => {
    t = await startPortalApp({ portals: 2 });
    portalId = (await t.install(t.portal)).id;
    await t.install(t.portals[1]);
    admin = await t.sessionToken(t.portal, SEED_USERS.admin);
    // The departments mirror (filled by the people import): Acme (1) > IT (5) > Development (6).
    await t.database.db('departments').insert([
      { portal_id: portalId, department_id: 1, name: 'Acme Corp', parent_id: null },
      { portal_id: portalId, department_id: 5, name: 'IT', parent_id: 1 },
      { portal_id: portalId, department_id: 6, name: 'Development', parent_id: 5 },
    ]);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    await name([]);
  });

  type Subject = { subjectType: 'user' | 'department'; subjectId: number; includeSubdepartments?: boolean };
  async function name(moderators: Subject[]): Promise<void> {
    const res = await t.app.inject({ method: 'PUT', url: '/api/settings/moderators', headers: bearer(admin), payload: { moderators } });
    expect(res.statusCode).toBe(200);
  }
  const people = (token: string) => t.app.inject({ method: 'GET', url: '/api/people', headers: bearer(token) });
  const roleOf = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).json().user.role;

  it('takes moderator rights away on the next request once the moderator is removed', async () => {
    await name([{ subjectType: 'user', subjectId: SEED_USERS.moderator }]);
    const moderator = await t.sessionToken(t.portal, SEED_USERS.moderator);
    expect((await people(moderator)).statusCode).toBe(200);
    expect(await roleOf(moderator)).toBe('moderator');

    await name([]);
    const res = await people(moderator);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('FORBIDDEN');
    expect(await roleOf(moderator)).toBe('employee');
  });

  it('gives moderator rights on the next request to someone newly named, without a new launch', async () => {
    const employee = await t.sessionToken(t.portal, SEED_USERS.employee);
    expect((await people(employee)).statusCode).toBe(403);
    await name([{ subjectType: 'user', subjectId: SEED_USERS.employee }]);
    expect((await people(employee)).statusCode).toBe(200);
    expect(await roleOf(employee)).toBe('moderator');
  });

  it('counts the members of a named department and of its sub-departments, as at launch', async () => {
    // User 5 works in Development (6), under IT (5).
    const developer = await t.sessionToken(t.portal, 5);
    expect(await roleOf(developer)).toBe('employee');
    await name([{ subjectType: 'department', subjectId: 5 }]);
    expect(await roleOf(developer)).toBe('moderator');
    expect((await people(developer)).statusCode).toBe(200);
    expect((await t.launch(t.portal, 5)).boot.user.role).toBe('moderator');

    await name([{ subjectType: 'department', subjectId: 7 }]);
    expect(await roleOf(developer)).toBe('employee');
    expect((await t.launch(t.portal, 5)).boot.user.role).toBe('employee');

    // IT without its sub-departments does not name Development's people; Development alone does.
    await name([{ subjectType: 'department', subjectId: 5, includeSubdepartments: false }]);
    expect(await roleOf(developer)).toBe('employee');
    expect((await t.launch(t.portal, 5)).boot.user.role).toBe('employee');
    await name([{ subjectType: 'department', subjectId: 6, includeSubdepartments: false }]);
    expect(await roleOf(developer)).toBe('moderator');
    expect((await t.launch(t.portal, 5)).boot.user.role).toBe('moderator');
  });

  it('returns an extranet moderator to extranet, and leaves an admin an admin', async () => {
    const extranet = await t.sessionToken(t.portal, SEED_USERS.extranet);
    await name([{ subjectType: 'user', subjectId: SEED_USERS.extranet }, { subjectType: 'user', subjectId: SEED_USERS.admin }]);
    expect(await roleOf(extranet)).toBe('moderator');
    expect(await roleOf(admin)).toBe('admin');
    await name([]);
    expect(await roleOf(extranet)).toBe('extranet');
    expect(await roleOf(admin)).toBe('admin');
  });

  it("reads only its own portal's moderators", async () => {
    await name([{ subjectType: 'user', subjectId: SEED_USERS.moderator }]);
    const elsewhere = await t.sessionToken(t.portals[1]!, SEED_USERS.moderator);
    expect(await roleOf(elsewhere)).toBe('employee');
  });

  describe('costs', () => {
    async function statementsOf(url: string, token: string): Promise<{ status: number; statements: string[] }> {
      const statements: string[] = [];
      const count = (query: { sql: string }) => statements.push(query.sql);
      t.database.db.on('query', count);
      try {
        const res = await t.app.inject({ method: 'GET', url, headers: bearer(token) });
        return { status: res.statusCode, statements };
      } finally {
        t.database.db.removeListener('query', count);
      }
    }

    it('one SQL statement for /api/me: session, portal, role and name together', async () => {
      await name([{ subjectType: 'department', subjectId: 5 }]);
      const developer = await t.sessionToken(t.portal, 5);
      const { status, statements } = await statementsOf('/api/me', developer);
      expect(status).toBe(200);
      expect(statements).toHaveLength(1);
    });

    it('one for a people search: the same check in front of the search', async () => {
      const { status, statements } = await statementsOf('/api/people?search=anna', admin);
      expect(status).toBe(200);
      expect(statements).toHaveLength(1);
    });

    it('two for a people search by someone named since their launch: the search again, as the moderator they now are', async () => {
      const employee = await t.sessionToken(t.portal, SEED_USERS.employee);
      await name([{ subjectType: 'user', subjectId: SEED_USERS.employee }]);
      const { status, statements } = await statementsOf('/api/people?search=anna', employee);
      expect(status).toBe(200);
      expect(statements).toHaveLength(2);
    });
  });
});
