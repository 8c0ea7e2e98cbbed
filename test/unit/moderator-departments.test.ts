import { isNamedModerator, resolveRole, type RoleFacts } from '../../server/auth/roles';

// Acme (1) > IT (5) > Development (6), Support (7)
const parents = new Map<number, number | null>([
  [1, null],
  [5, 1],
  [6, 5],
  [7, 5],
]);
const developer: RoleFacts = { userId: 5, isAdmin: false, userType: 'employee', departmentIds: [6], moderators: [], departmentParents: parents };
const itDirector: RoleFacts = { ...developer, userId: 2, departmentIds: [5] };

describe('a department named a moderator, with or without its sub-departments', () => {
  it('"IT" alone names the people of IT and nobody in Development or Support', () => {
    const moderators = [{ subjectType: 'department' as const, subjectId: 5, includeSubdepartments: false }];
    expect(resolveRole({ ...itDirector, moderators })).toBe('moderator');
    expect(resolveRole({ ...developer, moderators })).toBe('employee');
  });

  it('"IT and its sub-departments" names the people of IT, Development and Support', () => {
    const moderators = [{ subjectType: 'department' as const, subjectId: 5, includeSubdepartments: true }];
    expect(resolveRole({ ...itDirector, moderators })).toBe('moderator');
    expect(resolveRole({ ...developer, moderators })).toBe('moderator');
    expect(resolveRole({ ...developer, departmentIds: [7], moderators })).toBe('moderator');
  });

  it('keeps the old meaning (with sub-departments) for a department named before the choice existed', () => {
    expect(isNamedModerator({ ...developer, moderators: [{ subjectType: 'department', subjectId: 5 }] })).toBe(true);
  });

  it('still names a user by id only, whatever the flag says', () => {
    expect(isNamedModerator({ ...developer, moderators: [{ subjectType: 'user', subjectId: 6, includeSubdepartments: false }] })).toBe(false);
    expect(isNamedModerator({ ...developer, moderators: [{ subjectType: 'user', subjectId: 5 }] })).toBe(true);
  });
});
