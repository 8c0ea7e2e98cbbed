import type { Knex } from 'knex';
import { BitrixError } from '../bitrix/bitrix-errors';
import type { BitrixClient } from '../bitrix/rest-client';
import { enqueueJob } from '../jobs/job-repository';
import { PermanentJobError, type JobContext } from '../jobs/job-types';
import { getPortal } from '../tenants/portal-repository';
import { markNotified } from './invitations-repository';

/**
 * The Bitrix24 notification that announces an app invitation (im.notify.system.add with the app's
 * token), sent by a job rather than inside the inviting request: a busy Bitrix24 (503, 429) is
 * waited out and retried by the client and the worker, never by a person staring at the card.
 *
 * Never doubled: each notification carries the invitation's TAG, and Bitrix24 replaces an older
 * notification with the same tag (BITRIX24.md §5.7). So a run that dies after sending and before
 * recording `notified_at` sends again on retry and the person still sees one.
 */

export const INVITATION_NOTICE_KIND = 'group-invitation-notice';

type Payload = { invitationIds?: unknown };
export type NoticeBitrix = Pick<BitrixClient, 'batchAll'>;

/** Queues the announcement of these invitations; call it in the transaction that created them. */
export async function queueInvitationNotices(db: Knex, portalId: string, invitationIds: readonly number[]): Promise<number | null> {
  if (invitationIds.length === 0) return null;
  return enqueueJob(db, portalId, INVITATION_NOTICE_KIND, { invitationIds: [...invitationIds] }, { maxAttempts: 8 });
}

/** Batch answers whose failure is Bitrix24 being busy or broken for a moment: worth another run. */
const PASSING = new Set(['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT', 'INTERNAL_SERVER_ERROR', 'ERROR_UNEXPECTED_ANSWER', 'OVERLOAD_LIMIT']);

export function noticeMessage(groupName: string): string {
  return (
    `You are invited to the training group "${groupName}". Open the Training groups app, My groups, to accept or decline.\n` +
    `Вас пригласили в учебную группу «${groupName}». Откройте приложение «Учебные группы», раздел «Мои группы», чтобы принять или отклонить приглашение.`
  );
}

function invitationIdsOf(payload: Payload): number[] {
  const ids = Array.isArray(payload.invitationIds) ? payload.invitationIds.map(Number) : [];
  if (ids.length === 0 || ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) throw new PermanentJobError('invitationIds must be a list of invitation ids');
  return ids;
}

export function invitationNoticeHandler(deps: { bitrix: NoticeBitrix }) {
  return async (ctx: JobContext<Payload>) => {
    const ids = invitationIdsOf(ctx.payload);
    const portal = await getPortal(ctx.db, ctx.portalId);
    if (!portal || portal.state === 'uninstalled') throw new PermanentJobError('the app is not installed on this portal');
    // Still pending and not yet announced: a cancelled or answered invitation needs no notice.
    const due: Array<{ id: number; person_id: number; notification_tag: string; group_name: string }> = await ctx
      .db('group_invitations as i')
      .join('training_groups as g', function joinGroup() {
        this.on('g.portal_id', '=', 'i.portal_id').andOn('g.id', '=', 'i.group_id');
      })
      .where({ 'i.portal_id': ctx.portalId, 'i.state': 'pending', 'i.kind': 'app' })
      .whereIn('i.id', ids)
      .whereNull('i.notified_at')
      .whereNotNull('i.notification_tag')
      .whereNull('g.deleted_at')
      .orderBy('i.id')
      .select('i.id', 'i.person_id', 'i.notification_tag', 'g.name as group_name');
    if (due.length === 0) return { sent: 0, failed: 0 };

    const answers = await deps.bitrix.batchAll(
      portal,
      { kind: 'app' },
      due.map((row): [string, Record<string, unknown>] => ['im.notify.system.add', { USER_ID: Number(row.person_id), MESSAGE: noticeMessage(String(row.group_name)), TAG: row.notification_tag }]),
      { signal: ctx.signal },
    );
    const errors = Object.assign({}, ...answers.map((a) => a.errors)) as (typeof answers)[number]['errors'];
    let sent = 0;
    const passing: string[] = [];
    const refused: string[] = [];
    for (const [index, row] of due.entries()) {
      const error = errors[String(index)];
      if (!error) {
        await markNotified(ctx.db, ctx.portalId, Number(row.id));
        sent++;
      } else if (PASSING.has(error.error)) {
        passing.push(error.error);
      } else {
        // Bitrix24 will not take it (no such user, say): the invitation still waits in My groups.
        refused.push(`${row.id}: ${error.error || error.error_description}`);
      }
    }
    await ctx.reportProgress(sent, due.length, `${sent} of ${due.length} invitations announced`);
    if (passing.length > 0) throw new BitrixError(passing[0]!, `${passing.length} notifications not sent yet`, 503, 'im.notify.system.add');
    return { sent, refused };
  };
}
