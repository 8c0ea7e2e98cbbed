import type { SeedGroup } from '../model';
import type { PortalState } from '../state';
import { matchesAll, parseFilter, sortRows, SONET_FILTER_OPS } from '../filters';
import { isoSeconds, sonetError } from '../rest-errors';
import { groupVisibleTo, isMemberRole } from '../visibility';
import { intval, objectParam, page, yes, yn, type CallContext, type MethodTable } from './context';

const SONET = ['sonet_group'];

export function memberCount(state: PortalState, groupId: number, roles = ['A', 'E', 'K']): number {
  return state.relationsOf(groupId).filter((r) => roles.includes(r.role)).length;
}

/** What filters and ORDER see of a group. */
function groupView(state: PortalState, g: SeedGroup): Record<string, unknown> {
  return {
    ID: g.id, NAME: g.name, DESCRIPTION: g.description, OWNER_ID: g.ownerId, ACTIVE: yn(g.active), VISIBLE: yn(g.visible),
    OPENED: yn(g.opened), CLOSED: yn(g.closed), PROJECT: yn(g.project), SUBJECT_ID: g.subjectId, SITE_ID: g.isExtranet ? 'ex' : 's1',
    KEYWORDS: g.keywords, DATE_CREATE: g.dateCreate, DATE_UPDATE: g.dateUpdate, DATE_ACTIVITY: g.dateActivity,
    IS_EXTRANET: yn(g.isExtranet), NUMBER_OF_MEMBERS: memberCount(state, g.id),
  };
}

/** sonet_group.get row: every scalar is a string (docs example); empty texts are null. */
export function sonetGroupRow(state: PortalState, g: SeedGroup): Record<string, unknown> {
  return {
    ID: String(g.id),
    SITE_ID: g.isExtranet ? 'ex' : 's1',
    NAME: g.name,
    DESCRIPTION: g.description || null,
    DATE_CREATE: g.dateCreate,
    DATE_UPDATE: g.dateUpdate,
    ACTIVE: yn(g.active),
    VISIBLE: yn(g.visible),
    OPENED: yn(g.opened),
    CLOSED: yn(g.closed),
    SUBJECT_ID: String(g.subjectId),
    OWNER_ID: String(g.ownerId),
    KEYWORDS: g.keywords || null,
    NUMBER_OF_MEMBERS: String(memberCount(state, g.id)),
    DATE_ACTIVITY: g.dateActivity,
    SUBJECT_NAME: 'Workgroups',
    PROJECT: yn(g.project),
    IS_EXTRANET: yn(g.isExtranet),
  };
}

function groupOrThrow(ctx: CallContext, rawId: unknown, wrongIdMessage = 'Wrong group ID'): SeedGroup {
  const id = intval(rawId);
  if (id <= 0) throw sonetError(wrongIdMessage);
  const group = ctx.state.groups.get(id);
  if (!group) throw sonetError('Socialnetwork group not found');
  return group;
}

const canManage = (ctx: CallContext, g: SeedGroup) => ctx.isAdmin || g.ownerId === ctx.user.id;

/** Fields sonet_group.create/update accept (exact upper-case keys; `~`/`=` prefixed keys are stripped). */
function applyFields(g: SeedGroup, p: Record<string, unknown>): void {
  if (typeof p.NAME === 'string' && p.NAME.trim()) g.name = p.NAME.trim();
  if (typeof p.DESCRIPTION === 'string') g.description = p.DESCRIPTION;
  if (typeof p.KEYWORDS === 'string') g.keywords = p.KEYWORDS;
  if (p.VISIBLE !== undefined) g.visible = yes(p.VISIBLE);
  if (p.OPENED !== undefined) g.opened = yes(p.OPENED);
  if (p.CLOSED !== undefined) g.closed = yes(p.CLOSED);
  if (p.PROJECT !== undefined) g.project = yes(p.PROJECT);
  if (p.ACTIVE !== undefined) g.active = yes(p.ACTIVE);
  if (p.INITIATE_PERMS === 'A' || p.INITIATE_PERMS === 'E' || p.INITIATE_PERMS === 'K') g.initiatePerms = p.INITIATE_PERMS;
}

export const sonetGroupMethods: MethodTable = {
  'sonet_group.get': {
    scopes: SONET,
    handler: (ctx) => {
      // Exact upper-case keys: a lower-case `filter`/`order` is ignored silently (§5.2).
      const p = ctx.params;
      const filter: Record<string, unknown> = { ...objectParam(p.FILTER) };
      delete filter.CHECK_PERMISSIONS;
      if (p.GROUP_ID !== undefined) filter.ID = intval(p.GROUP_ID);
      const conditions = parseFilter(filter, SONET_FILTER_OPS).filter((c) => c.field !== 'CHECK_PERMISSIONS');
      const skipCheck = p.IS_ADMIN === 'Y' && ctx.isAdmin;
      const rows = [...ctx.state.groups.values()].filter(
        (g) => (skipCheck || groupVisibleTo(ctx.state, ctx.user, g)) && matchesAll(groupView(ctx.state, g), conditions),
      );
      const orderEntries = Object.entries(objectParam(p.ORDER)).map(
        ([k, v]) => [k.toUpperCase(), String(v).toUpperCase() === 'DESC' ? 'DESC' : 'ASC'] as [string, 'ASC' | 'DESC'],
      );
      const sorted = sortRows(rows, (g) => groupView(ctx.state, g), orderEntries.length ? orderEntries : [['ID', 'DESC']]);
      const answer = page(ctx, sorted);
      return { ...answer, result: (answer.result as SeedGroup[]).map((g) => sonetGroupRow(ctx.state, g)) };
    },
  },

  'sonet_group.user.groups': {
    scopes: SONET,
    handler: (ctx) => ({
      result: ctx.state
        .groupsOfUser(ctx.user.id)
        .filter(({ relation }) => isMemberRole(relation.role))
        .map(({ group, relation }) => ({
          GROUP_ID: String(group.id),
          GROUP_NAME: group.name,
          ROLE: relation.role,
          GROUP_IMAGE_ID: '0',
          GROUP_IMAGE: '',
          ...(group.isExtranet ? { IS_EXTRANET: 'Y' } : {}),
        })),
    }),
  },

  'sonet_group.create': {
    scopes: SONET,
    handler: (ctx) => {
      const p = Object.fromEntries(Object.entries(ctx.params).filter(([k]) => !k.startsWith('~') && !k.startsWith('=')));
      if (typeof p.NAME !== 'string' || !p.NAME.trim()) throw sonetError('Incorrect input data');
      const extranet = ctx.user.userType === 'extranet';
      const now = isoSeconds(Date.now());
      const ownerId = ctx.isAdmin && intval(p.OWNER_ID) > 0 && ctx.state.user(intval(p.OWNER_ID)) ? intval(p.OWNER_ID) : ctx.user.id;
      const group: SeedGroup = {
        id: ctx.state.newGroupId(), name: '', description: '', ownerId, active: true, visible: true, opened: false, closed: false,
        project: false, isExtranet: extranet, keywords: '', initiatePerms: extranet ? 'E' : 'K', subjectId: 1,
        dateCreate: now, dateUpdate: now, dateActivity: now,
      };
      applyFields(group, p);
      // An extranet caller always creates a secret, closed extranet group (§5.3).
      if (extranet) Object.assign(group, { visible: false, opened: false });
      ctx.state.groups.set(group.id, group);
      ctx.state.relationsOf(group.id).push({ userId: ownerId, role: 'A', initiatedBy: 'G', date: now });
      ctx.hit.events.push({ event: 'ONSONETGROUPADD', data: { FIELDS: { ID: String(group.id) } } });
      return { result: group.id };
    },
  },

  'sonet_group.update': {
    scopes: SONET,
    handler: (ctx) => {
      const group = groupOrThrow(ctx, ctx.params.GROUP_ID);
      if (!canManage(ctx, group)) throw sonetError('User has no permissions to update group');
      applyFields(group, ctx.params);
      if (ctx.isAdmin && intval(ctx.params.OWNER_ID) > 0) group.ownerId = intval(ctx.params.OWNER_ID);
      group.dateUpdate = isoSeconds(Date.now());
      ctx.hit.groupsUpdated.add(group.id);
      return { result: group.id };
    },
  },

  'sonet_group.delete': {
    scopes: SONET,
    handler: (ctx) => {
      const group = groupOrThrow(ctx, ctx.params.GROUP_ID);
      if (!canManage(ctx, group)) throw sonetError('User has no permissions to delete group');
      ctx.state.groups.delete(group.id);
      ctx.state.relations.delete(group.id);
      ctx.hit.events.push({ event: 'ONSONETGROUPDELETE', data: { FIELDS: { ID: String(group.id) } } });
      return { result: true };
    },
  },
};

export { groupOrThrow };
