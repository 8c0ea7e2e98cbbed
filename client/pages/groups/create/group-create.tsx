import { useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import { useUnsavedChanges } from '../../../components/leave-guard';
import { useI18n } from '../../../i18n/i18n';
import { CheckboxInput } from '../../catalog/manage/form-parts';
import { Chip, ViewHeading } from '../../catalog/view-parts';
import { GroupFieldsEditor, windowError } from '../group-fields';
import { groupsErrorText, joinMethodText } from '../groups-format';
import { Crumbs } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import type { GroupFields, PickerWorkgroup } from '../groups-types';
import { WorkgroupPicker } from './workgroup-picker';

const EMPTY: GroupFields = { name: '', description: '', accessStartsOn: null, accessEndsOn: null };

/**
 * A new training group: from scratch (optionally creating a Bitrix24 workgroup with it), or from an
 * existing workgroup ("Select" -> picker -> "Add"), whose name and description are then copied and
 * not editable, and whose members become the participants. Participants and courses are added on
 * the card the form opens once the group exists; how people will join is said here already.
 */
export function GroupCreate() {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const [fields, setFields] = useState<GroupFields>(EMPTY);
  const [workgroup, setWorkgroup] = useState<PickerWorkgroup | null>(null);
  const [createWorkgroup, setCreateWorkgroup] = useState(false);
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | null; groupId: number | null } | null>(null);

  const dirty = workgroup !== null || createWorkgroup || JSON.stringify(fields) !== JSON.stringify(EMPTY);
  useUnsavedChanges(dirty && !busy);

  const nameMissing = !workgroup && fields.name.trim() === '';
  const invalid = nameMissing || windowError(fields);
  const method = joinMethodText(t, { method: nav.role === 'admin' ? 'add' : workgroup || createWorkgroup ? 'invite' : 'app-invitation', via: workgroup || createWorkgroup ? 'bitrix24' : 'app' });

  const chooseWorkgroup = (w: PickerWorkgroup) => {
    setWorkgroup(w);
    setCreateWorkgroup(false);
    setFields((f) => ({ ...f, name: w.name, description: w.description }));
    setPicking(false);
    setError(null);
  };
  const dropWorkgroup = () => {
    setWorkgroup(null);
    setFields((f) => ({ ...f, name: '', description: '' }));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || invalid) return;
    setBusy(true);
    setError(null);
    try {
      const card = await nav.client.create({
        ...(workgroup ? { workgroupId: workgroup.id } : { name: fields.name.trim(), description: fields.description, createWorkgroup }),
        accessStartsOn: fields.accessStartsOn,
        accessEndsOn: fields.accessEndsOn,
      });
      nav.go({ view: 'card', groupId: card.id, created: true });
    } catch (e) {
      const details = e instanceof ApiError ? ((e.details ?? {}) as { groupId?: unknown }) : {};
      setError({
        message: groupsErrorText(t, e),
        field: e instanceof ApiError ? e.field ?? null : null,
        groupId: typeof details.groupId === 'number' ? details.groupId : null,
      });
      setBusy(false);
    }
  };

  return (
    <div class="tg-view" data-testid="group-create">
      <Crumbs trail={[{ label: t('nav.groups'), onClick: () => nav.go({ view: 'list' }), testId: 'crumb-groups' }]} current={t('groups.create.title')} />
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="group-create-title">{t('groups.create.title')}</ViewHeading>
          <p class="tg-muted tg-view-meta">{t('groups.create.intro')}</p>
        </div>
      </div>
      <form class="tg-form" onSubmit={submit} noValidate>
        <div class="tg-field" data-testid="create-workgroup-field">
          <span class="tg-label" id="create-wg-label">
            {t('groups.create.workgroup')}
          </span>
          {workgroup ? (
            <div class="tg-wg-chosen" aria-labelledby="create-wg-label" data-testid="create-workgroup-chosen" data-workgroup-id={workgroup.id}>
              <span class="tg-list-main">
                <span class="tg-list-name">{workgroup.name}</span>
                <span class="tg-muted tg-small">{t('groups.create.workgroupChosen')}</span>
              </span>
              {workgroup.isExtranet && <Chip tone="warning">{t('groups.extranet')}</Chip>}
              <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => setPicking(true)} disabled={busy}>
                {t('groups.create.change')}
              </button>
              <button type="button" class="tg-btn tg-btn-link" onClick={dropWorkgroup} disabled={busy} data-testid="create-workgroup-drop">
                {t('groups.create.noWorkgroup')}
              </button>
            </div>
          ) : (
            !picking && (
              <div class="tg-wg-chosen">
                <span class="tg-list-main tg-muted">{t('groups.create.workgroupNone')}</span>
                <button type="button" class="tg-btn tg-btn-light" data-testid="create-workgroup-select" onClick={() => setPicking(true)} disabled={busy}>
                  {t('groups.create.select')}
                </button>
              </div>
            )
          )}
        </div>
        {picking && <WorkgroupPicker onAdd={chooseWorkgroup} onCancel={() => setPicking(false)} />}

        <GroupFieldsEditor fields={fields} onChange={(patch) => setFields((f) => ({ ...f, ...patch }))} linkedTo={workgroup?.name ?? null} disabled={busy} serverField={error?.field} serverMessage={error?.message} testId="create" />

        {!workgroup && (
          <CheckboxInput
            label={t('groups.create.alsoWorkgroup')}
            hint={t('groups.create.alsoWorkgroupHint')}
            checked={createWorkgroup}
            onChange={setCreateWorkgroup}
            disabled={busy}
            testId="create-also-workgroup"
          />
        )}

        <div class="tg-alert tg-alert-info" data-testid="create-join-method">
          <p>
            <strong>{t('groups.create.participants')}</strong> {workgroup ? t('groups.create.participantsFromWorkgroup') : t('groups.create.participantsLater')}
          </p>
          <p>
            {t('groups.join.label')} <strong>{method.title}</strong>. {method.why}
          </p>
        </div>

        {error && !(error.field === 'accessEndsOn') && (
          <div class="tg-alert tg-alert-danger" role="alert" data-testid="create-error">
            <p>{error.message}</p>
            {error.groupId !== null && (
              <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => nav.go({ view: 'card', groupId: error.groupId as number })}>
                {t('groups.create.openLinked')}
              </button>
            )}
          </div>
        )}
        <div class="tg-savebar">
          <button type="submit" class="tg-btn tg-btn-success" data-testid="create-submit" aria-disabled={busy || invalid ? 'true' : undefined}>
            {busy ? t('groups.create.creating') : t('groups.create.submit')}
          </button>
          <button type="button" class="tg-btn tg-btn-light" data-testid="create-cancel" onClick={() => nav.go({ view: 'list' })}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
