import { useI18n } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/messages';
import type { ReviewItem } from '../catalog-types';
import { optionMark, type OptionMark } from './test-model';

const MARK_LABEL: Record<OptionMark, MessageKey | null> = {
  right: 'catalog.review.right',
  wrong: 'catalog.review.wrong',
  missed: 'catalog.review.missed',
  none: null,
};

const MARK_ICON: Record<OptionMark, string> = { right: '✓', wrong: '✕', missed: '✓', none: '' };

/** The answers of a submitted attempt: each question, what was chosen, and what was right. */
export function AttemptReview(props: { review: ReviewItem[]; testId?: string }) {
  const { t } = useI18n();
  return (
    <ol class="tg-review" data-testid={props.testId ?? 'attempt-review'}>
      {props.review.map((item, index) => (
        <li key={item.questionId} class={`tg-review-item ${item.correct ? 'tg-review-correct' : 'tg-review-incorrect'}`} data-correct={item.correct}>
          <p class="tg-question-text">
            <span class="tg-question-number">{index + 1}.</span> {item.text}{' '}
            <span class={item.correct ? 'tg-ok' : 'tg-error'}>{item.correct ? t('catalog.review.correct') : t('catalog.review.incorrect')}</span>
          </p>
          <ul class="tg-review-options">
            {item.options.map((option) => {
              const mark = optionMark(option.id, item.chosenOptionIds, item.correctOptionIds);
              const label = MARK_LABEL[mark];
              return (
                <li key={option.id} class={`tg-review-option tg-mark-${mark}`}>
                  <span class="tg-mark" aria-hidden="true">
                    {MARK_ICON[mark]}
                  </span>
                  <span>{option.text}</span>
                  {label && <span class="tg-small tg-mark-label">{t(label)}</span>}
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ol>
  );
}
