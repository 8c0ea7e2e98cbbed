import { useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import { apiErrorText } from '../../../components/api-error-text';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { fileNameOf } from '../catalog-format';
import { useCatalogNav } from '../catalog-route';
import type { ManageCourse } from '../catalog-types';
import { Breadcrumbs, LoadState, ViewHeading } from '../view-parts';
import { CourseForm } from './course-form';
import { DeleteContent } from './delete-content';
import { downloadJson } from '../../../components/download';
import { focusMove } from './reorder-buttons';
import { idsOf, moveBy } from './reorder';
import { UnitAddForm } from './unit-add-form';
import { UnitCard } from './unit-card';

/** Authoring a course: its fields, its units in order (each with lessons and a test), export and delete. */
export function CourseEditor(props: { courseId: number }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const course = useResource(() => nav.client.manageCourse(props.courseId), [props.courseId]);
  const topics = useResource(() => nav.client.topics(), []);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const c = course.state.data;
  if (!c) return <LoadState resource={course.state} reload={course.reload} testId="course-editor" />;
  const topicList = topics.state.data?.topics ?? [];
  const onCourse = (reply: ManageCourse) => {
    course.set(reply);
    topics.reload(); // a unit may have created a topic
  };

  const moveUnit = async (unitId: number, step: -1 | 1) => {
    const next = moveBy(c.units, unitId, step);
    course.set({ ...c, units: next });
    setBusy(true);
    setError(null);
    focusMove(`unit-${unitId}`, step);
    try {
      course.set(await nav.client.orderUnits(c.id, c.version, idsOf(next)));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t('catalog.reorder.conflict') : apiErrorText(t, e));
      course.reload();
    } finally {
      setBusy(false);
    }
  };

  const exportIt = async () => {
    setError(null);
    try {
      downloadJson(fileNameOf(c.title, 'course'), await nav.client.exportCourse(c.id));
    } catch (e) {
      setError(apiErrorText(t, e));
    }
  };

  return (
    <div class="tg-view" data-testid="course-editor" data-course-id={c.id}>
      <Breadcrumbs
        trail={[
          { label: t('nav.catalog'), route: { view: 'list' } },
          { label: t('catalog.manage.title'), route: { view: 'manage' } },
        ]}
        current={c.title}
      />
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="course-editor-title">{c.title}</ViewHeading>
          {!c.canEdit && <p class="tg-muted">{t('catalog.manage.notYours')}</p>}
        </div>
        <div class="tg-view-actions">
          <button type="button" class="tg-btn tg-btn-light" data-testid="course-view" onClick={() => nav.go({ view: 'course', courseId: c.id })}>
            {t('catalog.manage.viewAsLearner')}
          </button>
          <button type="button" class="tg-btn tg-btn-light" data-testid="course-export" onClick={() => void exportIt()}>
            {t('catalog.manage.export')}
          </button>
          {c.canEdit && (
            <button type="button" class="tg-btn tg-btn-light tg-link-danger" data-testid="course-delete" onClick={() => setDeleting(true)}>
              {t('catalog.form.delete')}
            </button>
          )}
        </div>
      </div>
      {deleting && <DeleteContent kind="course" id={c.id} title={c.title} version={c.version} onCancel={() => setDeleting(false)} onDeleted={() => nav.go({ view: 'manage' })} />}
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid="course-editor-error">
          {error}
        </p>
      )}
      <CourseForm course={c} onSaved={(reply) => course.set(reply)} />

      <h3 class="tg-group-title tg-units-title">{t('catalog.course.units')}</h3>
      {c.units.length === 0 && !adding && <p class="tg-muted">{t('catalog.course.noUnitsYet')}</p>}
      <div class="tg-units">
        {c.units.map((unit, index) => (
          <UnitCard key={unit.id} course={c} unit={unit} index={index} topics={topicList} onCourse={onCourse} onMove={(step) => void moveUnit(unit.id, step)} reload={course.reload} busy={busy} />
        ))}
      </div>
      {c.canEdit &&
        (adding ? (
          <UnitAddForm course={c} topics={topicList} onAdded={(reply) => { onCourse(reply); setAdding(false); }} onCancel={() => setAdding(false)} />
        ) : (
          <div class="tg-actions">
            <button type="button" class="tg-btn tg-btn-primary" data-testid="unit-add-open" onClick={() => setAdding(true)}>
              + {t('catalog.unit.add')}
            </button>
          </div>
        ))}
    </div>
  );
}
