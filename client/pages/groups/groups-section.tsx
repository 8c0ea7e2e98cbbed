import '../catalog/catalog.css';
import './groups.css';
import { useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../../api';
import type { Role } from '../../boot';
import { useSectionRoute } from '../../components/use-section-route';
import { GroupCardPage } from './card/group-card-page';
import { GroupCreate } from './create/group-create';
import { groupsClient } from './groups-client';
import { GroupsNavContext, type GroupsNav, type GroupsRoute } from './groups-route';
import { GroupList } from './list/group-list';
import { PersonReportPage } from './report/person-report';
import { GroupReportPage } from './report/report-page';

/**
 * The "Training groups" section (admins and moderators): the list, creating a group, and a group's
 * card, moved between through `go`, which asks before unsaved edits are dropped. The list's search
 * is kept while the manager is on a card.
 */
export function GroupsSection(props: { api: ApiClient; role: Role }) {
  const client = useMemo(() => groupsClient(props.api), [props.api]);
  const [search, setSearch] = useState('');
  const { route, go } = useSectionRoute<GroupsRoute>({ view: 'list' });

  const nav = useMemo<GroupsNav>(() => ({ go, client, api: props.api, role: props.role }), [go, client, props.api, props.role]);
  return (
    <GroupsNavContext.Provider value={nav}>
      <div class="tg-catalog tg-groups" key={JSON.stringify(route)} data-view={route.view}>
        {route.view === 'list' && <GroupList search={search} onSearch={setSearch} />}
        {route.view === 'create' && <GroupCreate />}
        {route.view === 'card' && <GroupCardPage groupId={route.groupId} created={route.created === true} />}
        {route.view === 'report' && (route.personId ? <PersonReportPage groupId={route.groupId} personId={route.personId} /> : <GroupReportPage groupId={route.groupId} />)}
      </div>
    </GroupsNavContext.Provider>
  );
}
