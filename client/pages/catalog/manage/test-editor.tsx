import { useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { fileNameOf } from '../catalog-format';
import { useCatalogNav, type CatalogRoute } from '../catalog-route';
import { Breadcrumbs, LoadState, ViewHeading } from '../view-parts';
import { DeleteContent } from './delete-content';
import { downloadJson } from '../../../components/download';
import { QuestionAddForm } from './question-editors';
import { QuestionRows } from './question-rows';
import { TestForm } from './test-form';

/** Authoring a test (standalone or a unit's): its settings and its questions in order. */
export function TestEditor(props: { testId: number }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const test = useResource(() => nav.client.manageTest(props.testId), [props.testId]);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const x = test.state.data;
  if (!x) return <LoadState resource={test.state} reload={test.reload} testId="test-editor" />;
  const standalone = x.unitId === null;
  const trail: Array<{ label: string; route: CatalogRoute }> = [{ label: t('catalog.manage.title'), route: { view: 'manage' } }];
  if (x.courseId !== null && x.courseTitle !== null) trail.push({ label: x.courseTitle, route: { view: 'editCourse', courseId: x.courseId } });

  const exportIt = async () => {
    setError(null);
    try {
      downloadJson(fileNameOf(x.title, 'test'), await nav.client.exportTest(x.id));
    } catch (e) {
      setError(apiErrorText(t, e));
    }
  };

  return (
    <div class="tg-view" data-testid="test-editor" data-test-id={x.id}>
      <Breadcrumbs trail={trail} current={x.title} />
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="test-editor-title">{x.title}</ViewHeading>
          <p class="tg-muted tg-view-meta">{standalone ? t('catalog.test.standalone') : t('catalog.test.ofUnit')}</p>
          {!x.canEdit && <p class="tg-muted">{t('catalog.manage.notYours')}</p>}
        </div>
        <div class="tg-view-actions">
          <button type="button" class="tg-btn tg-btn-light" data-testid="test-view" onClick={() => nav.go({ view: 'test', testId: x.id })}>
            {t('catalog.manage.viewAsLearner')}
          </button>
          {standalone && (
            <button type="button" class="tg-btn tg-btn-light" data-testid="test-export" onClick={() => void exportIt()}>
              {t('catalog.manage.export')}
            </button>
          )}
          {standalone && x.canEdit && (
            <button type="button" class="tg-btn tg-btn-light tg-link-danger" data-testid="test-delete" onClick={() => setDeleting(true)}>
              {t('catalog.form.delete')}
            </button>
          )}
        </div>
      </div>
      {deleting && <DeleteContent kind="test" id={x.id} title={x.title} version={x.version} onCancel={() => setDeleting(false)} onDeleted={() => nav.go({ view: 'manage' })} />}
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert">
          {error}
        </p>
      )}
      <TestForm test={x} onSaved={test.set} />
      <h3 class="tg-group-title tg-units-title">{t('catalog.test.questions')}</h3>
      {x.questions.length === 0 && !adding && <p class="tg-muted" data-testid="test-no-questions">{t('catalog.test.noQuestions')}</p>}
      <QuestionRows test={x} onTest={test.set} reload={test.reload} />
      {x.canEdit &&
        (adding ? (
          <QuestionAddForm test={x} onAdded={(reply) => { test.set(reply); setAdding(false); }} onCancel={() => setAdding(false)} />
        ) : (
          <div class="tg-actions">
            <button type="button" class="tg-btn tg-btn-primary" data-testid="question-add-open" onClick={() => setAdding(true)}>
              + {t('catalog.question.add')}
            </button>
          </div>
        ))}
    </div>
  );
}
