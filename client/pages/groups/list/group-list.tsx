import { useState } from 'preact/hooks';
import { EmptyState } from '../../../components/empty-state';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { ViewHeading } from '../../catalog/view-parts';
import { LoadBlock } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import { SearchBox } from '../search-box';
import { GroupRow } from './group-row';
import { LaunchSeveral } from './launch-several';
import type { ChosenGroup } from './launch-several-model';

const PAGE = 50;

/**
 * The training groups the caller manages (admins: all), found by name, with "Create group"; the
 * groups the caller may edit can be chosen (kept across searches and "Show more") and launched together.
 */
export function GroupList(props: { search: string; onSearch: (text: string) => void }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const [limit, setLimit] = useState(PAGE);
  const [chosen, setChosen] = useState<ChosenGroup[]>([]);
  const { state, reload } = useResource(() => nav.client.list({ q: props.search, limit, offset: 0 }), [props.search, limit]);
  const data = state.data;

  const create = (
    <button type="button" class="tg-btn tg-btn-success" data-testid="groups-create" onClick={() => nav.go({ view: 'create' })}>
      <span aria-hidden="true" class="tg-plus">
        +
      </span>
      {t('groups.create')}
    </button>
  );

  if (data === null) return <LoadBlock resource={state} reload={reload} testId="groups" />;
  if (data.total === 0 && !props.search) {
    return (
      <EmptyState testId="groups-empty" title={t('groups.empty.title')} hint={nav.role === 'admin' ? t('groups.empty.adminHint') : t('groups.empty.moderatorHint')}>
        <div class="tg-actions tg-actions-center">{create}</div>
      </EmptyState>
    );
  }

  const choosable = data.groups.filter((g) => g.rights.edit).map((g) => ({ id: g.id, name: g.name }));
  const offersChoice = choosable.length > 0 || chosen.length > 0;
  const toggle = (group: ChosenGroup, on: boolean) => setChosen((before) => (on ? [...before.filter((g) => g.id !== group.id), group] : before.filter((g) => g.id !== group.id)));

  return (
    <div class="tg-view" data-testid="groups-list" aria-busy={state.status === 'loading'}>
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="groups-title">{t('groups.title')}</ViewHeading>
          <p class="tg-muted tg-view-meta">{nav.role === 'admin' ? t('groups.intro.admin') : t('groups.intro.moderator')}</p>
        </div>
        <div class="tg-view-actions">{create}</div>
      </div>
      <div class="tg-list-head">
        <div class="tg-filters">
          <SearchBox label={t('groups.search')} placeholder={t('groups.searchPlaceholder')} value={props.search} onSearch={(text) => {
              setLimit(PAGE);
              props.onSearch(text);
            }} testId="groups-search" />
        </div>
      </div>
      {offersChoice && <LaunchSeveral chosen={chosen} shown={choosable} onChoose={setChosen} />}
      {state.status === 'error' && <LoadBlock resource={state} reload={reload} testId="groups" />}
      {data.groups.length === 0 ? (
        <div class="tg-nothing" data-testid="groups-nothing">
          <p>{t('groups.nothingFound', { q: props.search })}</p>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => props.onSearch('')}>
            {t('groups.clearSearch')}
          </button>
        </div>
      ) : (
        <ul class="tg-list tg-group-rows" aria-label={t('groups.title')} data-testid="groups-rows">
          {data.groups.map((group) => (
            <GroupRow
              key={group.id}
              group={group}
              choice={offersChoice ? { checked: group.rights.edit ? chosen.some((g) => g.id === group.id) : null, onToggle: (on) => toggle({ id: group.id, name: group.name }, on) } : null}
            />
          ))}
        </ul>
      )}
      {data.groups.length < data.total && (
        <div class="tg-actions tg-actions-center">
          <button type="button" class="tg-btn tg-btn-light" data-testid="groups-more" onClick={() => setLimit((n) => n + PAGE)}>
            {t('groups.showMore', { shown: data.groups.length, total: data.total })}
          </button>
        </div>
      )}
    </div>
  );
}
