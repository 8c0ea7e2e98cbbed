import type { ComponentChildren } from 'preact';
import { useI18n } from '../../../i18n/i18n';
import type { AttemptResult } from '../catalog-types';
import { AttemptReview } from './attempt-review';

/** The score of a just-submitted attempt against the pass mark, what to do next (children), and its review. */
export function AttemptResultView(props: { result: AttemptResult; passMark: number; children?: ComponentChildren }) {
  const { t } = useI18n();
  const r = props.result;
  const passed = r.passed === true;
  return (
    <section class="tg-result" aria-labelledby="result-title" data-testid="attempt-result" data-passed={passed} data-score={r.score ?? ''}>
      <div class={`tg-result-head ${passed ? 'tg-result-passed' : 'tg-result-failed'}`} role="status">
        <span class="tg-result-score" data-testid="result-score">
          {r.score ?? 0}%
        </span>
        <div>
          <h3 id="result-title" class="tg-result-title" data-testid="result-verdict">
            {passed ? t('catalog.result.passed') : t('catalog.result.failed')}
          </h3>
          <p>
            {typeof r.correctCount === 'number' && typeof r.questionsCount === 'number' && t('catalog.result.correct', { n: r.correctCount, total: r.questionsCount })}{' '}
            {t('catalog.result.passMark', { mark: props.passMark })}
          </p>
        </div>
      </div>
      {props.children}
      {r.review && r.review.length > 0 && (
        <>
          <h3 class="tg-group-title">{t('catalog.review.title')}</h3>
          <AttemptReview review={r.review} />
        </>
      )}
    </section>
  );
}
