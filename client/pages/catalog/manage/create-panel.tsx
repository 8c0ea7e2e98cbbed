import { useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { useUnsavedChanges } from '../../../components/leave-guard';
import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';
import { TextInput } from './form-parts';

/** A new course or standalone test starts from its title; the editor takes it from there. */
export function CreatePanel(props: { kind: 'course' | 'test'; onClose: () => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useUnsavedChanges(title.trim() !== '' && !busy);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || !title.trim()) return;
    setBusy(true);
    setError(null);
    try {
      if (props.kind === 'course') {
        const course = await nav.client.createCourse({ title: title.trim(), description: '', hiddenFromExtranet: false });
        setTitle('');
        nav.go({ view: 'editCourse', courseId: course.id });
      } else {
        const test = await nav.client.createTest({ title: title.trim(), description: '', hiddenFromExtranet: false, passMark: 80, attemptsAllowed: null, estimatedMinutes: 5 });
        setTitle('');
        nav.go({ view: 'editTest', testId: test.id });
      }
    } catch (e) {
      setError(apiErrorText(t, e));
      setBusy(false);
    }
  };

  return (
    <form class="tg-panel-box" data-testid={`create-${props.kind}`} onSubmit={submit}>
      <h3 class="tg-group-title">{props.kind === 'course' ? t('catalog.manage.newCourse') : t('catalog.manage.newTest')}</h3>
      <div class="tg-form-row">
        <TextInput label={props.kind === 'course' ? t('catalog.course.title') : t('catalog.test.titleLabel')} value={title} onInput={setTitle} testId={`create-${props.kind}-title`} wide />
      </div>
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert">
          {error}
        </p>
      )}
      <div class="tg-savebar">
        <button type="submit" class="tg-btn tg-btn-success" data-testid={`create-${props.kind}-submit`} aria-disabled={busy || !title.trim() ? 'true' : undefined}>
          {t('catalog.manage.create')}
        </button>
        <button type="button" class="tg-btn tg-btn-light" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
