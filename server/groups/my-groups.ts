import { dayOf, windowPosition } from './closed-content';
import { portalEndpoint, type GroupsCaller, type GroupsDeps } from './group-access';
import { originOf, workgroupUrl } from './group-card';
import { readMyGroups } from './group-views-repository';

/**
 * "My groups", the personal account of every role (issue 9, part 8): current and upcoming groups
 * with their courses and tests, app invitations to accept or decline, and Bitrix24 invitations with
 * the workgroup to open. Groups whose access window is over are left out.
 */
export async function myGroups(deps: GroupsDeps, caller: GroupsCaller) {
  const today = dayOf(deps.now());
  const [rows, portal] = await Promise.all([readMyGroups(deps.db, caller.portalId, caller.userId, today), portalEndpoint(deps.db, caller.portalId)]);
  const origin = originOf(portal.clientEndpoint);
  const groups = rows.groups.map((g) => ({ ...g, window: windowPosition(today, g.accessStartsOn, g.accessEndsOn) }));
  return {
    current: groups.filter((g) => g.window === 'open'),
    upcoming: groups.filter((g) => g.window === 'before'),
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
