import { useState } from 'preact/hooks';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';
import type { ImportReply } from '../catalog-types';
import { DemoPackLoader } from '../list/demo-pack-loader';
import { Breadcrumbs, LoadState, ViewHeading } from '../view-parts';
import { CreatePanel } from './create-panel';
import { ImportPanel } from './import-panel';
import { ManageRows } from './manage-rows';

type Panel = null | 'course' | 'test' | 'import' | 'demo';

/** Authoring home for admins and moderators: every course and standalone test, create, import. */
export function ManagePage() {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const [q, setQ] = useState('');
  const [panel, setPanel] = useState<Panel>(null);
  const [imported, setImported] = useState<ImportReply | null>(null);
  const lists = useResource(() => Promise.all([nav.client.manageCourses(q), nav.client.manageTests(q)]), [q]);
  const data = lists.state.data;

  const onImported = (reply: ImportReply) => {
    setPanel(null);
    setImported(reply);
    lists.reload();
  };

  return (
    <div class="tg-view" data-testid="manage-page">
      <Breadcrumbs trail={[{ label: t('nav.catalog'), route: { view: 'list' } }]} current={t('catalog.manage.title')} />
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="manage-title">{t('catalog.manage.title')}</ViewHeading>
          <p class="tg-muted tg-view-meta">{nav.role === 'admin' ? t('catalog.manage.introAdmin') : t('catalog.manage.introModerator')}</p>
        </div>
        <div class="tg-view-actions">
          <button type="button" class="tg-btn tg-btn-primary" data-testid="manage-new-course" aria-expanded={panel === 'course'} onClick={() => setPanel(panel === 'course' ? null : 'course')}>
            + {t('catalog.manage.newCourse')}
          </button>
          <button type="button" class="tg-btn tg-btn-light" data-testid="manage-new-test" aria-expanded={panel === 'test'} onClick={() => setPanel(panel === 'test' ? null : 'test')}>
            + {t('catalog.manage.newTest')}
          </button>
          <button type="button" class="tg-btn tg-btn-light" data-testid="manage-import" aria-expanded={panel === 'import'} onClick={() => setPanel(panel === 'import' ? null : 'import')}>
            {t('catalog.import.open')}
          </button>
          {nav.role === 'admin' && (
            <button type="button" class="tg-btn tg-btn-light" data-testid="manage-demo" aria-expanded={panel === 'demo'} onClick={() => setPanel(panel === 'demo' ? null : 'demo')}>
              {t('catalog.demo.open')}
            </button>
          )}
        </div>
      </div>
      {(panel === 'course' || panel === 'test') && <CreatePanel key={panel} kind={panel} onClose={() => setPanel(null)} />}
      {panel === 'import' && <ImportPanel onImported={onImported} onClose={() => setPanel(null)} />}
      {panel === 'demo' && (
        // Loading it again adds only what is missing (the other language, say): nothing twice.
        <div class="tg-panel-box" data-testid="manage-demo-panel">
          <h3 class="tg-group-title">{t('catalog.demo.open')}</h3>
          <p class="tg-muted tg-intro">{t('catalog.demo.again')}</p>
          <DemoPackLoader
            onLoaded={() => {
              setPanel(null);
              lists.reload();
            }}
          />
        </div>
      )}
      {imported && (
        <div class="tg-alert tg-alert-success" role="status" data-testid="import-done" data-created={imported.created}>
          <p>{imported.created ? t('catalog.import.created') : t('catalog.import.alreadyThere')}</p>
          <button
            type="button"
            class="tg-btn tg-btn-link"
            onClick={() => nav.go(imported.kind === 'course' ? { view: 'editCourse', courseId: imported.id } : { view: 'editTest', testId: imported.id })}
          >
            {t('catalog.import.openIt')}
          </button>
        </div>
      )}
      <form
        class="tg-filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const input = (event.currentTarget as HTMLFormElement).elements.namedItem('q') as HTMLInputElement;
          setQ(input.value.trim());
        }}
      >
        <div class="tg-filter tg-filter-search">
          <label class="tg-label" for="manage-search">
            {t('catalog.filters.search')}
          </label>
          <div class="tg-search-row">
            <input id="manage-search" name="q" class="tg-input" type="search" placeholder={t('catalog.filters.searchPlaceholder')} data-testid="manage-search" />
            <button type="submit" class="tg-btn tg-btn-light">
              {t('catalog.filters.find')}
            </button>
          </div>
        </div>
      </form>
      {!data ? (
        <LoadState resource={lists.state} reload={lists.reload} testId="manage" />
      ) : (
        <>
          {lists.state.status === 'error' && <LoadState resource={lists.state} reload={lists.reload} testId="manage" />}
          <ManageRows courses={data[0].courses} tests={data[1].tests} onChanged={lists.reload} />
        </>
      )}
    </div>
  );
}
