import { baseRoleOf, departmentsWithAncestors, isNamedModerator, resolveRole, roleWith, type RoleFacts } from '../../server/auth/roles';

const employee: RoleFacts = { userId: 3, isAdmin: false, userType: 'employee', departmentIds: [3], moderators: [] };
// Acme (1) > Sales (2) > Sales Moscow (3); IT (5) > Development (6)
const parents = new Map<number, number | null>([
  [1, null],
  [2, 1],
  [3, 2],
  [5, 1],
  [6, 5],
]);

describe('resolveRole', () => {
  it('makes a portal administrator an admin, whatever else is true of them', () => {
    expect(resolveRole({ ...employee, isAdmin: true, userType: 'extranet' })).toBe('admin');
  });

  it('makes a user named in the settings a moderator', () => {
    expect(resolveRole({ ...employee, moderators: [{ subjectType: 'user', subjectId: 3 }] })).toBe('moderator');
  });

  it('makes a member of a named department a moderator', () => {
    expect(resolveRole({ ...employee, moderators: [{ subjectType: 'department', subjectId: 3 }] })).toBe('moderator');
  });

  it('also counts the sub-departments of a named department', () => {
    expect(resolveRole({ ...employee, departmentParents: parents, moderators: [{ subjectType: 'department', subjectId: 2 }] })).toBe('moderator');
  });

  it('does not confuse a user id with a department id', () => {
    expect(resolveRole({ ...employee, moderators: [{ subjectType: 'department', subjectId: 3 }], departmentIds: [6] })).toBe('employee');
    expect(resolveRole({ ...employee, moderators: [{ subjectType: 'user', subjectId: 6 }], departmentIds: [6] })).toBe('employee');
  });

  it('leaves other departments and users out', () => {
    expect(resolveRole({ ...employee, departmentParents: parents, moderators: [{ subjectType: 'department', subjectId: 5 }, { subjectType: 'user', subjectId: 2 }] })).toBe('employee');
  });

  it('makes an extranet user (USER_TYPE) an extranet user, unless named a moderator', () => {
    const extranet = { ...employee, userId: 4, userType: 'extranet', departmentIds: [] };
    expect(resolveRole(extranet)).toBe('extranet');
    expect(resolveRole({ ...extranet, moderators: [{ subjectType: 'user', subjectId: 4 }] })).toBe('moderator');
  });

  it('treats anyone else (including an unknown USER_TYPE) as an employee', () => {
    expect(resolveRole(employee)).toBe('employee');
    expect(resolveRole({ ...employee, userType: null })).toBe('employee');
    expect(resolveRole({ ...employee, userType: 'email' })).toBe('employee');
  });
});

describe('departmentsWithAncestors', () => {
  it('walks up to the root', () => {
    expect([...departmentsWithAncestors([3], parents)].sort()).toEqual([1, 2, 3]);
  });

  it('stops at a cycle in bad data', () => {
    const cyclic = new Map<number, number | null>([
      [7, 8],
      [8, 7],
    ]);
    expect([...departmentsWithAncestors([7], cyclic)].sort()).toEqual([7, 8]);
  });

  it('knows only the given departments when the structure is not imported yet', () => {
    expect(isNamedModerator({ userId: 1, departmentIds: [3], moderators: [{ subjectType: 'department', subjectId: 2 }] })).toBe(false);
  });
});

describe('roleWith (the role on a request after launch)', () => {
  it('keeps the launch facts and applies the moderators list as it is now', () => {
    expect(roleWith('admin', false)).toBe('admin');
    expect(roleWith('admin', true)).toBe('admin');
    expect(roleWith('employee', true)).toBe('moderator');
    expect(roleWith('employee', false)).toBe('employee');
    expect(roleWith('extranet', true)).toBe('moderator');
    expect(roleWith('extranet', false)).toBe('extranet');
  });

  it('starts from what Bitrix24 said at launch', () => {
    expect(baseRoleOf({ isAdmin: true, userType: 'extranet' })).toBe('admin');
    expect(baseRoleOf({ isAdmin: false, userType: 'extranet' })).toBe('extranet');
    expect(baseRoleOf({ isAdmin: false, userType: null })).toBe('employee');
  });
});
