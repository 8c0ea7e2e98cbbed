import { useI18n } from '../../../i18n/i18n';
import type { QuestionDraft } from '../catalog-client';
import { useCatalogNav } from '../catalog-route';
import type { ManageQuestion, ManageTest } from '../catalog-types';
import { storedFromConflict } from './edit-conflict';
import { QuestionForm } from './question-form';
import { useEditForm } from './use-edit-form';

const draftOf = (item: object): QuestionDraft => {
  const x = item as Record<string, unknown>;
  return {
    text: String(x.text ?? ''),
    kind: x.kind === 'multiple' ? 'multiple' : 'single',
    options: (Array.isArray(x.options) ? x.options : []).map((o: { text?: unknown; correct?: unknown }) => ({ text: String(o.text ?? ''), correct: o.correct === true })),
  };
};

const NEW_QUESTION: QuestionDraft = {
  text: '',
  kind: 'single',
  options: [
    { text: '', correct: true },
    { text: '', correct: false },
  ],
};

/** Editing a question in place (PATCH /api/questions/:id with its version; the options are replaced whole). */
export function QuestionEditForm(props: { question: ManageQuestion; onSaved: (test: ManageTest) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const q = props.question;
  const form = useEditForm<QuestionDraft>(draftOf(q), q.version);
  const send = async (version: number, draft: QuestionDraft) => {
    const test = await nav.client.updateQuestion(q.id, version, draft);
    const stored = test.questions.find((x) => x.id === q.id);
    props.onSaved(test);
    return { fields: stored ? draftOf(stored) : draft, version: stored?.version ?? version };
  };
  const theirsOf = (error: unknown) => {
    const stored = storedFromConflict(error, 'question', q.id);
    return stored ? { fields: draftOf(stored), version: stored.version as number } : null;
  };
  return (
    <QuestionForm
      form={form}
      testId={`question-form-${q.id}`}
      saveLabel={t('catalog.form.save')}
      onSubmit={() => void form.submit(send, theirsOf)}
      onCancel={props.onCancel}
      onTakeTheirs={form.takeTheirs}
      onOverwrite={() => void form.overwrite(send, theirsOf)}
    />
  );
}

/** Adding a question at the end of the test. */
export function QuestionAddForm(props: { test: ManageTest; onAdded: (test: ManageTest) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const form = useEditForm<QuestionDraft>(NEW_QUESTION, 0);
  const send = async (_version: number, draft: QuestionDraft) => {
    props.onAdded(await nav.client.createQuestion(props.test.id, draft));
    return { fields: NEW_QUESTION, version: 0 };
  };
  return (
    <div class="tg-unit tg-unit-new">
      <h3 class="tg-unit-title">{t('catalog.question.add')}</h3>
      <QuestionForm form={form} testId="question-add" saveLabel={t('catalog.question.addButton')} onSubmit={() => void form.submit(send, () => null)} onCancel={props.onCancel} />
    </div>
  );
}
