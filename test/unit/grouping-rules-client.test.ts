import { translator } from '../../client/i18n/i18n';
import { bodyOf, conditionText, departmentTree, draftOf, emptyDraft, moved, type Rule } from '../../client/pages/settings/grouping-rules-model';

const departments = [
  { id: 6, name: 'Development', parentId: 5 },
  { id: 1, name: 'Acme Corp', parentId: null },
  { id: 5, name: 'IT', parentId: 1 },
  { id: 2, name: 'Sales', parentId: 1 },
  { id: 9, name: 'Orphan', parentId: 77 },
];

describe('the grouping rules screen, without a browser', () => {
  it('says each condition in words, in both languages', () => {
    const en = translator('en');
    const ru = translator('ru');
    expect(conditionText(en, { kind: 'department', departmentId: 5, includeSubdepartments: true }, departments)).toBe('Department IT and its sub-departments');
    expect(conditionText(ru, { kind: 'department', departmentId: 5, includeSubdepartments: false }, departments)).toBe('Отдел IT');
    expect(conditionText(en, { kind: 'department', departmentId: 404, includeSubdepartments: false }, departments)).toBe('Department #404');
    expect(conditionText(en, { kind: 'position', contains: 'Engineer' }, departments)).toBe('Position contains “Engineer”');
    expect(conditionText(ru, { kind: 'userType', userType: 'extranet' }, departments)).toBe('Пользователи экстранета');
    expect(conditionText(en, { kind: 'emailDomain', domain: 'acme.com' }, departments)).toBe('Email at acme.com');
  });

  it('moves a rule one place, never past either end', () => {
    expect(moved([1, 2, 3], 1, -1)).toEqual([2, 1, 3]);
    expect(moved([1, 2, 3], 1, 1)).toEqual([1, 3, 2]);
    expect(moved([1, 2, 3], 0, -1)).toBeNull();
    expect(moved([1, 2, 3], 2, 1)).toBeNull();
  });

  it('lists departments as a tree, parents first, an orphan at the top', () => {
    expect(departmentTree(departments).map((d) => `${d.depth}:${d.name}`)).toEqual(['0:Acme Corp', '1:IT', '2:Development', '1:Sales', '0:Orphan']);
  });

  it('names the field a draft lacks, as the server would, and sends only the chosen kind', () => {
    expect(bodyOf(emptyDraft())).toEqual({ missing: 'condition.departmentId' });
    expect(bodyOf({ ...emptyDraft(), kind: 'position', contains: '  ' })).toEqual({ missing: 'condition.contains' });
    expect(bodyOf({ ...emptyDraft(), kind: 'emailDomain' })).toEqual({ missing: 'condition.domain' });
    expect(bodyOf({ ...emptyDraft(), departmentId: 5 })).toEqual({ missing: 'groupId' });
    expect(bodyOf({ ...emptyDraft(), kind: 'position', contains: ' QA ', departmentId: 5, groupId: 3 })).toEqual({
      body: { condition: { kind: 'position', contains: 'QA' }, groupId: 3, enabled: true },
    });
  });

  it('edits a stored rule from what it holds', () => {
    const rule: Rule = { id: 4, position: 1, condition: { kind: 'department', departmentId: 6, includeSubdepartments: false }, groupId: 3, groupName: 'Dev', enabled: false, skipped: null };
    expect(bodyOf(draftOf(rule))).toEqual({ body: { condition: { kind: 'department', departmentId: 6, includeSubdepartments: false }, groupId: 3, enabled: false } });
  });
});
