import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import type { SaveStatus } from './use-edit-form';

/** Labelled inputs in the Bitrix24 form style, with an error line tied to the field for screen readers. */
export function Field(props: { label: string; hint?: string; error?: string | null; children: (id: string, describedBy: string | undefined) => ComponentChildren; wide?: boolean }) {
  const id = useId();
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`tg-field${props.wide ? ' tg-field-wide' : ''}${props.error ? ' tg-field-invalid' : ''}`}>
      <label class="tg-label" for={id}>
        {props.label}
      </label>
      {props.children(id, describedBy)}
      {props.hint && (
        <p class="tg-field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="tg-field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function TextInput(props: { label: string; value: string; onInput: (value: string) => void; testId?: string; disabled?: boolean; error?: string | null; maxLength?: number; wide?: boolean }) {
  return (
    <Field label={props.label} error={props.error} wide={props.wide}>
      {(id, describedBy) => (
        <input
          id={id}
          class="tg-input"
          type="text"
          value={props.value}
          maxLength={props.maxLength ?? 300}
          disabled={props.disabled}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy}
          data-testid={props.testId}
          onInput={(event) => props.onInput((event.currentTarget as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

export function NumberInput(props: { label: string; value: string; onInput: (value: string) => void; min: number; max: number; testId?: string; disabled?: boolean; error?: string | null; hint?: string; placeholder?: string }) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      {(id, describedBy) => (
        <input
          id={id}
          class="tg-input tg-input-number"
          type="number"
          inputMode="numeric"
          min={props.min}
          max={props.max}
          step={1}
          value={props.value}
          placeholder={props.placeholder}
          disabled={props.disabled}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy}
          data-testid={props.testId}
          onInput={(event) => props.onInput((event.currentTarget as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

export function TextArea(props: { label: string; value: string; onInput: (value: string) => void; rows?: number; testId?: string; disabled?: boolean; error?: string | null; hint?: string }) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint} wide>
      {(id, describedBy) => (
        <textarea
          id={id}
          class="tg-input tg-textarea"
          rows={props.rows ?? 4}
          value={props.value}
          disabled={props.disabled}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy}
          data-testid={props.testId}
          onInput={(event) => props.onInput((event.currentTarget as HTMLTextAreaElement).value)}
        />
      )}
    </Field>
  );
}

export function CheckboxInput(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; testId?: string; disabled?: boolean; hint?: string }) {
  return (
    <label class="tg-checkbox">
      <input type="checkbox" checked={props.checked} disabled={props.disabled} data-testid={props.testId} onChange={(event) => props.onChange((event.currentTarget as HTMLInputElement).checked)} />
      <span>
        {props.label}
        {props.hint && <span class="tg-field-hint tg-block">{props.hint}</span>}
      </span>
    </label>
  );
}

/** Save and its state in words: unsaved, saving, saved, or what went wrong. */
export function SaveBar(props: { dirty: boolean; save: SaveStatus; onCancel?: () => void; saveLabel?: string; testId: string; children?: ComponentChildren }) {
  const { t } = useI18n();
  const saving = props.save.status === 'saving';
  return (
    <div class="tg-savebar" data-testid={`${props.testId}-savebar`}>
      <button type="submit" class="tg-btn tg-btn-success" data-testid={`${props.testId}-save`} aria-disabled={saving ? 'true' : undefined}>
        {saving ? t('catalog.form.saving') : (props.saveLabel ?? t('catalog.form.save'))}
      </button>
      {props.onCancel && (
        <button type="button" class="tg-btn tg-btn-light" data-testid={`${props.testId}-cancel`} onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      )}
      {props.children}
      <span class="tg-savebar-status" role="status" data-testid={`${props.testId}-status`} data-state={props.save.status === 'idle' && props.dirty ? 'unsaved' : props.save.status}>
        {props.save.status === 'saved' && !props.dirty && <span class="tg-ok">{t('catalog.form.saved')}</span>}
        {props.save.status !== 'saved' && props.save.status !== 'error' && props.dirty && <span class="tg-muted">{t('catalog.form.unsaved')}</span>}
      </span>
      {props.save.status === 'error' && (
        <p class="tg-alert tg-alert-danger tg-savebar-error" role="alert" data-testid={`${props.testId}-error`}>
          {t('catalog.form.saveFailed')} {props.save.message}
        </p>
      )}
    </div>
  );
}
