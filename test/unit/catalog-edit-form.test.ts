import { ApiError } from '../../client/api';
import { conflicted, edit, isDirty, keepMine, saved, startEdit, storedChanged, takeTheirs } from '../../client/pages/catalog/manage/edit-form-model';
import { findStored, storedFromConflict } from '../../client/pages/catalog/manage/edit-conflict';

/** The rules that keep an author's unsaved edits from being lost (client/pages/catalog/manage/edit-form-model.ts). */
describe('an edit form over a stored item', () => {
  const stored = { title: 'Phishing', description: 'Spot it' };

  it('is clean until the user types, and dirty while the draft differs from what it started from', () => {
    const form = startEdit(stored, 3);
    expect(isDirty(form)).toBe(false);
    const typed = edit(form, { title: 'Phishing 101' });
    expect(isDirty(typed)).toBe(true);
    expect(isDirty(edit(typed, { title: 'Phishing' }))).toBe(false);
  });

  it('shows a newer stored copy at once when the form is clean', () => {
    const next = storedChanged(startEdit(stored, 3), { title: 'Phishing (new)', description: 'Spot it' }, 4);
    expect(next).toEqual(startEdit({ title: 'Phishing (new)', description: 'Spot it' }, 4));
  });

  it('keeps a dirty draft and takes the new version when only something else changed (a unit added to the course)', () => {
    const typed = edit(startEdit(stored, 3), { description: 'Spot it fast' });
    const next = storedChanged(typed, stored, 4);
    expect(next.draft.description).toBe('Spot it fast');
    expect(next.version).toBe(4);
    expect(next.conflict).toBeNull();
  });

  it('holds a conflict when the fields being edited changed in the store meanwhile', () => {
    const typed = edit(startEdit(stored, 3), { title: 'Mine' });
    const next = storedChanged(typed, { title: 'Theirs', description: 'Spot it' }, 4);
    expect(next.draft.title).toBe('Mine');
    expect(next.version).toBe(3); // still based on what the user saw
    expect(next.conflict).toEqual({ theirs: { title: 'Theirs', description: 'Spot it' }, version: 4 });
  });

  it('after a 409, "load theirs" drops the draft and "keep mine" saves over their version, knowingly', () => {
    const typed = edit(startEdit(stored, 3), { title: 'Mine' });
    const clash = conflicted(typed, { title: 'Theirs', description: 'Spot it' }, 5);
    expect(takeTheirs(clash)).toEqual(startEdit({ title: 'Theirs', description: 'Spot it' }, 5));
    const mine = keepMine(clash);
    expect(mine.draft.title).toBe('Mine');
    expect(mine.version).toBe(5);
    expect(mine.conflict).toBeNull();
    expect(isDirty(mine)).toBe(true);
  });

  it('after a save, the stored copy is the new base; edits typed while it was on its way stay', () => {
    const sent = edit(startEdit(stored, 3), { title: 'Sent' });
    expect(saved(sent, sent.draft, { title: 'Sent', description: 'Spot it' }, 4)).toEqual(startEdit({ title: 'Sent', description: 'Spot it' }, 4));
    const typedMore = edit(sent, { title: 'Sent, then more' });
    const after = saved(typedMore, sent.draft, { title: 'Sent', description: 'Spot it' }, 4);
    expect(after.draft.title).toBe('Sent, then more');
    expect(isDirty(after)).toBe(true);
  });
});

describe('the stored copy in a 409 EDIT_CONFLICT', () => {
  const course = {
    id: 7,
    version: 9,
    title: 'Security',
    units: [{ id: 3, version: 2, title: 'Passwords', level: 'beginner', topic: { id: 1, name: 'Passwords' }, lessons: [{ id: 3, version: 6, title: 'Why', body: 'Text', estimatedMinutes: 4 }], test: null }],
  };

  it('finds the course, a unit or a lesson inside the manage course, telling same ids of different kinds apart', () => {
    expect(findStored(course, 'course', 7)?.version).toBe(9);
    expect(findStored(course, 'unit', 3)?.version).toBe(2);
    expect(findStored(course, 'lesson', 3)?.version).toBe(6);
    expect(findStored(course, 'unit', 99)).toBeNull();
  });

  it('finds a question inside the manage test, and a lesson sent on its own', () => {
    const test = { id: 4, version: 1, questions: [{ id: 8, version: 3, text: 'Q', kind: 'single', options: [] }] };
    expect(findStored(test, 'question', 8)?.version).toBe(3);
    expect(findStored(test, 'test', 4)?.version).toBe(1);
    expect(findStored({ id: 5, version: 2, title: 'L', body: 'b', estimatedMinutes: 3 }, 'lesson', 5)?.version).toBe(2);
  });

  it('reads details.current of a 409 EDIT_CONFLICT only', () => {
    const conflict = new ApiError(409, 'EDIT_CONFLICT', 'Someone saved', undefined, { current: course });
    expect(storedFromConflict(conflict, 'unit', 3)?.title).toBe('Passwords');
    expect(storedFromConflict(new ApiError(409, 'ATTEMPT_LIMIT', 'No', undefined, { current: course }), 'unit', 3)).toBeNull();
    expect(storedFromConflict(new ApiError(409, 'EDIT_CONFLICT', 'Someone saved'), 'unit', 3)).toBeNull();
  });
});
