import { useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { useI18n } from '../../../i18n/i18n';
import { countOf, fileNameOf, formatWhen } from '../catalog-format';
import { useCatalogNav } from '../catalog-route';
import type { ManageCourseRow, ManageTestRow } from '../catalog-types';
import { ClosedMark } from '../../groups/closed-mark';
import { Chip } from '../view-parts';
import { DeleteContent } from './delete-content';
import { downloadJson } from '../../../components/download';

/** The authoring lists: courses, then standalone tests, each with Edit, Export and Delete. */
export function ManageRows(props: { courses: ManageCourseRow[]; tests: ManageTestRow[]; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const nav = useCatalogNav();
  const [deleting, setDeleting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const exportIt = async (kind: 'course' | 'test', id: number, title: string) => {
    setError(null);
    try {
      const file = kind === 'course' ? await nav.client.exportCourse(id) : await nav.client.exportTest(id);
      downloadJson(fileNameOf(title, kind), file);
    } catch (e) {
      setError(apiErrorText(t, e));
    }
  };

  const row = (kind: 'course' | 'test', item: ManageCourseRow | ManageTestRow, meta: string) => {
    const key = `${kind}-${item.id}`;
    const open = () => nav.go(kind === 'course' ? { view: 'editCourse', courseId: item.id } : { view: 'editTest', testId: item.id });
    return (
      <li key={key} class="tg-list-row tg-manage-row" data-testid={`manage-${key}`}>
        <span class="tg-list-main">
          <button type="button" class="tg-row-link tg-list-name" data-testid={`manage-open-${key}`} onClick={open}>
            {item.title}
          </button>
          <span class="tg-muted tg-small">
            {meta} · {t('catalog.manage.updated', { when: formatWhen(lang, item.updatedAt) })}
          </span>
        </span>
        <span class="tg-chips">
          <ClosedMark item={item} />
          {item.language && <Chip>{item.language.toUpperCase()}</Chip>}
          {item.hiddenFromExtranet && <Chip tone="warning">{t('catalog.hiddenFromExtranet')}</Chip>}
          {!item.canEdit && <Chip>{t('catalog.manage.readOnly')}</Chip>}
        </span>
        <span class="tg-row-actions">
          <button type="button" class="tg-btn tg-btn-link" onClick={open} aria-label={t('catalog.manage.editNamed', { title: item.title })}>
            {item.canEdit ? t('catalog.form.edit') : t('catalog.manage.view')}
          </button>
          <button type="button" class="tg-btn tg-btn-link" data-testid={`manage-export-${key}`} aria-label={t('catalog.manage.exportNamed', { title: item.title })} onClick={() => void exportIt(kind, item.id, item.title)}>
            {t('catalog.manage.export')}
          </button>
          {item.canEdit && (
            <button type="button" class="tg-btn tg-btn-link tg-link-danger" data-testid={`manage-delete-${key}`} aria-label={t('catalog.manage.deleteNamed', { title: item.title })} onClick={() => setDeleting(key)}>
              {t('catalog.form.delete')}
            </button>
          )}
        </span>
        {deleting === key && (
          <DeleteContent
            kind={kind}
            id={item.id}
            title={item.title}
            version={item.version}
            onCancel={() => setDeleting(null)}
            onDeleted={() => {
              setDeleting(null);
              props.onChanged();
            }}
          />
        )}
      </li>
    );
  };

  return (
    <>
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="manage-courses-title">
        <h3 class="tg-group-title" id="manage-courses-title">
          {t('catalog.courses')} <span class="tg-muted">{props.courses.length}</span>
        </h3>
        {props.courses.length === 0 ? (
          <p class="tg-muted tg-intro">{t('catalog.manage.noCourses')}</p>
        ) : (
          <ul class="tg-list" data-testid="manage-courses">
            {props.courses.map((c) => row('course', c, `${countOf(t, lang, 'units', c.unitsCount)} · ${countOf(t, lang, 'lessons', c.lessonsCount)}`))}
          </ul>
        )}
      </section>
      <section aria-labelledby="manage-tests-title">
        <h3 class="tg-group-title" id="manage-tests-title">
          {t('catalog.tests')} <span class="tg-muted">{props.tests.length}</span>
        </h3>
        {props.tests.length === 0 ? (
          <p class="tg-muted tg-intro">{t('catalog.manage.noTests')}</p>
        ) : (
          <ul class="tg-list" data-testid="manage-tests">
            {props.tests.map((x) => row('test', x, countOf(t, lang, 'questions', x.questionsCount)))}
          </ul>
        )}
      </section>
    </>
  );
}
