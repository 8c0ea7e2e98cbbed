import type { SeedGroup } from '../model';
import type { PortalState } from '../state';
import { RestError } from '../rest-errors';
import { groupVisibleTo } from '../visibility';
import { avatarUrl, fullName, intval, objectParam, type CallContext, type MethodTable } from './context';
import { memberCount } from './sonet-groups';

/** The socialnetwork.api.* controller formats dates as 'DD.MM.YYYY hh:mm:ss' (portal format), not ISO. */
function portalDate(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

const notFound = () => new RestError(400, 'SONET_CONTROLLER_WORKGROUP_NOT_FOUND', 'Workgroup not found.');

function baseFields(state: PortalState, g: SeedGroup): Record<string, unknown> {
  const rel = state.relationsOf(g.id);
  const ids = (pred: (role: string, by: string) => boolean) => rel.filter((r) => pred(r.role, r.initiatedBy)).map((r) => r.userId);
  const tags = g.keywords ? g.keywords.split(',').map((t) => t.trim()).filter(Boolean) : [];
  return {
    ID: g.id,
    ACTIVE: g.active ? 'Y' : 'N',
    SITE_ID: g.isExtranet ? 'ex' : 's1',
    SUBJECT_ID: g.subjectId,
    NAME: g.name,
    DESCRIPTION: g.description,
    KEYWORDS: g.keywords,
    CLOSED: g.closed ? 'Y' : 'N',
    VISIBLE: g.visible ? 'Y' : 'N',
    OPENED: g.opened ? 'Y' : 'N',
    DATE_CREATE: portalDate(g.dateCreate),
    DATE_UPDATE: portalDate(g.dateUpdate),
    DATE_ACTIVITY: portalDate(g.dateActivity),
    IMAGE_ID: 0,
    AVATAR_TYPE: 'folder',
    OWNER_ID: g.ownerId,
    INITIATE_PERMS: g.initiatePerms,
    NUMBER_OF_MEMBERS: memberCount(state, g.id),
    NUMBER_OF_MODERATORS: memberCount(state, g.id, ['A', 'E']),
    PROJECT: g.project ? 'Y' : 'N',
    PROJECT_DATE_START: null,
    PROJECT_DATE_FINISH: null,
    SEARCH_INDEX: `${g.name} ${g.description} ${g.keywords}`.trim(),
    LANDING: 'N',
    SCRUM_OWNER_ID: 0,
    SCRUM_MASTER_ID: 0,
    SCRUM_SPRINT_DURATION: 0,
    SCRUM_TASK_RESPONSIBLE: '',
    TYPE: g.project ? 'project' : 'group',
    MEMBERS: ids((role) => role === 'A' || role === 'E' || role === 'K'),
    CHAT_ID: 1000 + g.id,
    DIALOG_ID: `chat${1000 + g.id}`,
    ORDINARY_MEMBERS: ids((role) => role === 'K'),
    // Invited by the group and not yet accepted; a user's own join request is not an invitation.
    INVITED_MEMBERS: ids((role, by) => role === 'Z' && by === 'G'),
    MODERATOR_MEMBERS: ids((role) => role === 'E'),
    SITE_IDS: g.isExtranet ? ['s1', 'ex'] : ['s1'],
    TAGS: tags,
    DEPARTMENTS: [],
  };
}

function extras(ctx: CallContext, g: SeedGroup, select: string[], mobile: boolean): Record<string, unknown> {
  const { state } = ctx;
  const rel = state.relationsOf(g.id);
  const mine = state.relation(g.id, ctx.user.id);
  const out: Record<string, unknown> = {};
  const person = (id: number) => state.user(id);
  if (select.includes('USER_DATA')) {
    out.USER_DATA = { ROLE: mine?.role ?? false, INITIATED_BY_TYPE: mine?.initiatedBy ?? false, IS_SUBSCRIBED: mine !== undefined && mine.role !== 'Z' };
  }
  if (mobile) out.ADDITIONAL_DATA = { ROLE: mine?.role ?? '', INITIATED_BY_TYPE: mine?.initiatedBy ?? '' };
  if (select.includes('OWNER_DATA')) {
    const owner = person(g.ownerId);
    out.OWNER_DATA = { ID: g.ownerId, PHOTO: owner ? avatarUrl(ctx, owner) : '', FORMATTED_NAME: owner ? fullName(owner) : '' };
  }
  if (select.includes('PRIVACY_TYPE')) out.PRIVACY_CODE = !g.visible ? 'secret' : g.opened ? 'open' : 'closed';
  if (select.includes('LIST_OF_MEMBERS')) {
    out.LIST_OF_MEMBERS = rel
      .filter((r) => r.role !== 'Z')
      .map((r) => {
        const u = person(r.userId);
        return {
          id: r.userId, isOwner: r.role === 'A', isModerator: r.role === 'E', isScrumMaster: false, isAutoMember: false,
          name: u?.name ?? '', lastName: u?.lastName ?? '', position: u?.position ?? '', photo: u ? avatarUrl(ctx, u) : '',
        };
      });
  }
  if (select.includes('LIST_OF_MEMBERS_AWAITING_INVITE')) {
    out.LIST_OF_MEMBERS_AWAITING_INVITE = rel
      .filter((r) => r.role === 'Z' && r.initiatedBy === 'U')
      .map((r) => ({ id: r.userId, name: person(r.userId) ? fullName(person(r.userId)!) : '', photo: '' }));
  }
  if (select.includes('GROUP_MEMBERS_LIST')) {
    out.GROUP_MEMBERS_LIST = rel.map((r) => ({
      id: r.userId, invited: r.role === 'Z' && r.initiatedBy === 'G', isAwaiting: r.role === 'Z' && r.initiatedBy === 'U', isMember: r.role !== 'Z',
    }));
  }
  if (select.includes('COUNTERS')) {
    out.COUNTERS = {
      workgroup_requests_out: rel.filter((r) => r.role === 'Z' && r.initiatedBy === 'G').length,
      workgroup_requests_in: rel.filter((r) => r.role === 'Z' && r.initiatedBy === 'U').length,
    };
  }
  return out;
}

export const workgroupApiMethods: MethodTable = {
  'socialnetwork.api.workgroup.get': {
    scopes: ['socialnetwork'],
    handler: (ctx) => {
      const params = objectParam(ctx.params.params);
      const groupId = intval(params.groupId);
      if (groupId <= 0) throw new RestError(400, 'SONET_CONTROLLER_WORKGROUP_EMPTY', 'No value for the workgroup ID was provided.');
      const group = ctx.state.groups.get(groupId);
      // Admins read any group, secret ones included; others only what they may see.
      if (!group || (!ctx.isAdmin && !groupVisibleTo(ctx.state, ctx.user, group))) throw notFound();
      const select = Array.isArray(params.select) ? params.select.map((s) => String(s).toUpperCase()) : [];
      return { result: { ...baseFields(ctx.state, group), ...extras(ctx, group, select, params.mode === 'mobile') } };
    },
  },
};
