import { useState } from 'preact/hooks';
import { ConfirmPanel } from '../../../components/confirm-panel';
import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';
import type { ManageQuestion, ManageTest } from '../catalog-types';
import { Chip } from '../view-parts';
import { QuestionEditForm } from './question-editors';
import { ReorderButtons } from './reorder-buttons';
import { useRowList } from './use-row-list';

/** The questions of a test in the editor: reorder, edit in place, delete after confirming. */
export function QuestionRows(props: { test: ManageTest; onTest: (test: ManageTest) => void; reload: () => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const x = props.test;
  const [editing, setEditing] = useState<number | null>(null);
  const list = useRowList(x.questions, { idPrefix: 'question', reload: props.reload });
  const { busy, error, deleting, setDeleting } = list;
  const questions = list.rows;
  const move = (q: ManageQuestion, step: -1 | 1) => list.move(q, step, async (ids) => props.onTest(await nav.client.orderQuestions(x.id, x.version, ids)));
  const remove = (q: ManageQuestion) => list.remove(async () => props.onTest(await nav.client.deleteQuestion(q.id, q.version)));

  return (
    <>
      <ol class="tg-question-list" data-testid="question-list">
        {questions.map((q, index) => (
          <li key={q.id} class="tg-question-row" data-testid={`edit-question-${q.id}`}>
            {editing === q.id ? (
              <QuestionEditForm question={q} onSaved={(test) => { props.onTest(test); setEditing(null); }} onCancel={() => setEditing(null)} />
            ) : (
              <>
                <div class="tg-question-row-head">
                  <span class="tg-lesson-number" aria-hidden="true">
                    {index + 1}
                  </span>
                  <span class="tg-question-row-text">{q.text}</span>
                  <Chip>{q.kind === 'single' ? t('catalog.question.single') : t('catalog.question.multiple')}</Chip>
                  {x.canEdit && (
                    <span class="tg-row-actions">
                      <ReorderButtons id={`question-${q.id}`} name={q.text} index={index} count={questions.length} onMove={(step) => void move(q, step)} disabled={busy} />
                      <button type="button" class="tg-btn tg-btn-link" data-testid={`question-edit-${q.id}`} onClick={() => setEditing(q.id)}>
                        {t('catalog.form.edit')}
                      </button>
                      <button type="button" class="tg-btn tg-btn-link tg-link-danger" data-testid={`question-delete-${q.id}`} onClick={() => setDeleting(q.id)}>
                        {t('catalog.form.delete')}
                      </button>
                    </span>
                  )}
                </div>
                <ul class="tg-question-row-options">
                  {q.options.map((o, i) => (
                    <li key={o.id ?? i} class={o.correct ? 'tg-ok' : 'tg-muted'}>
                      <span aria-hidden="true">{o.correct ? '✓ ' : '· '}</span>
                      {o.text}
                      {o.correct && <span class="tg-sr-only"> ({t('catalog.question.correct')})</span>}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {deleting === q.id && (
              <ConfirmPanel
                testId={`question-delete-confirm-${q.id}`}
                danger
                busy={busy}
                title={t('catalog.delete.questionTitle', { n: index + 1 })}
                confirmLabel={t('catalog.delete.yes')}
                onConfirm={() => void remove(q)}
                onCancel={() => setDeleting(null)}
              >
                <p>{t('catalog.delete.keptForReports')}</p>
              </ConfirmPanel>
            )}
          </li>
        ))}
      </ol>
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid="question-list-error">
          {error}
        </p>
      )}
    </>
  );
}
