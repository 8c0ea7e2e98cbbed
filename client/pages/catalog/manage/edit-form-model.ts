/**
 * The rules of an edit form that never loses edits silently (pure, tested in
 * test/unit/catalog-edit-form.test.ts). The form keeps the fields it started from (`base`), the
 * user's `draft` and the stored `version` it will send. When the server says someone else saved
 * meanwhile (409 EDIT_CONFLICT, or a newer copy of the item arriving while the draft is dirty),
 * the form holds `conflict` until the user chooses: keep theirs, or overwrite with mine.
 */
export interface EditState<F> {
  base: F;
  draft: F;
  version: number;
  conflict: null | { theirs: F; version: number };
}

export function sameFields<F>(a: F, b: F): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function startEdit<F>(fields: F, version: number): EditState<F> {
  return { base: fields, draft: fields, version, conflict: null };
}

export function isDirty<F>(state: EditState<F>): boolean {
  return !sameFields(state.draft, state.base);
}

export function edit<F>(state: EditState<F>, patch: Partial<F>): EditState<F> {
  return { ...state, draft: { ...state.draft, ...patch } };
}

/**
 * A newer stored copy arrived (a reload, or the reply to another change on the same page):
 * a clean form simply shows it; a dirty one keeps the draft, and only takes the new version when
 * the fields it edits are unchanged (the version moved for something else, e.g. a unit added to
 * this course). If those fields changed, that is a conflict for the user to settle.
 */
export function storedChanged<F>(state: EditState<F>, fields: F, version: number): EditState<F> {
  if (version === state.version && sameFields(fields, state.base)) return state;
  if (!isDirty(state)) return startEdit(fields, version);
  if (sameFields(fields, state.base)) return { ...state, version };
  return { ...state, conflict: { theirs: fields, version } };
}

/** The save of `sent` went through: it is now stored as `fields` (the server may have tidied it). */
export function saved<F>(state: EditState<F>, sent: F, fields: F, version: number): EditState<F> {
  // Edits typed while the save was on its way stay in the draft.
  const typedMeanwhile = !sameFields(state.draft, sent);
  return { base: fields, draft: typedMeanwhile ? state.draft : fields, version, conflict: null };
}

/** The server refused the save: someone else saved `theirs` at `version`. */
export function conflicted<F>(state: EditState<F>, theirs: F, version: number): EditState<F> {
  return { ...state, conflict: { theirs, version } };
}

/** Keep my draft and overwrite theirs: the next save sends their version, knowingly. */
export function keepMine<F>(state: EditState<F>): EditState<F> {
  if (!state.conflict) return state;
  return { base: state.conflict.theirs, draft: state.draft, version: state.conflict.version, conflict: null };
}

/** Drop my draft and show what is stored now. */
export function takeTheirs<F>(state: EditState<F>): EditState<F> {
  if (!state.conflict) return state;
  return startEdit(state.conflict.theirs, state.conflict.version);
}
