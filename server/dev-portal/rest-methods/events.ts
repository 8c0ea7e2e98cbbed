import type { BoundEvent } from '../model';
import type { PortalState } from '../state';
import { RestError } from '../rest-errors';
import { intval, required, type CallContext, type MethodTable } from './context';

const USER_SCOPES = ['user', 'user_basic', 'user_brief'];

/** Events the portal can send, with the scopes that make them available (null = basic). */
const EVENT_SCOPES: Record<string, string[] | null> = {
  ONAPPINSTALL: null,
  ONAPPUNINSTALL: null,
  ONAPPUPDATE: null,
  ONAPPPAYMENT: null,
  ONAPPTEST: null,
  ONAPPMETHODCONFIRM: null,
  ONOFFLINEEVENT: null,
  ONUSERADD: USER_SCOPES,
  ONSONETGROUPADD: ['sonet_group'],
  ONSONETGROUPUPDATE: ['sonet_group'],
  ONSONETGROUPDELETE: ['sonet_group'],
  ONSONETGROUPSUBJECTADD: ['sonet_group'],
  ONSONETGROUPSUBJECTUPDATE: ['sonet_group'],
  ONSONETGROUPSUBJECTDELETE: ['sonet_group'],
};

export function availableEvents(state: PortalState): string[] {
  return Object.entries(EVENT_SCOPES)
    .filter(([, scopes]) => !scopes || scopes.some((s) => state.app.scopes.includes(s)))
    .map(([name]) => name);
}

/**
 * Handler URLs must be absolute http(s) URLs. (The real portal also refuses localhost; the emulator
 * must not, because the app under test lives there.)
 */
export function checkHandlerUrl(handler: unknown, argument: string): string {
  if (typeof handler !== 'string' || handler.trim() === '') throw required(argument);
  let url: URL;
  try {
    url = new URL(handler);
  } catch {
    throw new RestError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RestError(400, 'ERROR_UNSUPPORTED_PROTOCOL', 'Unsupported event handler protocol');
  return handler;
}

function bindArgs(ctx: CallContext) {
  const name = String(ctx.params.event ?? '').toUpperCase();
  if (!name) throw required('event');
  if (!availableEvents(ctx.state).includes(name)) throw new RestError(400, 'ERROR_EVENT_NOT_FOUND', 'Event not found');
  const offline = String(ctx.params.event_type ?? 'online').toLowerCase() === 'offline';
  const authType = intval(ctx.params.auth_type);
  return { name, offline, authType };
}

const eventRow = (e: BoundEvent) => ({ event: e.event, handler: e.handler, auth_type: String(e.authType), offline: e.offline ? 1 : 0 });

export const eventMethods: MethodTable = {
  'event.bind': {
    handler: (ctx) => {
      const { name, offline, authType } = bindArgs(ctx);
      // Non-admins: online events only, and only on their own behalf (docs: event-bind.md).
      if (!ctx.isAdmin && (offline || (authType !== 0 && authType !== ctx.user.id))) throw new RestError(403, 'ACCESS_DENIED', 'Access denied!');
      const handler = offline ? '' : checkHandlerUrl(ctx.params.handler, 'handler');
      const effectiveAuth = ctx.isAdmin ? authType : ctx.user.id;
      if (ctx.state.events.some((e) => e.event === name && e.handler === handler && e.authType === effectiveAuth && e.offline === offline)) {
        throw new RestError(400, 'ERROR_HANDLER_ALREADY_EXIST', 'Handler already binded');
      }
      ctx.state.events.push({ id: ctx.state.newEventId(), event: name, handler, authType: effectiveAuth, offline, boundBy: ctx.user.id });
      return { result: true };
    },
  },
  'event.unbind': {
    handler: (ctx) => {
      const name = ctx.params.event ? String(ctx.params.event).toUpperCase() : null;
      const handler = typeof ctx.params.handler === 'string' ? ctx.params.handler : null;
      const authType = ctx.params.auth_type !== undefined ? intval(ctx.params.auth_type) : null;
      const offline = String(ctx.params.event_type ?? 'online').toLowerCase() === 'offline';
      const before = ctx.state.events.length;
      const keep = ctx.state.events.filter(
        (e) =>
          !(
            (name === null || e.event === name) &&
            (handler === null || e.handler === handler) &&
            (authType === null || e.authType === authType) &&
            e.offline === offline &&
            (ctx.isAdmin || e.boundBy === ctx.user.id)
          ),
      );
      ctx.state.events.splice(0, ctx.state.events.length, ...keep);
      return { result: { count: before - keep.length } };
    },
  },
  'event.get': {
    handler: (ctx) => ({ result: ctx.state.events.filter((e) => ctx.isAdmin || e.boundBy === ctx.user.id).map(eventRow) }),
  },
  events: {
    handler: (ctx) => ({ result: availableEvents(ctx.state) }),
  },
};
