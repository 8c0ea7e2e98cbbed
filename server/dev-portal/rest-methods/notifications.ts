import { RestError, isoSeconds } from '../rest-errors';
import { intval, type CallContext, type MethodTable } from './context';

/**
 * im.notify.system.add / im.notify.personal.add (§5.7). Notifications are kept so tests and the portal
 * page can show them; a new one with the same TAG replaces the older ones (TAG is unique per app).
 */
function notify(ctx: CallContext, fromUserId: number | null) {
  const p = ctx.params;
  const userId = intval(p.USER_ID);
  if (userId <= 0) throw new RestError(400, 'USER_ID_EMPTY', "User ID can't be empty");
  const message = typeof p.MESSAGE === 'string' ? p.MESSAGE.trim() : '';
  if (!message) throw new RestError(400, 'MESSAGE_EMPTY', "Message can't be empty");
  if (p.ATTACH !== undefined && JSON.stringify(p.ATTACH).length > 60_000) throw new RestError(400, 'ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach');
  if (!ctx.state.user(userId)) return { result: false };
  const tag = typeof p.TAG === 'string' && p.TAG ? p.TAG : null;
  const list = ctx.state.notifications;
  if (tag) for (let i = list.length - 1; i >= 0; i--) if (list[i]!.tag === tag) list.splice(i, 1);
  const id = ctx.state.newNotificationId();
  list.push({
    id,
    userId,
    fromUserId,
    message,
    messageOut: typeof p.MESSAGE_OUT === 'string' ? p.MESSAGE_OUT : null,
    tag,
    subTag: typeof p.SUB_TAG === 'string' ? p.SUB_TAG : null,
    attach: p.ATTACH ?? null,
    createdAt: isoSeconds(Date.now()),
  });
  return { result: id };
}

export const notificationMethods: MethodTable = {
  'im.notify.system.add': { scopes: ['im'], handler: (ctx) => notify(ctx, null) },
  'im.notify.personal.add': { scopes: ['im'], handler: (ctx) => notify(ctx, ctx.user.id) },
};
