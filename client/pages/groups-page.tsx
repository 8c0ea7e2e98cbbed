import type { ApiClient } from '../api';
import type { Role } from '../boot';
import { GroupsSection } from './groups/groups-section';

/** Training groups (admins and moderators): the list, creating groups, and each group's card. */
export function GroupsPage(props: { api: ApiClient; role: Role }) {
  return <GroupsSection api={props.api} role={props.role} />;
}
