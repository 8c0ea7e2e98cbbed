import { useRef, useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { scrollFrameTop } from '../../../components/scroll-frame-top';
import { useResource } from '../../../components/use-resource';
import { useFrame } from '../../../frame-connection';
import { useI18n } from '../../../i18n/i18n';
import { formatMinutes } from '../catalog-format';
import { useCatalogNav } from '../catalog-route';
import { Breadcrumbs, Chip, LoadState, ViewHeading } from '../view-parts';
import { useReadToEnd } from './use-read-to-end';

type Completion = { status: 'idle' | 'saving' | 'done' } | { status: 'error'; message: string };

/**
 * A lesson as the learner reads it: the server's sanitised HTML, marked done once the reader has
 * reached its end, with the previous and next lessons.
 */
export function LessonReader(props: { lessonId: number }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const frame = useFrame();
  const { state, reload } = useResource(() => nav.client.lesson(props.lessonId), [props.lessonId]);
  const lesson = state.data;
  const [completion, setCompletion] = useState<Completion>({ status: 'idle' });
  const end = useRef<HTMLDivElement>(null);

  const complete = async () => {
    setCompletion({ status: 'saving' });
    try {
      await nav.client.completeLesson(props.lessonId);
      setCompletion({ status: 'done' });
    } catch (error) {
      setCompletion({ status: 'error', message: apiErrorText(t, error) });
    }
  };
  const alreadyDone = lesson?.done === true;
  useReadToEnd(end, lesson !== null && !alreadyDone, () => scrollFrameTop(frame.state), () => void complete());

  if (!lesson) return <LoadState resource={state} reload={reload} testId="lesson" />;
  const done = alreadyDone || completion.status === 'done';

  return (
    <article class="tg-view tg-reader" data-testid="lesson-reader" data-lesson-id={lesson.id} data-done={done}>
      <Breadcrumbs
        trail={[
          { label: t('nav.catalog'), route: { view: 'list' } },
          { label: lesson.course.title, route: { view: 'course', courseId: lesson.course.id } },
        ]}
        current={lesson.title}
      />
      <header class="tg-reader-head">
        <p class="tg-muted tg-small" data-testid="lesson-unit">
          {lesson.unit.title}
        </p>
        <ViewHeading testId="lesson-title">{lesson.title}</ViewHeading>
        <p class="tg-view-meta tg-muted">
          {formatMinutes(t, lesson.estimatedMinutes)}{' '}
          {done && (
            <Chip tone="success" testId="lesson-done-chip">
              {t('catalog.lesson.done')}
            </Chip>
          )}
        </p>
      </header>
      <div class="tg-prose tg-lesson-body" data-testid="lesson-body" dangerouslySetInnerHTML={{ __html: lesson.html }} />
      <div ref={end} class="tg-reader-end" data-testid="lesson-end" aria-hidden="true" />
      <div role="status" aria-live="polite" class="tg-reader-status" data-testid="lesson-status" data-state={done ? 'done' : completion.status}>
        {completion.status === 'done' && !alreadyDone && <p class="tg-alert tg-alert-success">{t('catalog.lesson.markedDone')}</p>}
      </div>
      {completion.status === 'error' && (
        <div class="tg-alert tg-alert-danger" role="alert" data-testid="lesson-complete-error">
          <p>
            {t('catalog.lesson.completeFailed')} {completion.message}
          </p>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => void complete()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      <nav class="tg-reader-nav" aria-label={t('catalog.lesson.navLabel')}>
        {lesson.previousLessonId !== null ? (
          <button type="button" class="tg-btn tg-btn-light" data-testid="lesson-previous" onClick={() => nav.go({ view: 'lesson', lessonId: lesson.previousLessonId as number })}>
            ← {t('catalog.lesson.previous')}
          </button>
        ) : (
          <span />
        )}
        <button type="button" class="tg-btn tg-btn-link" data-testid="lesson-back" onClick={() => nav.go({ view: 'course', courseId: lesson.course.id })}>
          {t('catalog.lesson.backToCourse')}
        </button>
        {lesson.nextLessonId !== null ? (
          <button type="button" class="tg-btn tg-btn-primary" data-testid="lesson-next" onClick={() => nav.go({ view: 'lesson', lessonId: lesson.nextLessonId as number })}>
            {t('catalog.lesson.next')} →
          </button>
        ) : (
          <button type="button" class="tg-btn tg-btn-primary" data-testid="lesson-finish" onClick={() => nav.go({ view: 'course', courseId: lesson.course.id })}>
            {t('catalog.lesson.finish')}
          </button>
        )}
      </nav>
    </article>
  );
}
