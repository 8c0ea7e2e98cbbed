import { ConfirmPanel } from '../../../components/confirm-panel';
import { useI18n } from '../../../i18n/i18n';
import { formatMinutes } from '../catalog-format';
import { useCatalogNav } from '../catalog-route';
import type { ManageCourse, ManageLesson, ManageUnit } from '../catalog-types';
import { ReorderButtons } from './reorder-buttons';
import { useRowList } from './use-row-list';

/** The lessons of a unit in the editor: reorder, open in the lesson editor, delete after confirming. */
export function LessonRows(props: { course: ManageCourse; unit: ManageUnit; onCourse: (course: ManageCourse) => void; reload: () => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const { unit, course } = props;
  const list = useRowList(unit.lessons, { idPrefix: 'lesson', reload: props.reload });
  const { busy, error, deleting, setDeleting } = list;
  const lessons = list.rows;
  const move = (lesson: ManageLesson, step: -1 | 1) => list.move(lesson, step, async (ids) => props.onCourse(await nav.client.orderLessons(unit.id, unit.version, ids)));
  // Deleting a lesson answers no course: read it again.
  const remove = (lesson: ManageLesson) =>
    list.remove(async () => {
      await nav.client.deleteLesson(lesson.id, lesson.version);
      props.reload();
    });

  if (lessons.length === 0) {
    return (
      <p class="tg-muted tg-unit-empty" data-testid={`unit-no-lessons-${unit.id}`}>
        {t('catalog.unit.noLessons')}
      </p>
    );
  }
  return (
    <>
      <ul class="tg-lessons" aria-label={t('catalog.unit.lessonsOf', { title: unit.title })}>
        {lessons.map((lesson, index) => (
          <li key={lesson.id} class="tg-lesson-row tg-lesson-edit" data-testid={`edit-lesson-${lesson.id}`}>
            <span class="tg-lesson-number" aria-hidden="true">
              {index + 1}
            </span>
            <button type="button" class="tg-row-link" data-testid={`lesson-edit-${lesson.id}`} onClick={() => nav.go({ view: 'editLesson', courseId: course.id, unitId: unit.id, lessonId: lesson.id })}>
              {lesson.title}
            </button>
            <span class="tg-small tg-muted">{formatMinutes(t, lesson.estimatedMinutes)}</span>
            {course.canEdit && (
              <span class="tg-row-actions">
                <ReorderButtons id={`lesson-${lesson.id}`} name={lesson.title} index={index} count={lessons.length} onMove={(step) => void move(lesson, step)} disabled={busy} />
                <button type="button" class="tg-btn tg-btn-link tg-link-danger" data-testid={`lesson-delete-${lesson.id}`} onClick={() => setDeleting(lesson.id)}>
                  {t('catalog.form.delete')}
                </button>
              </span>
            )}
            {deleting === lesson.id && (
              <ConfirmPanel
                testId={`lesson-delete-confirm-${lesson.id}`}
                danger
                busy={busy}
                title={t('catalog.delete.lessonTitle', { title: lesson.title })}
                confirmLabel={t('catalog.delete.yes')}
                onConfirm={() => void remove(lesson)}
                onCancel={() => setDeleting(null)}
              >
                <p>{t('catalog.delete.lessonKept')}</p>
              </ConfirmPanel>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid={`unit-lessons-error-${unit.id}`}>
          {error}
        </p>
      )}
    </>
  );
}
