import { useId } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/messages';
import type { QuestionDraft } from '../catalog-client';
import type { QuestionKind } from '../catalog-types';
import { ConflictNotice } from './conflict-notice';
import { SaveBar, TextArea } from './form-parts';
import { markCorrect, MAX_OPTIONS, MIN_OPTIONS, questionProblems, withKind, type QuestionProblem } from './question-model';
import type { EditForm } from './use-edit-form';

const OPTIONS_PROBLEM: Record<string, MessageKey> = {
  tooFew: 'catalog.question.tooFew',
  tooMany: 'catalog.question.tooMany',
  noCorrect: 'catalog.question.noCorrect',
  oneCorrect: 'catalog.question.oneCorrect',
};

/**
 * A question and its options: the text, one or several right answers, 2 to 10 options each with
 * its text and whether it is right (a radio for single choice, a checkbox for multiple).
 */
export function QuestionForm(props: {
  form: EditForm<QuestionDraft>;
  testId: string;
  saveLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  onTakeTheirs?: () => void;
  onOverwrite?: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const { form } = props;
  const d = form.draft;
  const problems = questionProblems(d);
  const optionsProblem = problems.find((p): p is Extract<QuestionProblem, { field: 'options' }> => p.field === 'options');
  const showProblems = form.dirty || form.save.status === 'error';

  const setOption = (index: number, text: string) => form.set({ options: d.options.map((o, i) => (i === index ? { ...o, text } : o)) });
  const removeOption = (index: number) => {
    form.set({ options: d.options.filter((_, i) => i !== index) });
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>(`[data-testid="${props.testId}-option-${Math.max(0, index - 1)}"]`)?.focus());
  };
  const addOption = () => {
    form.set({ options: [...d.options, { text: '', correct: false }] });
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>(`[data-testid="${props.testId}-option-${d.options.length}"]`)?.focus());
  };

  return (
    <form
      class="tg-form tg-question-form"
      data-testid={props.testId}
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.length === 0) props.onSubmit();
      }}
    >
      <TextArea label={t('catalog.question.text')} value={d.text} onInput={(text) => form.set({ text })} rows={2} testId={`${props.testId}-text`} error={showProblems && problems.some((p) => p.field === 'text') ? t('catalog.form.required') : null} />
      <fieldset class="tg-fieldset">
        <legend class="tg-label">{t('catalog.question.kind')}</legend>
        <div class="tg-segmented">
          {(['single', 'multiple'] as const).map((kind: QuestionKind) => (
            <label key={kind} class={`tg-segment${d.kind === kind ? ' tg-segment-on' : ''}`}>
              <input type="radio" name={`${id}-kind`} checked={d.kind === kind} data-testid={`${props.testId}-kind-${kind}`} onChange={() => form.set({ kind, options: withKind(d.options, kind) })} />
              <span>{kind === 'single' ? t('catalog.question.single') : t('catalog.question.multiple')}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset class="tg-fieldset">
        <legend class="tg-label">{t('catalog.question.options')}</legend>
        <ol class="tg-option-edit-list">
          {d.options.map((option, index) => {
            const empty = showProblems && problems.some((p) => p.field === `options.${index}.text`);
            return (
              <li key={index} class="tg-option-edit">
                <label class="tg-option-correct" title={t('catalog.question.correct')}>
                  <input
                    type={d.kind === 'single' ? 'radio' : 'checkbox'}
                    name={`${id}-correct`}
                    checked={option.correct}
                    data-testid={`${props.testId}-correct-${index}`}
                    onChange={(event) => form.set({ options: markCorrect(d.options, d.kind, index, (event.currentTarget as HTMLInputElement).checked) })}
                  />
                  <span class="tg-sr-only">{t('catalog.question.correctN', { n: index + 1 })}</span>
                </label>
                <input
                  class="tg-input"
                  type="text"
                  maxLength={1000}
                  value={option.text}
                  aria-label={t('catalog.question.optionN', { n: index + 1 })}
                  aria-invalid={empty ? 'true' : undefined}
                  placeholder={t('catalog.question.optionN', { n: index + 1 })}
                  data-testid={`${props.testId}-option-${index}`}
                  onInput={(event) => setOption(index, (event.currentTarget as HTMLInputElement).value)}
                />
                <button type="button" class="tg-icon-btn" aria-label={t('catalog.question.removeOption', { n: index + 1 })} title={t('catalog.form.delete')} disabled={d.options.length <= MIN_OPTIONS} onClick={() => removeOption(index)}>
                  ✕
                </button>
              </li>
            );
          })}
        </ol>
        {d.options.length < MAX_OPTIONS && (
          <button type="button" class="tg-btn tg-btn-link" data-testid={`${props.testId}-add-option`} onClick={addOption}>
            + {t('catalog.question.addOption')}
          </button>
        )}
        {optionsProblem && showProblems && <p class="tg-field-error" role="alert">{t(OPTIONS_PROBLEM[optionsProblem.problem] as MessageKey)}</p>}
        <p class="tg-field-hint">{t('catalog.question.correctHint')}</p>
      </fieldset>
      {form.state.conflict && props.onTakeTheirs && props.onOverwrite && (
        <ConflictNotice
          testId={`${props.testId}-conflict`}
          theirs={form.state.conflict.theirs as unknown as Record<string, unknown>}
          mine={d as unknown as Record<string, unknown>}
          labels={{ text: t('catalog.question.text'), kind: t('catalog.question.kind'), options: t('catalog.question.options') }}
          show={(value, key) =>
            key === 'options'
              ? (value as QuestionDraft['options']).map((o) => `${o.correct ? '✓' : '·'} ${o.text}`).join('; ')
              : key === 'kind'
                ? value === 'single'
                  ? t('catalog.question.single')
                  : t('catalog.question.multiple')
                : String(value)
          }
          onTakeTheirs={props.onTakeTheirs}
          onOverwrite={props.onOverwrite}
        />
      )}
      <SaveBar testId={props.testId} dirty={form.dirty} save={form.save} saveLabel={props.saveLabel} onCancel={props.onCancel} />
    </form>
  );
}
