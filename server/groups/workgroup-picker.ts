import { askBitrix24, type GroupsCaller, type GroupsDeps } from './group-access';
import { decide } from './group-rights';
import { enforce } from './groups-errors';
import { pageWorkgroups } from './workgroup-bitrix';

/**
 * The "Select" picker of workgroups to create a group from (issue 9, part 2). An admin pages
 * through every workgroup (sonet_group.get); anyone else is offered only the workgroups Bitrix24
 * says they own or moderate (their own sonet_group.user.groups, one unpaged answer). Each row says
 * which training group, if any, is already linked to it.
 */
export async function pickWorkgroups(deps: GroupsDeps, caller: GroupsCaller, options: { q?: string; start: number }) {
  enforce(decide({ role: caller.role, userId: caller.userId, action: 'create', group: null }));
  const { portal, asked } = await askBitrix24(deps, caller);
  let page: { workgroups: Array<{ id: number; name: string; description: string; isExtranet: boolean; role: 'A' | 'E' | null; membersCount: number | null }>; next: number | null };
  if (caller.role === 'admin') {
    const found = await pageWorkgroups(deps.bitrix, portal, asked.actor, options);
    page = {
      workgroups: found.workgroups.map((w) => {
        const mine = asked.workgroups.get(w.id)?.role;
        return { ...w, role: mine === 'A' || mine === 'E' ? mine : null };
      }),
      next: found.next,
    };
  } else {
    const q = options.q?.trim().toLowerCase() ?? '';
    const mine = [...asked.workgroups.values()]
      .filter((w) => (w.role === 'A' || w.role === 'E') && (!q || w.name.toLowerCase().includes(q)))
      .sort((a, b) => a.name.localeCompare(b.name));
    page = { workgroups: mine.map((w) => ({ id: w.id, name: w.name, description: '', isExtranet: w.isExtranet, role: w.role as 'A' | 'E', membersCount: null })), next: null };
  }
  const ids = page.workgroups.map((w) => w.id);
  const linked = ids.length
    ? await deps.db('training_groups').where({ portal_id: caller.portalId, link_state: 'linked' }).whereNull('deleted_at').whereIn('workgroup_id', ids).select('id', 'workgroup_id')
    : [];
  const linkedBy = new Map(linked.map((r: Record<string, unknown>) => [Number(r.workgroup_id), Number(r.id)]));
  return { workgroups: page.workgroups.map((w) => ({ ...w, linkedGroupId: linkedBy.get(w.id) ?? null })), next: page.next };
}
