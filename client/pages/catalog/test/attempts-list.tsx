import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import { formatWhen } from '../catalog-format';
import type { AttemptResult } from '../catalog-types';
import { Chip } from '../view-parts';
import { AttemptReview } from './attempt-review';

/** The learner's own attempts at a test, newest first, each with its answers on demand. */
export function AttemptsList(props: { attempts: AttemptResult[] }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  if (props.attempts.length === 0) return null;
  return (
    <section class="tg-attempts" aria-labelledby="attempts-title" data-testid="attempts-list">
      <h3 class="tg-group-title" id="attempts-title">
        {t('catalog.attempts.title')}
      </h3>
      <table class="tg-table">
        <thead>
          <tr>
            <th scope="col">{t('catalog.attempts.number')}</th>
            <th scope="col">{t('catalog.attempts.when')}</th>
            <th scope="col">{t('catalog.attempts.score')}</th>
            <th scope="col">{t('catalog.attempts.result')}</th>
            <th scope="col">
              <span class="tg-sr-only">{t('catalog.attempts.answers')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.attempts.map((a) => (
            <Fragment key={a.id}>
              <tr data-testid={`attempt-row-${a.number}`} data-passed={a.passed === null ? '' : String(a.passed)} data-score={a.score ?? ''}>
                <td>{a.number}</td>
                <td>{formatWhen(lang, a.submittedAt ?? a.startedAt)}</td>
                <td>{a.score === null ? '—' : `${a.score}%`}</td>
                <td>
                  {a.submittedAt === null ? (
                    <Chip>{t('catalog.attempts.inProgress')}</Chip>
                  ) : a.passed ? (
                    <Chip tone="success">{t('catalog.result.passedShort')}</Chip>
                  ) : (
                    <Chip tone="danger">{t('catalog.result.failedShort')}</Chip>
                  )}
                </td>
                <td class="tg-table-action">
                  {a.review && a.review.length > 0 && (
                    <button
                      type="button"
                      class="tg-btn tg-btn-link"
                      aria-expanded={open === a.id}
                      aria-controls={`attempt-review-${a.id}`}
                      onClick={() => setOpen(open === a.id ? null : a.id)}
                    >
                      {open === a.id ? t('catalog.attempts.hideAnswers') : t('catalog.attempts.showAnswers')}
                    </button>
                  )}
                </td>
              </tr>
              {open === a.id && a.review && (
                <tr id={`attempt-review-${a.id}`}>
                  <td colSpan={5}>
                    <AttemptReview review={a.review} testId={`attempt-review-${a.number}`} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}
