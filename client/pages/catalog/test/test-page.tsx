import { useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import { apiErrorText } from '../../../components/api-error-text';
import { scrollFrameTop } from '../../../components/scroll-frame-top';
import { useResource } from '../../../components/use-resource';
import { useFrame } from '../../../frame-connection';
import { useI18n } from '../../../i18n/i18n';
import { countOf, formatMinutes } from '../catalog-format';
import { useCatalogNav, type CatalogRoute } from '../catalog-route';
import type { Answer, AttemptResult, StartedAttempt } from '../catalog-types';
import { Breadcrumbs, Chip, LoadState, ViewHeading } from '../view-parts';
import { AttemptForm } from './attempt-form';
import { AttemptResultView } from './attempt-result';
import { AttemptsList } from './attempts-list';
import { attemptsLeft, bestScoreOf } from './test-model';

type Phase = { kind: 'intro' } | { kind: 'taking'; attempt: StartedAttempt } | { kind: 'result'; result: AttemptResult };

/**
 * A test, from its description to the result: start (or continue) an attempt, answer, submit, see
 * the score against the pass mark with the answers reviewed, retake while attempts remain, and the
 * list of one's own attempts. The server scores; the browser only learns the answers after submitting.
 */
export function TestPage(props: { testId: number }) {
  const { t, lang } = useI18n();
  const nav = useCatalogNav();
  const frame = useFrame();
  const test = useResource(() => nav.client.test(props.testId), [props.testId]);
  const attempts = useResource(() => nav.client.attempts(props.testId), [props.testId]);
  const [phase, setPhase] = useState<Phase>({ kind: 'intro' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const data = test.state.data;
  if (!data) return <LoadState resource={test.state} reload={test.reload} testId="test" />;

  const left = attemptsLeft(data.attemptsAllowed, data.attemptsUsed);
  const list = attempts.state.data?.attempts ?? [];
  const best = bestScoreOf(list);
  const passedOnce = list.some((a) => a.passed === true);

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const attempt = data.openAttempt ?? (await nav.client.startAttempt(data.id));
      setPhase({ kind: 'taking', attempt });
      void scrollFrameTop(frame.state);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'ATTEMPT_LIMIT' ? t('catalog.test.noAttemptsLeft') : apiErrorText(t, e));
      test.reload();
    } finally {
      setBusy(false);
    }
  };

  const submit = async (attempt: StartedAttempt, answers: Answer[]) => {
    setBusy(true);
    setError(null);
    try {
      const result = await nav.client.submitAttempt(attempt.id, answers);
      setPhase({ kind: 'result', result });
      test.reload();
      attempts.reload();
      void scrollFrameTop(frame.state);
    } catch (e) {
      setError(apiErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const back: CatalogRoute = data.course ? { view: 'course', courseId: data.course.id } : { view: 'list' };
  const trail: Array<{ label: string; route: CatalogRoute }> = [{ label: t('nav.catalog'), route: { view: 'list' } }];
  if (data.course) trail.push({ label: data.course.title, route: { view: 'course', courseId: data.course.id } });

  const startLabel = data.openAttempt ? t('catalog.test.continue') : list.some((a) => a.submittedAt) ? t('catalog.test.retake') : t('catalog.test.start');
  const empty = data.questions.length === 0;
  const canStart = !empty && (data.openAttempt !== null || left === null || left > 0);

  const nextSteps = (
    <>
      <div class="tg-test-status" data-testid="test-status">
        <p data-testid="attempts-left" data-left={left === null ? 'unlimited' : left}>
          {left === null ? t('catalog.test.unlimited') : t('catalog.test.attemptsLeft', { left: countOf(t, lang, 'attemptsLeft', left), total: data.attemptsAllowed as number })}
        </p>
        {best !== null && phase.kind === 'intro' && (
          <p>
            {t('catalog.test.bestScore', { score: best })} {passedOnce && <Chip tone="success">{t('catalog.test.passedChip')}</Chip>}
          </p>
        )}
      </div>
      {error && (
        <p class="tg-alert tg-alert-danger" role="alert" data-testid="test-error">
          {error}
        </p>
      )}
      <div class="tg-actions">
        {canStart ? (
          <button type="button" class="tg-btn tg-btn-success" data-testid="test-start" aria-disabled={busy ? 'true' : undefined} onClick={() => void start()}>
            {startLabel}
          </button>
        ) : (
          <p class="tg-muted" data-testid={empty ? 'test-empty' : 'test-no-attempts'}>
            {empty ? t('catalog.test.empty') : t('catalog.test.noAttemptsLeft')}
          </p>
        )}
        <button type="button" class="tg-btn tg-btn-light" data-testid="test-back" onClick={() => nav.go(back)}>
          {data.course ? t('catalog.lesson.backToCourse') : t('catalog.backToCatalog')}
        </button>
      </div>
    </>
  );

  return (
    <div class="tg-view" data-testid="test-page" data-test-id={data.id} data-phase={phase.kind}>
      <Breadcrumbs trail={trail} current={data.title} />
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="test-title">{data.title}</ViewHeading>
          <p class="tg-view-meta tg-muted">
            {[countOf(t, lang, 'questions', data.questions.length), formatMinutes(t, data.estimatedMinutes), t('catalog.test.passMarkShort', { mark: data.passMark })].join(' · ')}
          </p>
        </div>
        {data.canManage && phase.kind !== 'taking' && (
          <div class="tg-view-actions">
            <button type="button" class="tg-btn tg-btn-light" data-testid="test-edit" onClick={() => nav.go({ view: 'editTest', testId: data.id })}>
              {t('catalog.test.edit')}
            </button>
          </div>
        )}
      </div>

      {phase.kind === 'taking' ? (
        <AttemptForm
          attempt={phase.attempt}
          questions={data.questions}
          attemptsAllowed={data.attemptsAllowed}
          submitting={busy}
          error={error}
          onSubmit={(answers) => void submit(phase.attempt, answers)}
        />
      ) : (
        <>
          {phase.kind === 'intro' && data.description && <p class="tg-test-description">{data.description}</p>}
          {phase.kind === 'result' ? (
            <AttemptResultView result={phase.result} passMark={data.passMark}>
              {nextSteps}
            </AttemptResultView>
          ) : (
            nextSteps
          )}
          <AttemptsList attempts={list} />
        </>
      )}
    </div>
  );
}
