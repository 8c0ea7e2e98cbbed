import { useEffect, useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { useUnsavedChanges } from '../../../components/leave-guard';
import { useI18n } from '../../../i18n/i18n';
import { conflicted, edit, isDirty, keepMine, saved, startEdit, storedChanged, takeTheirs, type EditState } from './edit-form-model';
import { isEditConflict } from './edit-conflict';

export type SaveStatus = { status: 'idle' | 'saving' | 'saved' } | { status: 'error'; message: string; field?: string };

/**
 * An edit form over a stored item: the draft, whether it is dirty (the leave guard hears of it),
 * and saving with optimistic concurrency. `stored` is the item's fields as the server last said;
 * a newer copy is merged by the rules in edit-form-model.ts. On 409 the form holds the conflict
 * until the user keeps theirs or overwrites with theirs' version, knowingly.
 */
export function useEditForm<F>(stored: F, version: number) {
  const { t } = useI18n();
  const [state, setState] = useState<EditState<F>>(() => startEdit(stored, version));
  const [save, setSave] = useState<SaveStatus>({ status: 'idle' });
  const storedKey = `${version}:${JSON.stringify(stored)}`;
  useEffect(() => setState((s) => storedChanged(s, stored, version)), [storedKey]);

  const dirty = isDirty(state);
  useUnsavedChanges(dirty || state.conflict !== null);

  /**
   * Sends the draft with the version it is based on. `send` answers with the item's fields and
   * version as stored; `theirsOf` reads the stored copy out of a 409 (null: not in the reply).
   */
  async function submit(
    send: (version: number, draft: F) => Promise<{ fields: F; version: number }>,
    theirsOf: (error: unknown) => { fields: F; version: number } | null,
    from: EditState<F> = state,
  ): Promise<boolean> {
    if (save.status === 'saving') return false;
    setSave({ status: 'saving' });
    try {
      const reply = await send(from.version, from.draft);
      setState((s) => saved(s, from.draft, reply.fields, reply.version));
      setSave({ status: 'saved' });
      return true;
    } catch (error) {
      const theirs = isEditConflict(error) ? theirsOf(error) : null;
      if (theirs) {
        setState((s) => conflicted(s, theirs.fields, theirs.version));
        setSave({ status: 'idle' });
      } else {
        const field = (error as { field?: string }).field;
        setSave({ status: 'error', message: isEditConflict(error) ? t('catalog.conflict.unknown') : apiErrorText(t, error), field });
      }
      return false;
    }
  }

  return {
    state,
    draft: state.draft,
    dirty,
    save,
    set: (patch: Partial<F>) => {
      setState((s) => edit(s, patch));
      if (save.status === 'saved') setSave({ status: 'idle' });
    },
    reset: () => setState((s) => startEdit(s.base, s.version)),
    submit,
    /** Keep mine: the draft is saved over theirs at once, with their version. */
    overwrite: (send: Parameters<typeof submit>[0], theirsOf: Parameters<typeof submit>[1]) => {
      const next = keepMine(state);
      setState(next);
      return submit(send, theirsOf, next);
    },
    takeTheirs: () => {
      setState((s) => takeTheirs(s));
      setSave({ status: 'idle' });
    },
  };
}

export type EditForm<F> = ReturnType<typeof useEditForm<F>>;
