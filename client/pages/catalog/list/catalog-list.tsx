import { useState } from 'preact/hooks';
import { apiErrorText } from '../../../components/api-error-text';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import type { CatalogQuery } from '../catalog-client';
import { useCatalogNav } from '../catalog-route';
import type { CatalogCourse } from '../catalog-types';
import { LoadState } from '../view-parts';
import { CatalogEmpty } from './catalog-empty';
import { CatalogFilters, hasFilters } from './catalog-filters';
import { CourseCard } from './course-card';
import { TestCard } from './test-card';

/** Eight rows of three tiles at the frame's usual width (four of six on a wide one); "Show more" reads the next. */
const PAGE = 24;

type More = { courses: CatalogCourse[]; hasMore: boolean | null; loading: boolean; error: string | null };
const NO_MORE: More = { courses: [], hasMore: null, loading: false, error: null };

/** The catalog: what the reader may open, found by words, topic and level; 24 courses a page. */
export function CatalogList(props: { query: CatalogQuery; onQuery: (query: CatalogQuery) => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const [more, setMore] = useState<More>(NO_MORE);
  const { state, reload } = useResource(() => nav.client.catalog(props.query, PAGE, 0), [props.query]);
  const data = state.data;
  const filtered = hasFilters(props.query);

  const setQuery = (query: CatalogQuery) => {
    setMore(NO_MORE);
    props.onQuery(query);
  };

  if (data === null) return <LoadState resource={state} reload={reload} testId="catalog" />;
  const courses = [...data.courses, ...more.courses];
  const hasMore = more.hasMore ?? data.hasMore;
  const empty = courses.length === 0 && data.tests.length === 0;
  if (empty && !filtered) return <CatalogEmpty canAuthor={data.canAuthor} onLoaded={reload} />;

  const showMore = async () => {
    setMore((m) => ({ ...m, loading: true, error: null }));
    try {
      const page = await nav.client.catalog(props.query, PAGE, courses.length);
      setMore((m) => ({ courses: [...m.courses, ...page.courses], hasMore: page.hasMore, loading: false, error: null }));
    } catch (error) {
      setMore((m) => ({ ...m, loading: false, error: apiErrorText(t, error) }));
    }
  };

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
          {courses.length > 0 && (
            <section aria-labelledby="catalog-courses-title">
              <h2 class="tg-group-title" id="catalog-courses-title">
                {t('catalog.courses')} {!hasMore && <span class="tg-muted">{courses.length}</span>}
              </h2>
              <div class="tg-tiles" data-testid="catalog-courses">
                {courses.map((course) => (
                  <CourseCard key={course.id} course={course} />
                ))}
              </div>
              {more.error && (
                <p class="tg-alert tg-alert-danger" role="alert">
                  {more.error}
                </p>
              )}
              {hasMore && (
                <div class="tg-actions tg-actions-center">
                  <button type="button" class="tg-btn tg-btn-light" data-testid="catalog-more" aria-disabled={more.loading ? 'true' : undefined} onClick={() => !more.loading && void showMore()}>
                    {t('catalog.showMore', { shown: courses.length })}
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
