import { useI18n } from '../../../i18n/i18n';
import { countOf, formatMinutes, LEVEL_LABEL } from '../catalog-format';
import { useCatalogNav } from '../catalog-route';
import type { CourseUnit } from '../catalog-types';
import { attemptsLeft } from '../test/test-model';
import { Chip } from '../view-parts';

/**
 * One unit of a course as the learner sees it: topic and level, lessons with done marks, its test.
 * A long course reads as a list of units: each opens (a native disclosure, keyboard-ready) to its
 * lessons; the one to continue with starts open.
 */
export function UnitSection(props: { unit: CourseUnit; index: number; open: boolean }) {
  const { t, lang } = useI18n();
  const nav = useCatalogNav();
  const u = props.unit;
  const test = u.test;
  const left = test ? attemptsLeft(test.attemptsAllowed, test.attemptsUsed) : null;
  const done = u.lessons.filter((l) => l.done).length;
  const complete = done === u.lessons.length && (!test || test.passed);
  return (
    <details class={`tg-unit tg-unit-learn${complete ? ' tg-unit-complete' : ''}`} open={props.open} data-testid={`unit-${u.id}`}>
      <summary class="tg-unit-head">
        <h3 class="tg-unit-title" id={`unit-title-${u.id}`}>
          <span class="tg-unit-number">{complete ? '✓' : props.index + 1}</span>
          {u.title}
        </h3>
        <span class="tg-chips">
          <Chip tone="topic">{u.topic.name}</Chip>
          <Chip tone="level">{t(LEVEL_LABEL[u.level])}</Chip>
          <span class="tg-small tg-muted">{formatMinutes(t, u.estimatedMinutes)}</span>
        </span>
        <span class="tg-unit-count tg-small tg-muted" data-testid={`unit-progress-${u.id}`}>
          {t('catalog.unit.lessonsDone', { done, total: u.lessons.length })}
        </span>
      </summary>
      <ul class="tg-lessons">
        {u.lessons.map((lesson) => (
          <li key={lesson.id} class={`tg-lesson-row${lesson.done ? ' tg-lesson-done' : ''}`} data-testid={`lesson-row-${lesson.id}`} data-done={lesson.done}>
            <span class="tg-check" aria-hidden="true">
              {lesson.done ? '✓' : ''}
            </span>
            <button type="button" class="tg-row-link" data-testid={`lesson-open-${lesson.id}`} onClick={() => nav.go({ view: 'lesson', lessonId: lesson.id })}>
              {lesson.title}
              <span class="tg-sr-only">{lesson.done ? ` (${t('catalog.lesson.done')})` : ''}</span>
            </button>
            <span class="tg-small tg-muted">{formatMinutes(t, lesson.estimatedMinutes)}</span>
          </li>
        ))}
        {test && (
          <li class={`tg-lesson-row tg-test-row${test.passed ? ' tg-lesson-done' : ''}`} data-testid={`unit-test-${test.id}`} data-passed={test.passed}>
            <span class="tg-check tg-check-test" aria-hidden="true">
              {test.passed ? '✓' : '?'}
            </span>
            <button type="button" class="tg-row-link" data-testid={`test-open-${test.id}`} onClick={() => nav.go({ view: 'test', testId: test.id })}>
              {t('catalog.unit.test', { title: test.title })}
            </button>
            <span class="tg-chips">
              {test.passed && <Chip tone="success">{t('catalog.test.passedChip')}</Chip>}
              {test.bestScore !== null && <Chip tone={test.passed ? 'success' : 'danger'}>{t('catalog.test.bestScore', { score: test.bestScore })}</Chip>}
              {left !== null && !test.passed && test.attemptsUsed > 0 && <Chip tone={left === 0 ? 'danger' : 'muted'}>{countOf(t, lang, 'attemptsLeft', left)}</Chip>}
              <span class="tg-small tg-muted">{countOf(t, lang, 'questions', test.questionsCount)}</span>
            </span>
          </li>
        )}
      </ul>
    </details>
  );
}
