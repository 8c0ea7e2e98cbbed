import { departmentFromRow, departmentIdsOf, isActive, personFromUser } from '../../server/people/person-fields';

describe('reading Bitrix24 users into the people mirror', () => {
  it('maps a user.get row', () => {
    expect(
      personFromUser({
        ID: '17', ACTIVE: true, NAME: ' Мария ', LAST_NAME: 'Попова', EMAIL: 'm@acme.example', WORK_POSITION: 'Руководитель поддержки',
        UF_DEPARTMENT: [7, '5', 7], USER_TYPE: 'employee', PERSONAL_PHOTO: 'https://cdn.example/p.png',
      }),
    ).toEqual({
      userId: 17, name: 'Мария', lastName: 'Попова', email: 'm@acme.example', position: 'Руководитель поддержки',
      departmentIds: [7, 5], userType: 'employee', active: true, photoUrl: 'https://cdn.example/p.png',
    });
  });

  it('fills what a narrow scope hides: no e-mail, type from departments', () => {
    expect(personFromUser({ ID: 4, NAME: 'John' })).toMatchObject({ email: null, userType: 'extranet', departmentIds: [], active: true });
    expect(personFromUser({ ID: 5, UF_DEPARTMENT: '6' })).toMatchObject({ userType: 'employee', departmentIds: [6] });
  });

  it('refuses rows without a usable id, and photos that are not URLs', () => {
    expect(personFromUser({ ID: '' })).toBeNull();
    expect(personFromUser({ ID: 'abc' })).toBeNull();
    expect(personFromUser({ ID: '-3' })).toBeNull();
    expect(personFromUser({ ID: '1', PERSONAL_PHOTO: 'javascript:alert(1)' })?.photoUrl).toBeNull();
  });

  it.each([
    [true, true], [false, false], ['Y', true], ['N', false], ['true', true], ['false', false], ['1', true], ['0', false], [undefined, true],
  ])('reads ACTIVE %p as %p', (value, expected) => {
    expect(isActive(value)).toBe(expected);
  });

  it.each([
    [[1, 2], [1, 2]], [{ 0: '3', 1: '4' }, [3, 4]], ['8', [8]], [false, []], ['', []], [null, []], [['x', 0, 2], [2]],
  ])('reads UF_DEPARTMENT %p as %p', (value, expected) => {
    expect(departmentIdsOf(value)).toEqual(expected);
  });

  it('maps department.get rows; the root has no parent', () => {
    expect(departmentFromRow({ ID: '1', NAME: 'Acme Corp', SORT: 500 })).toEqual({ departmentId: 1, name: 'Acme Corp', parentId: null });
    expect(departmentFromRow({ ID: '3', NAME: 'Продажи — Москва', PARENT: '2' })).toEqual({ departmentId: 3, name: 'Продажи — Москва', parentId: 2 });
    expect(departmentFromRow({ NAME: 'no id' })).toBeNull();
  });
});
