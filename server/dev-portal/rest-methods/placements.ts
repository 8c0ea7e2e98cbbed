import type { BoundPlacement } from '../model';
import type { PortalState } from '../state';
import { RestError } from '../rest-errors';
import { argumentError } from '../rest-errors';
import { intval, objectParam, upperKeys, type MethodTable } from './context';
import { checkHandlerUrl } from './events';

/** Placement codes and the scopes each needs besides `placement` (docs: widgets/placements.md). */
const PLACEMENTS: Record<string, string[]> = {
  LEFT_MENU: [],
  REST_APP_URI: [],
  PAGE_BACKGROUND_WORKER: [],
  SONET_GROUP_DETAIL_TAB: ['sonet_group'],
  SONET_GROUP_TOOLBAR: ['sonet_group'],
  SONET_GROUP_ROBOT_DESIGNER_TOOLBAR: ['sonet_group'],
  USER_PROFILE_MENU: ['user'],
  USER_PROFILE_TOOLBAR: ['user'],
  IM_NAVIGATION: ['im'],
  IM_CONTEXT_MENU: ['im'],
  IM_TEXTAREA: ['im'],
  IM_SIDEBAR: ['im'],
  TASK_VIEW_TAB: ['task'],
  TASK_LIST_CONTEXT_MENU: ['task'],
  CALENDAR_GRIDVIEW: ['calendar'],
};

export function availablePlacements(state: PortalState): string[] {
  return Object.entries(PLACEMENTS)
    .filter(([, scopes]) => scopes.every((s) => state.app.scopes.includes(s)))
    .map(([code]) => code);
}

const adminOnly = () => new RestError(403, 'ACCESS_DENIED', 'Access denied! Administrator authorization required');

const placementRow = (p: BoundPlacement) => ({
  placement: p.placement,
  userId: p.userId,
  handler: p.handler,
  options: p.options,
  title: p.title,
  description: p.description,
  langAll: p.langAll,
});

export const placementMethods: MethodTable = {
  'placement.bind': {
    scopes: ['placement'],
    handler: (ctx) => {
      if (!ctx.isAdmin) throw adminOnly();
      const p = upperKeys(ctx.params);
      const code = String(p.PLACEMENT ?? '').toUpperCase();
      if (!code) throw argumentError('PLACEMENT');
      if (!availablePlacements(ctx.state).includes(code)) throw new RestError(400, 'ERROR_PLACEMENT_NOT_FOUND', 'Placement not found');
      const handler = checkHandlerUrl(p.HANDLER, 'HANDLER');
      // Binding the same handler twice fails; installers must check placement.get first (§5.9, §9.7).
      if (ctx.state.placements.some((x) => x.placement === code && x.handler === handler)) {
        throw new RestError(400, 'ERROR_CORE', 'Unable to set placement handler: Handler already binded');
      }
      const langAll = objectParam(p.LANG_ALL) as BoundPlacement['langAll'];
      ctx.state.placements.push({
        id: ctx.state.newPlacementId(),
        placement: code,
        handler,
        title: typeof p.TITLE === 'string' ? p.TITLE : '',
        description: typeof p.DESCRIPTION === 'string' ? p.DESCRIPTION : '',
        groupName: typeof p.GROUP_NAME === 'string' ? p.GROUP_NAME : '',
        langAll,
        options: objectParam(p.OPTIONS),
        userId: code === 'PAGE_BACKGROUND_WORKER' ? intval(p.USER_ID) : 0,
      });
      return { result: true };
    },
  },
  'placement.unbind': {
    scopes: ['placement'],
    handler: (ctx) => {
      if (!ctx.isAdmin) throw adminOnly();
      const p = upperKeys(ctx.params);
      const code = String(p.PLACEMENT ?? '').toUpperCase();
      if (!code) throw argumentError('PLACEMENT');
      const handler = typeof p.HANDLER === 'string' && p.HANDLER ? p.HANDLER : null;
      const before = ctx.state.placements.length;
      const keep = ctx.state.placements.filter((x) => !(x.placement === code && (handler === null || x.handler === handler)));
      ctx.state.placements.splice(0, ctx.state.placements.length, ...keep);
      return { result: { count: before - keep.length } };
    },
  },
  'placement.get': {
    scopes: ['placement'],
    handler: (ctx) => {
      if (!ctx.isAdmin) throw adminOnly();
      return { result: ctx.state.placements.map(placementRow) };
    },
  },
  'placement.list': {
    scopes: ['placement'],
    handler: (ctx) => ({ result: availablePlacements(ctx.state) }),
  },
};
