import { useState } from 'preact/hooks';
import { ConfirmPanel } from '../../../components/confirm-panel';
import { useUnsavedChanges } from '../../../components/leave-guard';
import { useI18n } from '../../../i18n/i18n';
import type { Answer, StartedAttempt, TestQuestion } from '../catalog-types';
import { answersOf, choose, unansweredOf, type Choices } from './test-model';

/**
 * Taking a test: one fieldset per question, radio buttons for single choice and checkboxes for
 * multiple. Submitting with questions left unanswered asks first (they score 0). Leaving with
 * answers chosen asks too: the answers live only here until they are submitted.
 */
export function AttemptForm(props: {
  attempt: StartedAttempt;
  questions: TestQuestion[];
  attemptsAllowed: number | null;
  submitting: boolean;
  error: string | null;
  onSubmit: (answers: Answer[]) => void;
}) {
  const { t } = useI18n();
  const [choices, setChoices] = useState<Choices>({});
  const [confirming, setConfirming] = useState(false);
  const unanswered = unansweredOf(props.questions, choices);
  const answered = props.questions.length - unanswered.length;
  useUnsavedChanges(answered > 0 && !props.submitting);

  const submit = (event: Event) => {
    event.preventDefault();
    if (props.submitting) return;
    if (unanswered.length > 0 && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    props.onSubmit(answersOf(props.questions, choices));
  };

  const jumpTo = (questionId: number) => {
    setConfirming(false);
    document.querySelector<HTMLInputElement>(`#question-${questionId} input`)?.focus();
  };

  return (
    <form class="tg-attempt" data-testid="attempt-form" data-attempt-id={props.attempt.id} onSubmit={submit} noValidate>
      <p class="tg-muted" data-testid="attempt-number">
        {props.attemptsAllowed === null
          ? t('catalog.attempt.numberUnlimited', { n: props.attempt.number })
          : t('catalog.attempt.number', { n: props.attempt.number, total: props.attemptsAllowed })}
      </p>
      <ol class="tg-questions">
        {props.questions.map((question, index) => (
          <li key={question.id}>
            <fieldset class="tg-question" id={`question-${question.id}`} data-testid={`question-${index + 1}`}>
              <legend class="tg-question-text">
                <span class="tg-question-number">{index + 1}.</span> {question.text}
              </legend>
              <p class="tg-small tg-muted">{question.kind === 'single' ? t('catalog.attempt.pickOne') : t('catalog.attempt.pickAll')}</p>
              <div class="tg-options">
                {question.options.map((option) => {
                  const checked = (choices[question.id] ?? []).includes(option.id);
                  return (
                    <label key={option.id} class={`tg-option${checked ? ' tg-option-on' : ''}`}>
                      <input
                        type={question.kind === 'single' ? 'radio' : 'checkbox'}
                        name={`question-${question.id}`}
                        value={String(option.id)}
                        checked={checked}
                        data-testid={`option-${option.id}`}
                        onChange={(event) => setChoices((c) => choose(c, question, option.id, (event.currentTarget as HTMLInputElement).checked))}
                      />
                      <span>{option.text}</span>
                    </label>
                  );
                })}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <div class="tg-footer">
        <button type="submit" class="tg-btn tg-btn-success" data-testid="attempt-submit" aria-disabled={props.submitting ? 'true' : undefined}>
          {props.submitting ? t('catalog.attempt.submitting') : t('catalog.attempt.submit')}
        </button>
        <span class="tg-muted" data-testid="attempt-answered" data-answered={answered} role="status">
          {t('catalog.attempt.answered', { done: answered, total: props.questions.length })}
        </span>
      </div>
      {confirming && (
        <ConfirmPanel
          testId="attempt-confirm"
          title={t('catalog.attempt.unansweredTitle', { n: unanswered.length })}
          confirmLabel={t('catalog.attempt.submitAnyway')}
          onConfirm={() => {
            setConfirming(false);
            props.onSubmit(answersOf(props.questions, choices));
          }}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('catalog.attempt.unansweredText')}</p>
          <p class="tg-unanswered">
            {unanswered.map((q) => (
              <button key={q.id} type="button" class="tg-btn tg-btn-link" onClick={() => jumpTo(q.id)}>
                {t('catalog.attempt.questionN', { n: props.questions.indexOf(q) + 1 })}
              </button>
            ))}
          </p>
        </ConfirmPanel>
      )}
      {props.error && (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid="attempt-error">
          {props.error}
        </p>
      )}
    </form>
  );
}
