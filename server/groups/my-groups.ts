import { windowPosition, type WindowPosition } from './closed-content';
import { askBitrix24, portalEndpoint, type GroupsCaller, type GroupsDeps } from './group-access';
import { originOf, workgroupUrl } from './group-card';
import { findGroupByWorkgroup } from './groups-repository';
import { openMembershipOf } from './members-repository';
import { readMyGroups, type MyGroupsRows } from './my-groups-repository';
import { runnerOf, type RunStatement } from '../db/driver-query';

/** One group of "My groups" as the reply has it (groups-schemas.ts MyGroup). */
interface MyGroup {
  id: number;
  name: string;
  description: string;
  accessStartsOn: string | null;
  accessEndsOn: string | null;
  window: WindowPosition;
  joinedAt: string;
  content: MyGroupsRows['groups'][number]['content'];
}

/**
 * "My groups", the personal account of every role (issue 9, part 8): current and upcoming groups
 * with their courses and tests, app invitations to accept or decline, and Bitrix24 invitations with
 * the workgroup to open. Groups whose access window is over are left out.
 */
export async function myGroups(deps: GroupsDeps, caller: GroupsCaller, run: RunStatement = runnerOf(deps.db)) {
  const now = deps.now();
  const rows = await readMyGroups(deps.db, caller.portalId, caller.userId, now, run);
  // The portal's address only for the rare Bitrix24 invitation (a link to its workgroup): one statement less on every other request.
  const origin = rows.invitations.some((i) => i.kind === 'workgroup') ? originOf((await portalEndpoint(deps.db, caller.portalId)).clientEndpoint) : '';
  // Each group once, into its list, built whole (a spread per group went through V8's slow object-clone path).
  const current: MyGroup[] = [];
  const upcoming: MyGroup[] = [];
  for (const g of rows.groups) {
    const window = windowPosition(now, g.accessStartsOn, g.accessEndsOn, g.timeZone);
    if (window === 'after') continue;
    const group = { id: g.id, name: g.name, description: g.description, accessStartsOn: g.accessStartsOn, accessEndsOn: g.accessEndsOn, window, joinedAt: g.joinedAt, content: g.content };
    (window === 'open' ? current : upcoming).push(group);
  }
  return {
    current,
    upcoming,
    invitations: rows.invitations
      .filter((i) => i.kind === 'app')
      .map((i) => ({
        id: i.id,
        invitedAt: i.invitedAt,
        group: { id: i.group.id, name: i.group.name, description: i.group.description, accessStartsOn: i.group.accessStartsOn, accessEndsOn: i.group.accessEndsOn },
        invitedBy: i.invitedBy,
      })),
    workgroupInvitations: rows.invitations
      .filter((i) => i.kind === 'workgroup' && i.group.workgroupId !== null)
      .map((i) => ({
        group: { id: i.group.id, name: i.group.name },
        workgroup: { id: i.group.workgroupId!, name: i.group.name, url: workgroupUrl(origin, i.group.workgroupId!) },
        invitedAt: i.invitedAt,
      })),
  };
}

/**
 * Whether the tab offers to create a training group from this workgroup: to admins, and to app
 * moderators whom Bitrix24, asked now with their own token, names its owner (A) or moderator (E) -
 * the same question the create route asks, so the offer is never one the server then refuses.
 */
async function mayCreateFrom(deps: GroupsDeps, caller: GroupsCaller, workgroupId: number): Promise<boolean> {
  if (caller.role === 'admin') return true;
  if (caller.role !== 'moderator') return false;
  const { asked } = await askBitrix24(deps, caller);
  const role = asked.workgroups.get(workgroupId)?.role;
  return role === 'A' || role === 'E';
}

/**
 * The workgroup tab (SONET_GROUP_DETAIL_TAB, issue 9 part 9): the training group linked to this
 * workgroup as the viewer may see it - its members get their group with its courses and tests, its
 * managers a way to open its card; with no group linked, admins and moderators are offered to create
 * one from the workgroup (the create route asks Bitrix24 whether they own or moderate it); anyone
 * else is told there is nothing for them.
 */
export async function workgroupTab(deps: GroupsDeps, caller: GroupsCaller, workgroupId: number) {
  const group = await findGroupByWorkgroup(deps.db, caller.portalId, workgroupId);
  if (!group) return { state: (await mayCreateFrom(deps, caller, workgroupId)) ? ('can-create' as const) : ('nothing' as const), group: null, myGroup: null };
  const [mine, membership] = await Promise.all([myGroups(deps, caller), openMembershipOf(deps.db, caller.portalId, group.id, caller.userId)]);
  const myGroup = [...mine.current, ...mine.upcoming].find((g) => g.id === group.id) ?? null;
  const manages =
    caller.role === 'admin' || (caller.role === 'moderator' && (group.createdBy === caller.userId || membership?.workgroupRole === 'A' || membership?.workgroupRole === 'E'));
  if (manages) return { state: 'manager' as const, group: { id: group.id, name: group.name }, myGroup };
  if (myGroup) return { state: 'member' as const, group: { id: group.id, name: group.name }, myGroup };
  return { state: 'nothing' as const, group: null, myGroup: null };
}
