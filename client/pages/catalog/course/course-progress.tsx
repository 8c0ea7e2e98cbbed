import { ProgressBar } from '../../../components/progress-bar';
import { useI18n } from '../../../i18n/i18n';
import { formatMinutes } from '../catalog-format';
import type { CourseProgress } from '../catalog-types';

/** How far the reader is in a course: lessons read (the bar), tests passed, time left. */
export function CourseProgressBlock(props: { progress: CourseProgress }) {
  const { t } = useI18n();
  const p = props.progress;
  const left = Math.max(0, p.minutesTotal - p.minutesDone);
  return (
    <div class="tg-course-progress" data-testid="course-progress" data-done={p.lessonsDone} data-total={p.lessonsTotal}>
      <ProgressBar
        value={p.lessonsDone}
        max={p.lessonsTotal}
        label={t('catalog.progress.label')}
        text={t('catalog.progress.lessons', { done: p.lessonsDone, total: p.lessonsTotal })}
        testId="course-progress-bar"
      />
      <p class="tg-course-progress-text">
        <span data-testid="course-progress-lessons">{t('catalog.progress.lessons', { done: p.lessonsDone, total: p.lessonsTotal })}</span>
        {p.testsTotal > 0 && <span data-testid="course-progress-tests">{t('catalog.progress.tests', { done: p.testsPassed, total: p.testsTotal })}</span>}
        {left > 0 && <span class="tg-muted">{t('catalog.progress.left', { time: formatMinutes(t, left) })}</span>}
      </p>
    </div>
  );
}
