import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import type { CatalogQuery } from '../catalog-client';
import { LEVEL_LABEL } from '../catalog-format';
import { LEVELS, type Level, type Topic } from '../catalog-types';

/** How long typing pauses before the search runs (Enter runs it at once). */
const SEARCH_PAUSE_MS = 350;

/** Search by words, and filter by topic and level: what Bitrix24 lists have above them. */
export function CatalogFilters(props: { query: CatalogQuery; topics: Topic[]; onChange: (query: CatalogQuery) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(props.query.q);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => setText(props.query.q), [props.query.q]);
  useEffect(() => () => clearTimer(), []);

  function clearTimer() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }
  const runSearch = (value: string) => {
    clearTimer();
    if (value.trim() !== props.query.q.trim()) props.onChange({ ...props.query, q: value });
  };

  return (
    <form
      class="tg-filters"
      role="search"
      data-testid="catalog-filters"
      onSubmit={(event) => {
        event.preventDefault();
        runSearch(text);
      }}
    >
      <div class="tg-filter tg-filter-search">
        <label class="tg-label" for="catalog-search">
          {t('catalog.filters.search')}
        </label>
        <input
          id="catalog-search"
          class="tg-input"
          type="search"
          value={text}
          placeholder={t('catalog.filters.searchPlaceholder')}
          data-testid="catalog-search"
          onInput={(event) => {
            const value = (event.currentTarget as HTMLInputElement).value;
            setText(value);
            clearTimer();
            timer.current = setTimeout(() => runSearch(value), SEARCH_PAUSE_MS);
          }}
        />
      </div>
      <div class="tg-filter">
        <label class="tg-label" for="catalog-topic">
          {t('catalog.filters.topic')}
        </label>
        <select
          id="catalog-topic"
          class="tg-input tg-select"
          data-testid="catalog-topic"
          value={props.query.topicId === null ? '' : String(props.query.topicId)}
          onChange={(event) => {
            const value = (event.currentTarget as HTMLSelectElement).value;
            props.onChange({ ...props.query, topicId: value ? Number(value) : null });
          }}
        >
          <option value="">{t('catalog.filters.anyTopic')}</option>
          {props.topics.map((topic) => (
            <option key={topic.id} value={String(topic.id)}>
              {topic.name}
            </option>
          ))}
        </select>
      </div>
      <div class="tg-filter">
        <label class="tg-label" for="catalog-level">
          {t('catalog.filters.level')}
        </label>
        <select
          id="catalog-level"
          class="tg-input tg-select"
          data-testid="catalog-level"
          value={props.query.level ?? ''}
          onChange={(event) => {
            const value = (event.currentTarget as HTMLSelectElement).value;
            props.onChange({ ...props.query, level: value ? (value as Level) : null });
          }}
        >
          <option value="">{t('catalog.filters.anyLevel')}</option>
          {LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(LEVEL_LABEL[level])}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}

export function hasFilters(query: CatalogQuery): boolean {
  return query.topicId !== null || query.level !== null || query.q.trim() !== '';
}
