import { useI18n } from '../../../i18n/i18n';
import { countOf, formatMinutes, plainText } from '../catalog-format';
import { useCatalogNav } from '../catalog-route';
import type { CatalogTest } from '../catalog-types';
import { attemptsLeft } from '../test/test-model';
import { ClosedMark } from '../../groups/closed-mark';
import { Chip } from '../view-parts';

/** A standalone test in the catalog: its size, pass mark, attempts left and the reader's best result. */
export function TestCard(props: { test: CatalogTest }) {
  const { t, lang } = useI18n();
  const nav = useCatalogNav();
  const x = props.test;
  const left = attemptsLeft(x.attemptsAllowed, x.attemptsUsed);
  return (
    <article class="tg-tile" data-testid={`test-card-${x.id}`} aria-labelledby={`test-card-title-${x.id}`}>
      <div class="tg-tile-kind">
        <span>{t('catalog.kind.test')}</span>
        {x.language && <Chip>{x.language.toUpperCase()}</Chip>}
        {x.hiddenFromExtranet && nav.role !== 'extranet' && nav.role !== 'employee' && <Chip tone="warning">{t('catalog.hiddenFromExtranet')}</Chip>}
        <ClosedMark item={x} />
      </div>
      <h3 class="tg-tile-title" id={`test-card-title-${x.id}`}>
        <button type="button" class="tg-tile-link" data-testid={`test-open-${x.id}`} onClick={() => nav.go({ view: 'test', testId: x.id })}>
          {x.title}
        </button>
      </h3>
      {x.description && <p class="tg-tile-text">{plainText(x.description)}</p>}
      <div class="tg-chips">
        {x.passed && <Chip tone="success">{t('catalog.test.passedChip')}</Chip>}
        {x.bestScore !== null && <Chip tone={x.passed ? 'success' : 'muted'}>{t('catalog.test.bestScore', { score: x.bestScore })}</Chip>}
        {left !== null && !x.passed && <Chip tone={left === 0 ? 'danger' : 'muted'}>{countOf(t, lang, 'attemptsLeft', left)}</Chip>}
      </div>
      <p class="tg-tile-meta">
        {[countOf(t, lang, 'questions', x.questionsCount), formatMinutes(t, x.estimatedMinutes), t('catalog.test.passMarkShort', { mark: x.passMark })].join(' · ')}
      </p>
    </article>
  );
}
