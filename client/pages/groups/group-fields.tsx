import { useI18n } from '../../i18n/i18n';
import { Field, TextArea, TextInput } from '../catalog/manage/form-parts';
import type { GroupFields } from './groups-types';

/** The end of the access window may not come before its start (the server says the same: 400 field=accessEndsOn). */
export function windowError(fields: Pick<GroupFields, 'accessStartsOn' | 'accessEndsOn'>): boolean {
  return Boolean(fields.accessStartsOn && fields.accessEndsOn && fields.accessEndsOn < fields.accessStartsOn);
}

/**
 * Name, description and the access window, as the create form and the edit form show them. While
 * the group is linked to a workgroup, name and description are the workgroup's: shown, not editable.
 */
export function GroupFieldsEditor(props: {
  fields: GroupFields;
  onChange: (patch: Partial<GroupFields>) => void;
  linkedTo: string | null;
  disabled?: boolean;
  serverField?: string | null;
  serverMessage?: string | null;
  testId: string;
}) {
  const { t } = useI18n();
  const f = props.fields;
  const nameMissing = !props.linkedTo && f.name.trim() === '';
  const readOnlyHint = props.linkedTo ? t('groups.form.fromWorkgroup', { name: props.linkedTo }) : undefined;
  const endError = windowError(f) ? t('groups.form.endBeforeStart') : props.serverField === 'accessEndsOn' ? props.serverMessage ?? null : null;
  return (
    <>
      <div class="tg-form-row">
        <TextInput
          label={t('groups.form.name')}
          value={f.name}
          onInput={(name) => props.onChange({ name })}
          disabled={props.disabled || Boolean(props.linkedTo)}
          maxLength={255}
          testId={`${props.testId}-name`}
          wide
          error={nameMissing ? t('groups.form.required') : null}
        />
      </div>
      <TextArea
        label={t('groups.form.description')}
        value={f.description}
        onInput={(description) => props.onChange({ description })}
        disabled={props.disabled || Boolean(props.linkedTo)}
        hint={readOnlyHint}
        rows={3}
        testId={`${props.testId}-description`}
      />
      <div class="tg-form-row">
        <DateInput label={t('groups.form.starts')} value={f.accessStartsOn} onInput={(accessStartsOn) => props.onChange({ accessStartsOn })} disabled={props.disabled} testId={`${props.testId}-starts`} hint={t('groups.form.startsHint')} />
        <DateInput
          label={t('groups.form.ends')}
          value={f.accessEndsOn}
          onInput={(accessEndsOn) => props.onChange({ accessEndsOn })}
          disabled={props.disabled}
          testId={`${props.testId}-ends`}
          hint={t('groups.form.endsHint')}
          error={endError}
          min={f.accessStartsOn ?? undefined}
        />
      </div>
    </>
  );
}

/** A calendar day (the browser's own date field, keyboard usable); empty = open ended. */
function DateInput(props: { label: string; value: string | null; onInput: (value: string | null) => void; disabled?: boolean; testId: string; hint?: string; error?: string | null; min?: string }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {(id, describedBy) => (
        <input
          id={id}
          class="tg-input tg-input-date"
          type="date"
          value={props.value ?? ''}
          min={props.min}
          disabled={props.disabled}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy}
          data-testid={props.testId}
          onInput={(event) => props.onInput((event.currentTarget as HTMLInputElement).value || null)}
        />
      )}
    </Field>
  );
}
