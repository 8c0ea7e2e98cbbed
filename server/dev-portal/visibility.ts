import type { SeedGroup, SeedUser } from './model';
import type { PortalState } from './state';

/**
 * Who sees what, as BITRIX24.md §5.1/§5.2/§5.10 describe it. Pure functions over the state, so the
 * REST methods and the portal pages agree.
 */

const MEMBER_ROLES = new Set(['A', 'E', 'K']);

/** Secret groups are hidden from non-members; extranet users see only extranet groups they belong to. */
export function groupVisibleTo(state: PortalState, viewer: SeedUser, group: SeedGroup): boolean {
  const relation = state.relation(group.id, viewer.id);
  if (viewer.userType === 'extranet') return group.isExtranet && relation !== undefined;
  return group.visible || relation !== undefined;
}

/** Everyone who is a member (A/E/K) of some group the viewer is a member of. */
export function groupmatesOf(state: PortalState, viewerId: number): Set<number> {
  const out = new Set<number>([viewerId]);
  for (const list of state.relations.values()) {
    if (!list.some((r) => r.userId === viewerId && MEMBER_ROLES.has(r.role))) continue;
    for (const r of list) if (MEMBER_ROLES.has(r.role)) out.add(r.userId);
  }
  return out;
}

/**
 * user.get visibility (src: rest/lib/api/user.php): an intranet user sees employees plus the extranet
 * users sharing a group with them; an extranet user sees only people from their groups and
 * themselves. Only an admin's ADMIN_MODE lifts this.
 */
export function userVisibilityFilter(state: PortalState, viewer: SeedUser, adminMode: boolean): (user: SeedUser) => boolean {
  if (adminMode && viewer.isAdmin) return () => true;
  let mates: Set<number> | null = null;
  const matesOf = () => (mates ??= groupmatesOf(state, viewer.id));
  if (viewer.userType === 'extranet') return (user) => matesOf().has(user.id);
  return (user) => user.userType === 'employee' || matesOf().has(user.id);
}

export const isMemberRole = (role: string) => MEMBER_ROLES.has(role);
