import { ApiError } from '../../../api';
import { useI18n } from '../../../i18n/i18n';
import { ConflictNotice } from '../../catalog/manage/conflict-notice';
import { isEditConflict } from '../../catalog/manage/edit-conflict';
import { SaveBar } from '../../catalog/manage/form-parts';
import { useEditForm } from '../../catalog/manage/use-edit-form';
import { GroupFieldsEditor, windowError } from '../group-fields';
import { useGroupsNav } from '../groups-route';
import type { GroupCard, GroupFields } from '../groups-types';

const fieldsOf = (g: Pick<GroupCard, 'name' | 'description' | 'accessStartsOn' | 'accessEndsOn'>): GroupFields => ({
  name: g.name,
  description: g.description ?? '',
  accessStartsOn: g.accessStartsOn,
  accessEndsOn: g.accessEndsOn,
});

/**
 * Editing the group's fields, with the catalog's edit form: unsaved edits are guarded, a save over
 * someone else's newer one is shown side by side (409 EDIT_CONFLICT), never lost silently. While
 * linked, name and description are the workgroup's and are not sent.
 */
export function GroupEdit(props: { group: GroupCard; onSaved: (card: GroupCard) => void; onClose: () => void }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const g = props.group;
  const linked = g.workgroup?.state === 'linked';
  const canRename = g.rights.editNameAndDescription && !linked;
  const form = useEditForm(fieldsOf(g), g.version);

  const send = async (version: number, draft: GroupFields) => {
    const patch: Partial<GroupFields> = { accessStartsOn: draft.accessStartsOn, accessEndsOn: draft.accessEndsOn };
    if (canRename) Object.assign(patch, { name: draft.name.trim(), description: draft.description });
    const reply = await nav.client.update(g.id, version, patch);
    props.onSaved(reply);
    return { fields: fieldsOf(reply), version: reply.version };
  };
  const theirsOf = (error: unknown) => {
    if (!isEditConflict(error)) return null;
    const current = ((error as ApiError).details as { current?: GroupCard } | undefined)?.current;
    if (!current || typeof current.version !== 'number') return null;
    props.onSaved(current);
    return { fields: fieldsOf(current), version: current.version };
  };
  const invalid = (canRename && form.draft.name.trim() === '') || windowError(form.draft);
  const serverField = form.save.status === 'error' ? form.save.field ?? null : null;

  return (
    <form
      class="tg-form tg-panel-box tg-group-edit"
      data-testid="group-edit-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalid) void form.submit(send, theirsOf);
      }}
    >
      <h3 class="tg-group-title">{t('groups.card.editTitle')}</h3>
      <GroupFieldsEditor
        fields={form.draft}
        onChange={(patch) => form.set(patch)}
        linkedTo={linked ? (g.workgroup?.name ?? '') : canRename ? null : g.name}
        serverField={serverField}
        serverMessage={form.save.status === 'error' ? form.save.message : null}
        testId="edit"
      />
      {form.state.conflict && (
        <ConflictNotice
          testId="group-conflict"
          theirs={form.state.conflict.theirs as unknown as Record<string, unknown>}
          mine={form.draft as unknown as Record<string, unknown>}
          labels={{ name: t('groups.form.name'), description: t('groups.form.description'), accessStartsOn: t('groups.form.starts'), accessEndsOn: t('groups.form.ends') }}
          show={(value) => (value === null || value === '' ? '—' : String(value))}
          onTakeTheirs={form.takeTheirs}
          onOverwrite={() => void form.overwrite(send, theirsOf)}
        />
      )}
      <SaveBar testId="group-edit" dirty={form.dirty} save={form.save} onCancel={props.onClose}>
        {!form.dirty && form.save.status === 'saved' && (
          <button type="button" class="tg-btn tg-btn-link" onClick={props.onClose}>
            {t('groups.card.doneEditing')}
          </button>
        )}
      </SaveBar>
    </form>
  );
}
