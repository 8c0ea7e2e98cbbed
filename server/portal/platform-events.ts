import { JOB_KINDS } from '../jobs/job-kinds';
import type { EventContext, EventRegistry } from './event-registry';
import { deletePortalData, forgetPortalCredentials, installedSince } from './uninstall';

/** A positive integer id from an event field (form bodies carry strings), or null. */
export function eventId(value: unknown): number | null {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

const fieldsOf = (data: Record<string, unknown>) =>
  (data.FIELDS && typeof data.FIELDS === 'object' ? data.FIELDS : {}) as Record<string, unknown>;

/**
 * Only a stored delivery with a verified application token gets here (event-routes.ts). Tokens
 * never come from events: ONAPPINSTALL may arrive late or not at all, so the install wizard is
 * the one source of tokens (BITRIX24.md §1.4).
 */
async function onAppInstall(ctx: EventContext): Promise<void> {
  ctx.log.info({ portalId: ctx.portal.id, event: ctx.event }, 'ONAPPINSTALL acknowledged; tokens come from the install wizard');
}

/**
 * CLEAN=1: everything of the portal is deleted; CLEAN=0: data kept for a reinstall, tokens and
 * application token dropped, open jobs cancelled. A delivery older than the latest (re)install
 * is ignored, so a late retry never wipes the credentials of a reinstall.
 */
async function onAppUninstall(ctx: EventContext): Promise<void> {
  if (await installedSince(ctx.db, ctx.portal.id, ctx.receivedAt)) {
    ctx.log.warn({ portalId: ctx.portal.id }, 'ONAPPUNINSTALL older than the latest install; ignored');
    return;
  }
  const clean = String(ctx.data.CLEAN ?? '').trim() === '1';
  if (clean) await deletePortalData(ctx.db, ctx.portal.id);
  else await forgetPortalCredentials(ctx.db, ctx.portal.id);
  ctx.forgetCachedToken();
  ctx.log.info({ portalId: ctx.portal.id, clean }, clean ? 'app uninstalled; portal data deleted' : 'app uninstalled; data kept, credentials dropped');
}

/** A new user finished registration: mirror that one person (grouping rules will hook in here too). */
async function onUserAdd(ctx: EventContext): Promise<void> {
  const userId = eventId(ctx.data.ID) ?? eventId(fieldsOf(ctx.data).ID);
  if (userId === null) {
    ctx.log.warn({ portalId: ctx.portal.id, event: ctx.event }, 'ONUSERADD without a user id; ignored');
    return;
  }
  await ctx.enqueueJob(JOB_KINDS.importPeople, { userIds: [userId] }, { dedupKey: `import-people:user:${userId}` });
}

/** A workgroup changed (membership changes fire it too, BITRIX24.md §5.5): a hint to re-read it. */
function onGroupEvent(kind: string) {
  return async (ctx: EventContext): Promise<void> => {
    const groupId = eventId(fieldsOf(ctx.data).ID);
    if (groupId === null) {
      ctx.log.warn({ portalId: ctx.portal.id, event: ctx.event }, 'workgroup event without a group id; ignored');
      return;
    }
    await ctx.enqueueJob(kind, { groupId }, { dedupKey: `${kind}:${groupId}` });
  };
}

export function registerPlatformEvents(registry: EventRegistry): EventRegistry {
  return registry
    .register('ONAPPINSTALL', onAppInstall)
    .register('ONAPPUNINSTALL', onAppUninstall, { inline: true })
    .register('ONUSERADD', onUserAdd)
    .register('ONSONETGROUPUPDATE', onGroupEvent(JOB_KINDS.workgroupSync))
    .register('ONSONETGROUPDELETE', onGroupEvent(JOB_KINDS.workgroupUnlink));
}
