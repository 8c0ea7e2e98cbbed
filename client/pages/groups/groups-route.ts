import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../../api';
import type { Role } from '../../boot';
import type { GroupsClient } from './groups-client';

/**
 * Where the manager is inside the "Training groups" section: the list, the create form, or one
 * group's card. Kept in the section's state (the portal owns the address bar).
 */
export type GroupsRoute =
  | { view: 'list' }
  | { view: 'create' }
  | { view: 'card'; groupId: number; created?: boolean }
  // A group's training report, or one member's within it.
  | { view: 'report'; groupId: number; personId?: number };

export interface GroupsNav {
  /** Goes to `route`, asking first if a form holds unsaved edits. */
  go(route: GroupsRoute): void;
  client: GroupsClient;
  /** The session's client, for the job progress bar. */
  api: ApiClient;
  role: Role;
}

export const GroupsNavContext = createContext<GroupsNav | null>(null);

export function useGroupsNav(): GroupsNav {
  const nav = useContext(GroupsNavContext);
  if (!nav) throw new Error('useGroupsNav outside the groups section');
  return nav;
}
