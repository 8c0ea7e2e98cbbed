import { useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { ConfirmPanel } from '../../../components/confirm-panel';
import { useI18n } from '../../../i18n/i18n';
import { countOf, formatMinutes, LEVEL_LABEL } from '../catalog-format';
import { useCatalogNav } from '../catalog-route';
import type { ManageCourse, ManageUnit, Topic } from '../catalog-types';
import { Chip } from '../view-parts';
import { LessonRows } from './lesson-rows';
import { ReorderButtons } from './reorder-buttons';
import { UnitEditForm } from './unit-edit-form';

/** A unit in the course editor: its header (reorder, edit in place, delete), its lessons and its test. */
export function UnitCard(props: {
  course: ManageCourse;
  unit: ManageUnit;
  index: number;
  topics: Topic[];
  onCourse: (course: ManageCourse) => void;
  onMove: (step: -1 | 1) => void;
  reload: () => void;
  busy: boolean;
}) {
  const { t, lang } = useI18n();
  const nav = useCatalogNav();
  const { unit, course } = props;
  const canEdit = course.canEdit;
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      props.onCourse(await nav.client.deleteUnit(unit.id, unit.version));
    } catch (e) {
      setError(apiErrorText(t, e));
      setBusy(false);
      setDeleting(false);
      props.reload();
    }
  };

  const addTest = async () => {
    setBusy(true);
    setError(null);
    try {
      const test = await nav.client.createUnitTest(unit.id, { title: t('catalog.unit.testTitle', { title: unit.title }), passMark: 80, attemptsAllowed: null, estimatedMinutes: 5 });
      nav.go({ view: 'editTest', testId: test.id });
    } catch (e) {
      setError(apiErrorText(t, e));
      setBusy(false);
    }
  };

  const minutes = unit.lessons.reduce((n, l) => n + l.estimatedMinutes, 0);
  return (
    <section class="tg-unit tg-unit-edit" aria-labelledby={`edit-unit-title-${unit.id}`} data-testid={`edit-unit-${unit.id}`}>
      {editing ? (
        <UnitEditForm unit={unit} topics={props.topics} onSaved={(reply) => { props.onCourse(reply); setEditing(false); }} onCancel={() => setEditing(false)} />
      ) : (
        <header class="tg-unit-head">
          <h3 class="tg-unit-title" id={`edit-unit-title-${unit.id}`}>
            <span class="tg-unit-number">{props.index + 1}</span>
            {unit.title}
          </h3>
          <div class="tg-chips">
            <Chip tone="topic">{unit.topic.name}</Chip>
            <Chip tone="level">{t(LEVEL_LABEL[unit.level])}</Chip>
            <span class="tg-small tg-muted">
              {countOf(t, lang, 'lessons', unit.lessons.length)} · {formatMinutes(t, minutes)}
            </span>
          </div>
          {canEdit && (
            <div class="tg-row-actions">
              <ReorderButtons id={`unit-${unit.id}`} name={unit.title} index={props.index} count={course.units.length} onMove={props.onMove} disabled={props.busy} />
              <button type="button" class="tg-btn tg-btn-link" data-testid={`unit-edit-${unit.id}`} onClick={() => setEditing(true)}>
                {t('catalog.form.edit')}
              </button>
              <button type="button" class="tg-btn tg-btn-link tg-link-danger" data-testid={`unit-delete-${unit.id}`} onClick={() => setDeleting(true)}>
                {t('catalog.form.delete')}
              </button>
            </div>
          )}
        </header>
      )}
      {deleting && (
        <ConfirmPanel
          testId={`unit-delete-confirm-${unit.id}`}
          danger
          busy={busy}
          title={t('catalog.delete.unitTitle', { title: unit.title })}
          confirmLabel={t('catalog.delete.yes')}
          onConfirm={() => void remove()}
          onCancel={() => setDeleting(false)}
        >
          <p>{unit.test ? t('catalog.delete.unitGoesWithTest', { lessons: countOf(t, lang, 'lessons', unit.lessons.length) }) : t('catalog.delete.unitGoes', { lessons: countOf(t, lang, 'lessons', unit.lessons.length) })}</p>
          <p>{t('catalog.delete.keptForReports')}</p>
        </ConfirmPanel>
      )}
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert">
          {error}
        </p>
      )}
      <LessonRows course={course} unit={unit} onCourse={props.onCourse} reload={props.reload} />
      {unit.test && (
        <div class="tg-lesson-row tg-test-row">
          <span class="tg-check tg-check-test" aria-hidden="true">
            ?
          </span>
          <button type="button" class="tg-row-link" data-testid={`unit-test-edit-${unit.id}`} onClick={() => nav.go({ view: 'editTest', testId: (unit.test as { id: number }).id })}>
            {t('catalog.unit.test', { title: unit.test.title })}
          </button>
        </div>
      )}
      {canEdit && (
        <div class="tg-unit-foot">
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid={`lesson-add-${unit.id}`} onClick={() => nav.go({ view: 'editLesson', courseId: course.id, unitId: unit.id, lessonId: null })}>
            + {t('catalog.lesson.add')}
          </button>
          {!unit.test && (
            <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid={`unit-test-add-${unit.id}`} aria-disabled={busy ? 'true' : undefined} onClick={() => !busy && void addTest()}>
              + {t('catalog.unit.addTest')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
