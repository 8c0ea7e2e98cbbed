import { SEED_USERS } from '../../server/dev-portal';
import { bearer, startPortalApp, type PortalApp } from '../support/portal-app';

describe('admin settings: moderators', () => {
  let t: PortalApp;
  let admin: string;
  let portalId: string;
  beforeAll(async () => {
    t = await startPortalApp({ portals: 2 });
    portalId = (await t.install(t.portals[0])).id;
    await t.install(t.portals[1]);
    admin = await t.sessionToken(t.portal, SEED_USERS.admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (token: string) => t.app.inject({ method: 'GET', url: '/api/settings/moderators', headers: bearer(token) });
  const put = (token: string, payload: unknown) => t.app.inject({ method: 'PUT', url: '/api/settings/moderators', headers: bearer(token), payload: payload as object });

  it('starts empty', async () => {
    const res = await get(admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ moderators: [], administrators: [SEED_USERS.admin] });
  });

  it('lets an admin replace the list, with names once the people import has run', async () => {
    const res = await put(admin, {
      moderators: [
        { subjectType: 'user', subjectId: 2 },
        { subjectType: 'department', subjectId: 6 },
        { subjectType: 'user', subjectId: 2 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().moderators).toEqual([
      { subjectType: 'user', subjectId: 2, name: '#2' },
      { subjectType: 'department', subjectId: 6, name: '#6', includeSubdepartments: true },
    ]);

    await t.database.db('people').insert({ portal_id: portalId, user_id: 2, name: 'Michael', last_name: 'Turner', position: 'IT Director' });
    await t.database.db('departments').insert({ portal_id: portalId, department_id: 6, name: 'Development', parent_id: 5 });
    expect((await get(admin)).json().moderators).toEqual([
      { subjectType: 'user', subjectId: 2, name: 'Michael Turner', person: { position: 'IT Director', userType: 'employee', active: true } },
      { subjectType: 'department', subjectId: 6, name: 'Development', includeSubdepartments: true },
    ]);
    const rows = await t.database.db('moderators').where({ portal_id: portalId });
    expect(rows.every((row: { added_by: number }) => row.added_by === SEED_USERS.admin)).toBe(true);

    const replaced = await put(admin, { moderators: [{ subjectType: 'department', subjectId: 6 }] });
    expect(replaced.json().moderators).toEqual([{ subjectType: 'department', subjectId: 6, name: 'Development', includeSubdepartments: true }]);
    expect((await put(admin, { moderators: [] })).json()).toEqual({ moderators: [], administrators: [SEED_USERS.admin] });
  });

  it('keeps each portal to its own list', async () => {
    await put(admin, { moderators: [{ subjectType: 'user', subjectId: 7 }] });
    const otherAdmin = await t.sessionToken(t.portals[1]!, SEED_USERS.admin);
    expect((await get(otherAdmin)).json().moderators).toEqual([]);
    await put(otherAdmin, { moderators: [{ subjectType: 'user', subjectId: 9 }] });
    expect((await get(admin)).json().moderators).toEqual([{ subjectType: 'user', subjectId: 7, name: '#7' }]);
  });

  it('keeps "IT" apart from "IT and its sub-departments", at launch and on every request after', async () => {
    // IT (5) > Development (6); Michael Turner (2) is in IT, Emily Clark (6) in Development
    await t.database.db('departments').insert({ portal_id: portalId, department_id: 5, name: 'IT', parent_id: 1 }).onConflict(['portal_id', 'department_id']).ignore();
    await t.database.db('departments').insert({ portal_id: portalId, department_id: 6, name: 'Development', parent_id: 5 }).onConflict(['portal_id', 'department_id']).ignore();
    const canReadPeople = async (userId: number) =>
      (await t.app.inject({ method: 'GET', url: '/api/people/summary', headers: bearer(await t.sessionToken(t.portal, userId)) })).statusCode;
    const roleAtLaunch = async (userId: number) => (await t.launch(t.portal, userId)).boot.user.role;

    // Given the admin names IT without its sub-departments
    const only = await put(admin, { moderators: [{ subjectType: 'department', subjectId: 5, includeSubdepartments: false }] });
    expect(only.json().moderators).toEqual([{ subjectType: 'department', subjectId: 5, name: 'IT', includeSubdepartments: false }]);
    // Then IT's own people moderate, Development's do not
    expect(await roleAtLaunch(2)).toBe('moderator');
    expect(await roleAtLaunch(6)).toBe('employee');
    expect(await canReadPeople(2)).toBe(200);
    expect(await canReadPeople(6)).toBe(403);

    // Given IT with its sub-departments instead, Development's people moderate too
    const tree = await put(admin, { moderators: [{ subjectType: 'department', subjectId: 5, includeSubdepartments: true }] });
    expect(tree.json().moderators).toEqual([{ subjectType: 'department', subjectId: 5, name: 'IT', includeSubdepartments: true }]);
    expect(await roleAtLaunch(6)).toBe('moderator');
    expect(await canReadPeople(6)).toBe(200);

    // Both at once keep the wider choice
    const both = await put(admin, {
      moderators: [
        { subjectType: 'department', subjectId: 5, includeSubdepartments: false },
        { subjectType: 'department', subjectId: 5, includeSubdepartments: true },
      ],
    });
    expect(both.json().moderators).toEqual([{ subjectType: 'department', subjectId: 5, name: 'IT', includeSubdepartments: true }]);
    await put(admin, { moderators: [{ subjectType: 'user', subjectId: 7 }] });
  });

  it('names the administrators it knows of: the caller, and the admin whose grant the app uses', async () => {
    await t.database.db('portals').where({ id: portalId }).update({ token_user_id: 12 });
    expect((await get(admin)).json().administrators).toEqual([SEED_USERS.admin, 12]);
    await t.database.db('portals').where({ id: portalId }).update({ token_user_id: SEED_USERS.admin });
    expect((await get(admin)).json().administrators).toEqual([SEED_USERS.admin]);
  });

  it('is closed to everyone but admins', async () => {
    const employee = await t.sessionToken(t.portal, SEED_USERS.employee);
    expect((await get(employee)).statusCode).toBe(403);
    const res = await put(employee, { moderators: [{ subjectType: 'user', subjectId: SEED_USERS.employee }] });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('FORBIDDEN');
    // Even a malformed body from a non-admin learns nothing but "forbidden".
    expect((await put(employee, { moderators: 'x' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/settings/moderators' })).statusCode).toBe(401);
    expect((await get(admin)).json().moderators).toEqual([{ subjectType: 'user', subjectId: 7, name: '#7' }]);
  });

  it.each([
    [{}, 'moderators'],
    // The app's ajv coerces a scalar into a one-item array (coerceTypes: 'array'), so the item is named.
    [{ moderators: 'all' }, 'moderators.0'],
    [{ moderators: [{ subjectType: 'group', subjectId: 1 }] }, 'moderators.0.subjectType'],
    [{ moderators: [{ subjectType: 'user', subjectId: 1 }, { subjectType: 'user', subjectId: 'x' }] }, 'moderators.1.subjectId'],
    [{ moderators: [{ subjectType: 'user', subjectId: 0 }] }, 'moderators.0.subjectId'],
    [{ moderators: [{ subjectType: 'user' }] }, 'moderators.0.subjectId'],
  ])('answers 400 naming the field for %j', async (payload, field) => {
    const res = await put(admin, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED', field });
  });
});
