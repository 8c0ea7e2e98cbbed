import { accessCodes, merged, sameSubjects, sortAccessPick, type Moderator } from '../../client/pages/settings/moderators-model';

const it5: Moderator = { subjectType: 'department', subjectId: 5, name: 'IT', includeSubdepartments: false };
const it5tree: Moderator = { ...it5, includeSubdepartments: true };
const michael: Moderator = { subjectType: 'user', subjectId: 2, name: 'Michael Turner' };

describe("the access picker's choice, honoured or explained", () => {
  it('keeps "IT" apart from "IT and its sub-departments", and keeps a person picked there', () => {
    const pick = sortAccessPick([
      { id: 'D5', name: 'IT' },
      { id: 'DR6', name: 'Development +' },
      { id: 'U2', name: 'Michael Turner' },
    ]);
    expect(pick.moderators).toEqual([
      michael,
      { subjectType: 'department', subjectId: 5, name: 'IT', includeSubdepartments: false },
      { subjectType: 'department', subjectId: 6, name: 'Development', includeSubdepartments: true },
    ]);
    expect(pick.everyone).toEqual([]);
    expect(pick.others).toEqual([]);
  });

  it('keeps the wider choice for a department ticked both ways', () => {
    expect(sortAccessPick([{ id: 'DR5', name: 'IT +' }, { id: 'D5', name: 'IT' }]).moderators).toEqual([it5tree]);
    expect(sortAccessPick([{ id: 'D5', name: 'IT' }, { id: 'DR5', name: 'IT +' }]).moderators).toEqual([it5tree]);
  });

  it('sets "All employees" and what is neither a person nor a department aside, by name, to be explained', () => {
    const pick = sortAccessPick([{ id: 'AU', name: 'All employees' }, { id: 'SG4', name: 'Marketing Guild' }, { id: 'CR', name: 'CRM' }]);
    expect(pick.moderators).toEqual([]);
    expect(pick.everyone).toEqual(['All employees']);
    expect(pick.others).toEqual(['Marketing Guild', 'CRM']);
  });

  it('opens the picker with the list ticked as it is', () => {
    expect(accessCodes([michael, it5, { ...it5tree, subjectId: 6 }])).toEqual(['U2', 'D5', 'DR6']);
  });
});

describe('editing the list', () => {
  it('counts a change of reach as a change', () => {
    expect(sameSubjects([it5], [it5])).toBe(true);
    expect(sameSubjects([it5], [it5tree])).toBe(false);
    expect(sameSubjects([{ ...it5, includeSubdepartments: undefined }], [it5tree])).toBe(true);
  });

  it('adds the new, changes the reach of a department picked again, and reports what was there already', () => {
    const { list, already } = merged([michael, it5], [michael, it5tree, { ...it5, subjectId: 9, name: 'Finance' }]);
    expect(list).toEqual([michael, { ...it5, subjectId: 9, name: 'Finance' }, it5tree]);
    expect(already).toEqual([michael]);
  });
});
