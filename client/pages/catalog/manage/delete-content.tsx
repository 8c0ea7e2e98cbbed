import { useEffect, useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { ConfirmPanel } from '../../../components/confirm-panel';
import { useI18n } from '../../../i18n/i18n';
import { countOf } from '../catalog-format';
import { useCatalogNav } from '../catalog-route';
import type { CourseDeletePreview, TestDeletePreview } from '../catalog-types';

/**
 * Deleting a course or a standalone test: first what goes with it (delete-preview), then the
 * confirmation, which also says that learners' results are kept for reports.
 */
export function DeleteContent(props: { kind: 'course' | 'test'; id: number; title: string; version: number; onDeleted: () => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const nav = useCatalogNav();
  const [preview, setPreview] = useState<CourseDeletePreview | TestDeletePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const load = props.kind === 'course' ? nav.client.courseDeletePreview(props.id) : nav.client.testDeletePreview(props.id);
    load.then(setPreview, (e: unknown) => setError(apiErrorText(t, e)));
  }, [props.kind, props.id]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      if (props.kind === 'course') await nav.client.deleteCourse(props.id, props.version);
      else await nav.client.deleteTest(props.id, props.version);
      props.onDeleted();
    } catch (e) {
      setError(apiErrorText(t, e));
      setBusy(false);
    }
  };

  let goes = '';
  if (preview && 'units' in preview) {
    goes = t('catalog.delete.courseGoes', {
      units: countOf(t, lang, 'units', preview.units),
      lessons: countOf(t, lang, 'lessons', preview.lessons),
      tests: countOf(t, lang, 'tests', preview.tests),
    });
  } else if (preview) {
    goes = t('catalog.delete.testGoes', { questions: countOf(t, lang, 'questions', preview.questions) });
  }

  return (
    <ConfirmPanel
      testId={`delete-${props.kind}`}
      danger
      busy={busy || (preview === null && error === null)}
      title={props.kind === 'course' ? t('catalog.delete.courseTitle', { title: props.title }) : t('catalog.delete.testTitle', { title: props.title })}
      confirmLabel={t('catalog.delete.yes')}
      onConfirm={() => void confirm()}
      onCancel={props.onCancel}
    >
      {preview === null && error === null && <p class="tg-muted">{t('catalog.delete.counting')}</p>}
      {preview && <p data-testid={`delete-${props.kind}-goes`}>{goes}</p>}
      {preview && (
        <p data-testid={`delete-${props.kind}-kept`}>
          {preview.attempts > 0
            ? t('catalog.delete.resultsKept', { attempts: countOf(t, lang, 'attempts', preview.attempts), learners: countOf(t, lang, 'learners', preview.learners) })
            : t('catalog.delete.noResults')}
        </p>
      )}
      {error && (
        <p class="tg-error" role="alert">
          {error}
        </p>
      )}
    </ConfirmPanel>
  );
}
