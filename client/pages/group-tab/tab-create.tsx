import { useState } from 'preact/hooks';
import { useUnsavedChanges } from '../../components/leave-guard';
import { useI18n } from '../../i18n/i18n';
import { windowError } from '../groups/group-fields';
import { groupsErrorText } from '../groups/groups-format';
import type { GroupsClient } from '../groups/groups-client';
import { Field } from '../catalog/manage/form-parts';

/**
 * For admins and moderators when no training group is linked yet: create one from this workgroup
 * (Bitrix24 decides: a moderator must own or moderate it, else the answer says so). Name and
 * description come from the workgroup, its members become the participants; only the access
 * window is asked here (everything else is on the group's card in the app).
 */
export function TabCreate(props: { client: GroupsClient; workgroupId: number; onCreated: () => void }) {
  const { t } = useI18n();
  const [starts, setStarts] = useState<string | null>(null);
  const [ends, setEnds] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useUnsavedChanges((starts !== null || ends !== null) && !busy);
  const invalid = windowError({ accessStartsOn: starts, accessEndsOn: ends });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || invalid) return;
    setBusy(true);
    setError(null);
    try {
      await props.client.create({ workgroupId: props.workgroupId, accessStartsOn: starts, accessEndsOn: ends });
      props.onCreated();
    } catch (e) {
      setError(groupsErrorText(t, e));
      setBusy(false);
    }
  };

  return (
    <form class="tg-form tg-tab-create" data-testid="group-tab-create" onSubmit={submit} noValidate>
      <h2 class="tg-view-title">{t('groupTab.create.title')}</h2>
      <p class="tg-muted">{t('groupTab.create.text')}</p>
      <div class="tg-form-row">
        <Field label={t('groups.form.starts')} hint={t('groups.form.startsHint')}>
          {(id, describedBy) => (
            <input id={id} class="tg-input" type="date" value={starts ?? ''} aria-describedby={describedBy} data-testid="group-tab-starts" onInput={(e) => setStarts((e.currentTarget as HTMLInputElement).value || null)} />
          )}
        </Field>
        <Field label={t('groups.form.ends')} hint={t('groups.form.endsHint')} error={invalid ? t('groups.form.endBeforeStart') : null}>
          {(id, describedBy) => (
            <input id={id} class="tg-input" type="date" value={ends ?? ''} min={starts ?? undefined} aria-describedby={describedBy} aria-invalid={invalid ? 'true' : undefined} data-testid="group-tab-ends" onInput={(e) => setEnds((e.currentTarget as HTMLInputElement).value || null)} />
          )}
        </Field>
      </div>
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid="group-tab-create-error">
          {error}
        </p>
      )}
      <div class="tg-savebar">
        <button type="submit" class="tg-btn tg-btn-success" data-testid="group-tab-create-submit" aria-disabled={busy || invalid ? 'true' : undefined}>
          {busy ? t('groups.create.creating') : t('groupTab.create.submit')}
        </button>
      </div>
    </form>
  );
}
