import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { countOf, formatMinutes } from '../catalog-format';
import { useCatalogNav } from '../catalog-route';
import type { CourseReply } from '../catalog-types';
import { Breadcrumbs, Chip, LoadState, ViewHeading } from '../view-parts';
import { CourseProgressBlock } from './course-progress';
import { UnitSection } from './unit-section';

/** Where to go on "Continue": the first lesson not read, else the first unit test not passed. */
export function nextStepOf(course: CourseReply): { view: 'lesson'; lessonId: number } | { view: 'test'; testId: number } | null {
  for (const unit of course.units) {
    const lesson = unit.lessons.find((l) => !l.done);
    if (lesson) return { view: 'lesson', lessonId: lesson.id };
    if (unit.test && !unit.test.passed) return { view: 'test', testId: unit.test.id };
  }
  return null;
}

/** Units shown open on arrival: all of a short course; otherwise the one to continue with and those begun. */
export function unitsOpenAtFirst(course: CourseReply, next: ReturnType<typeof nextStepOf>): Set<number> {
  if (course.units.length <= 4) return new Set(course.units.map((u) => u.id));
  const open = new Set<number>();
  for (const unit of course.units) {
    const done = unit.lessons.filter((l) => l.done).length;
    const begun = done > 0 && (done < unit.lessons.length || (unit.test !== null && !unit.test.passed));
    const holdsNext = next !== null && (next.view === 'lesson' ? unit.lessons.some((l) => l.id === next.lessonId) : unit.test?.id === next.testId);
    if (begun || holdsNext) open.add(unit.id);
  }
  if (open.size === 0 && course.units[0]) open.add(course.units[0].id);
  return open;
}

/** A course: its units in order, the reader's progress, and where to continue. */
export function CoursePage(props: { courseId: number }) {
  const { t, lang } = useI18n();
  const nav = useCatalogNav();
  const { state, reload } = useResource(() => nav.client.course(props.courseId), [props.courseId]);
  const course = state.data;
  if (!course) return <LoadState resource={state} reload={reload} testId="course" />;

  const next = nextStepOf(course);
  const started = course.progress.lessonsDone > 0 || course.progress.testsPassed > 0;
  const lessons = course.units.reduce((n, u) => n + u.lessons.length, 0);
  const openUnits = unitsOpenAtFirst(course, next);
  return (
    <div class="tg-view" data-testid="course-page" data-course-id={course.id}>
      <Breadcrumbs trail={[{ label: t('nav.catalog'), route: { view: 'list' } }]} current={course.title} />
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="course-title">{course.title}</ViewHeading>
          <p class="tg-muted tg-view-meta">
            {[countOf(t, lang, 'units', course.units.length), countOf(t, lang, 'lessons', lessons), formatMinutes(t, course.progress.minutesTotal)].join(' · ')}
            {course.hiddenFromExtranet && course.canManage && (
              <>
                {' '}
                <Chip tone="warning">{t('catalog.hiddenFromExtranet')}</Chip>
              </>
            )}
          </p>
        </div>
        <div class="tg-view-actions">
          {course.canManage && (
            <button type="button" class="tg-btn tg-btn-light" data-testid="course-edit" onClick={() => nav.go({ view: 'editCourse', courseId: course.id })}>
              {t('catalog.course.edit')}
            </button>
          )}
          {next && (
            <button
              type="button"
              class="tg-btn tg-btn-success"
              data-testid="course-continue"
              onClick={() => nav.go(next.view === 'lesson' ? { view: 'lesson', lessonId: next.lessonId } : { view: 'test', testId: next.testId })}
            >
              {started ? t('catalog.course.continue') : t('catalog.course.start')}
            </button>
          )}
        </div>
      </div>
      {course.descriptionHtml && <div class="tg-prose tg-course-description" dangerouslySetInnerHTML={{ __html: course.descriptionHtml }} />}
      <CourseProgressBlock progress={course.progress} />
      {!next && lessons > 0 && (
        <p class="tg-alert tg-alert-success" data-testid="course-complete">
          {t('catalog.course.complete')}
        </p>
      )}
      {course.units.length === 0 ? (
        <p class="tg-muted" data-testid="course-no-units">
          {t('catalog.course.noUnits')}
        </p>
      ) : (
        <div class="tg-units">
          {course.units.map((unit, index) => (
            <UnitSection key={unit.id} unit={unit} index={index} open={openUnits.has(unit.id)} />
          ))}
        </div>
      )}
    </div>
  );
}
