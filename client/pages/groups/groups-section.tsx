import '../catalog/catalog.css';
import './groups.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../../api';
import type { Role } from '../../boot';
import { useLeaveGuard } from '../../components/leave-guard';
import { scrollFrameTop } from '../../components/scroll-frame-top';
import { useFrame } from '../../frame-connection';
import { arrival } from '../catalog/view-parts';
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
  const guard = useLeaveGuard();
  const frame = useFrame();
  const client = useMemo(() => groupsClient(props.api), [props.api]);
  const [route, setRoute] = useState<GroupsRoute>({ view: 'list' });
  const [search, setSearch] = useState('');
  const moved = useRef(false);

  const go = useCallback(
    (next: GroupsRoute) =>
      guard.leave(() => {
        moved.current = true;
        arrival.moved = true;
        setRoute(next);
      }),
    [guard],
  );
  useEffect(() => {
    if (moved.current) void scrollFrameTop(frame.state);
  }, [route]);
  useEffect(() => {
    arrival.moved = false;
    return () => {
      arrival.moved = false;
    };
  }, []);

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
