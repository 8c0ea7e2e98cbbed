import { useState } from 'preact/hooks';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import type { CatalogQuery } from '../catalog-client';
import { useCatalogNav } from '../catalog-route';
import { LoadState } from '../view-parts';
import { CatalogEmpty } from './catalog-empty';
import { CatalogFilters, hasFilters } from './catalog-filters';
import { CourseCard } from './course-card';
import { TestCard } from './test-card';

const PAGE = 50;

/** The catalog: what the reader may open, found by words, topic and level. */
export function CatalogList(props: { query: CatalogQuery; onQuery: (query: CatalogQuery) => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const [limit, setLimit] = useState(PAGE);
  const { state, reload } = useResource(() => nav.client.catalog(props.query, limit, 0), [props.query, limit]);
  const data = state.data;
  const filtered = hasFilters(props.query);
  const empty = data !== null && data.total === 0 && data.tests.length === 0;

  const setQuery = (query: CatalogQuery) => {
    setLimit(PAGE);
    props.onQuery(query);
  };

  if (data === null) return <LoadState resource={state} reload={reload} testId="catalog" />;
  if (empty && !filtered) return <CatalogEmpty canAuthor={data.canAuthor} onLoaded={reload} />;

  return (
    <div class="tg-catalog-list" data-testid="catalog-list" aria-busy={state.status === 'loading'}>
      <div class="tg-list-head">
        <CatalogFilters query={props.query} topics={data.topics} onChange={setQuery} />
        {data.canAuthor && (
          <button type="button" class="tg-btn tg-btn-light" data-testid="catalog-manage" onClick={() => nav.go({ view: 'manage' })}>
            {t('catalog.manage.open')}
          </button>
        )}
      </div>
      {state.status === 'error' && <LoadState resource={state} reload={reload} testId="catalog" />}

      {empty ? (
        <div class="tg-nothing" data-testid="catalog-nothing">
          <p>{t('catalog.nothingFound')}</p>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid="catalog-clear" onClick={() => setQuery({ topicId: null, level: null, q: '' })}>
            {t('catalog.filters.clear')}
          </button>
        </div>
      ) : (
        <>
          {data.courses.length > 0 && (
            <section aria-labelledby="catalog-courses-title">
              <h2 class="tg-group-title" id="catalog-courses-title">
                {t('catalog.courses')} <span class="tg-muted">{data.total}</span>
              </h2>
              <div class="tg-tiles" data-testid="catalog-courses">
                {data.courses.map((course) => (
                  <CourseCard key={course.id} course={course} />
                ))}
              </div>
              {data.courses.length < data.total && (
                <div class="tg-actions tg-actions-center">
                  <button type="button" class="tg-btn tg-btn-light" data-testid="catalog-more" onClick={() => setLimit((n) => n + PAGE)}>
                    {t('catalog.showMore', { shown: data.courses.length, total: data.total })}
                  </button>
                </div>
              )}
            </section>
          )}
          {data.tests.length > 0 && (
            <section aria-labelledby="catalog-tests-title">
              <h2 class="tg-group-title" id="catalog-tests-title">
                {t('catalog.tests')} <span class="tg-muted">{data.tests.length}</span>
              </h2>
              <div class="tg-tiles" data-testid="catalog-tests">
                {data.tests.map((test) => (
                  <TestCard key={test.id} test={test} />
                ))}
              </div>
            </section>
          )}
        </>
      )}
    </div>
  );
}
