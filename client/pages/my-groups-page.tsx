import type { ApiClient } from '../api';
import type { Role } from '../boot';
import { MyGroupsSection } from './my-groups/my-groups-section';

/** The groups the user learns in, their invitations, and each group's courses and tests (everyone). */
export function MyGroupsPage(props: { api: ApiClient; role: Role }) {
  return <MyGroupsSection api={props.api} role={props.role} />;
}
