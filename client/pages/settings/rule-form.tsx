import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { apiErrorText } from '../../components/api-error-text';
import { useI18n } from '../../i18n/i18n';
import { bodyOf, departmentTree, type ConditionKind, type Department, type Draft, type TargetGroup } from './grouping-rules-model';

const KINDS: Array<[ConditionKind, 'rules.form.kind.department' | 'rules.form.kind.position' | 'rules.form.kind.userType' | 'rules.form.kind.emailDomain']> = [
  ['department', 'rules.form.kind.department'],
  ['position', 'rules.form.kind.position'],
  ['userType', 'rules.form.kind.userType'],
  ['emailDomain', 'rules.form.kind.emailDomain'],
];

/**
 * Adds or edits one rule, in place under the list. What is missing is said next to its field before
 * anything is sent; what the server refuses is said next to the field it names. Escape cancels.
 */
export function RuleForm(props: {
  title: string;
  initial: Draft;
  departments: readonly Department[];
  groups: readonly TargetGroup[];
  emailsKnown: boolean;
  onSave: (body: { condition: Record<string, unknown>; groupId: number; enabled: boolean }) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(props.initial);
  const [saving, setSaving] = useState(false);
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const first = useRef<HTMLSelectElement>(null);
  const tree = departmentTree(props.departments);

  useEffect(() => first.current?.focus(), []);

  const set = (change: Partial<Draft>) => {
    setDraft({ ...draft, ...change });
    setFieldError(null);
    setFormError(null);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const checked = bodyOf(draft);
    if ('missing' in checked) {
      setFieldError({ field: checked.missing, message: t('rules.form.required') });
      return;
    }
    setSaving(true);
    try {
      await props.onSave(checked.body);
    } catch (error) {
      if (error instanceof ApiError && error.field) setFieldError({ field: error.field, message: error.message });
      else setFormError(apiErrorText(t, error));
      setSaving(false);
    }
  };

  /** The error of one field, tied to it by aria-describedby. */
  const errorOf = (field: string) =>
    fieldError?.field === field ? (
      <p class="tg-rules-field-error" role="alert" id={`${id}-${field}-error`} data-testid={`rule-form-error-${field}`}>
        {fieldError.message}
      </p>
    ) : null;
  const invalid = (field: string) =>
    fieldError?.field === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-${field}-error` } : {};

  return (
    <form
      class="tg-rules-form"
      aria-labelledby={`${id}-title`}
      data-testid="rule-form"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <p class="tg-rules-form-title" id={`${id}-title`}>
        {props.title}
      </p>
      <div class="tg-rules-form-grid">
        <label class="tg-rules-field">
          <span class="tg-label">{t('rules.form.kind')}</span>
          <select ref={first} class="tg-input tg-rules-select" data-testid="rule-form-kind" value={draft.kind} onChange={(e) => set({ kind: (e.currentTarget as HTMLSelectElement).value as ConditionKind })}>
            {KINDS.map(([kind, key]) => (
              <option key={kind} value={kind}>
                {t(key)}
              </option>
            ))}
          </select>
        </label>

        {draft.kind === 'department' && (
          <div class="tg-rules-field">
            <label class="tg-label" for={`${id}-department`}>
              {t('rules.form.department')}
            </label>
            {tree.length === 0 ? (
              <p class="tg-muted tg-small">{t('rules.form.noDepartments')}</p>
            ) : (
              <select
                id={`${id}-department`}
                class="tg-input tg-rules-select"
                data-testid="rule-form-department"
                value={draft.departmentId === null ? '' : String(draft.departmentId)}
                onChange={(e) => set({ departmentId: Number((e.currentTarget as HTMLSelectElement).value) || null })}
                {...invalid('condition.departmentId')}
              >
                <option value="">{t('rules.form.chooseDepartment')}</option>
                {tree.map((d) => (
                  <option key={d.id} value={String(d.id)}>
                    {`${'\u00a0\u00a0'.repeat(d.depth)}${d.name}`}
                  </option>
                ))}
              </select>
            )}
            {errorOf('condition.departmentId')}
            <label class="tg-rules-check">
              <input type="checkbox" data-testid="rule-form-subdepartments" checked={draft.includeSubdepartments} onChange={(e) => set({ includeSubdepartments: (e.currentTarget as HTMLInputElement).checked })} />
              <span>{t('rules.form.subdepartments')}</span>
            </label>
          </div>
        )}

        {draft.kind === 'position' && (
          <div class="tg-rules-field">
            <label class="tg-label" for={`${id}-contains`}>
              {t('rules.form.contains')}
            </label>
            <input id={`${id}-contains`} class="tg-input" maxLength={255} data-testid="rule-form-contains" value={draft.contains} onInput={(e) => set({ contains: (e.currentTarget as HTMLInputElement).value })} {...invalid('condition.contains')} />
            <p class="tg-muted tg-small">{t('rules.form.containsHint')}</p>
            {errorOf('condition.contains')}
          </div>
        )}

        {draft.kind === 'userType' && (
          <label class="tg-rules-field">
            <span class="tg-label">{t('rules.form.userType')}</span>
            <select class="tg-input tg-rules-select" data-testid="rule-form-user-type" value={draft.userType} onChange={(e) => set({ userType: (e.currentTarget as HTMLSelectElement).value === 'extranet' ? 'extranet' : 'employee' })}>
              <option value="employee">{t('rules.form.userType.employee')}</option>
              <option value="extranet">{t('rules.form.userType.extranet')}</option>
            </select>
          </label>
        )}

        {draft.kind === 'emailDomain' && (
          <div class="tg-rules-field">
            <label class="tg-label" for={`${id}-domain`}>
              {t('rules.form.domain')}
            </label>
            <input id={`${id}-domain`} class="tg-input" maxLength={253} placeholder="example.com" data-testid="rule-form-domain" value={draft.domain} onInput={(e) => set({ domain: (e.currentTarget as HTMLInputElement).value })} {...invalid('condition.domain')} />
            <p class="tg-muted tg-small">{t('rules.form.domainHint')}</p>
            {errorOf('condition.domain')}
            {!props.emailsKnown && (
              <p class="tg-alert tg-alert-warning" data-testid="rule-form-no-emails">
                {t('rules.noEmails')}
              </p>
            )}
          </div>
        )}

        <div class="tg-rules-field">
          <label class="tg-label" for={`${id}-group`}>
            {t('rules.form.group')}
          </label>
          <select
            id={`${id}-group`}
            class="tg-input tg-rules-select"
            data-testid="rule-form-group"
            value={draft.groupId === null ? '' : String(draft.groupId)}
            onChange={(e) => set({ groupId: Number((e.currentTarget as HTMLSelectElement).value) || null })}
            {...invalid('groupId')}
          >
            <option value="">{t('rules.form.chooseGroup')}</option>
            {props.groups.map((g) => (
              <option key={g.id} value={String(g.id)} disabled={g.linked}>
                {g.linked ? t('rules.form.linkedGroup', { name: g.name }) : g.name}
              </option>
            ))}
          </select>
          {errorOf('groupId')}
        </div>
      </div>

      <label class="tg-rules-check">
        <input type="checkbox" data-testid="rule-form-enabled" checked={draft.enabled} onChange={(e) => set({ enabled: (e.currentTarget as HTMLInputElement).checked })} />
        <span>{t('rules.form.enabled')}</span>
      </label>
      {fieldError && !['condition.departmentId', 'condition.contains', 'condition.domain', 'groupId'].includes(fieldError.field) && (
        <p class="tg-alert tg-alert-danger" role="alert">
          {fieldError.message}
        </p>
      )}
      {formError && (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid="rule-form-failed">
          {formError}
        </p>
      )}
      <div class="tg-toolbar">
        <button type="submit" class="tg-btn tg-btn-success" data-testid="rule-form-save" disabled={saving}>
          {saving ? t('rules.form.saving') : t('rules.form.save')}
        </button>
        <button type="button" class="tg-btn tg-btn-light" data-testid="rule-form-cancel" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
