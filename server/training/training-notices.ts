import type { Knex } from 'knex';
import type { BitrixClient } from '../bitrix/rest-client';
import { enqueueJob } from '../jobs/job-repository';
import { JOB_KINDS } from '../jobs/job-kinds';
import { PermanentJobError, type JobContext } from '../jobs/job-types';
import { getPortal } from '../tenants/portal-repository';

/**
 * Members are told of a launch, pause, resume or stop through Bitrix24 (PRODUCT.md §5), by a job
 * (jobs wait and retry; a person's request never waits on Bitrix24).
 *
 * Never twice: every event has a key naming the group and the event (TG_LAUNCH_<groupId>_<launchId>,
 * TG_PAUSE_<groupId>_<launchId>_<pauseId>, ...). A person is sent a notice only while
 * training_notices has no row for (key, person), and the row is written as soon as Bitrix24
 * accepted it, so a rerun job sends only what the last run did not. If a run dies between the
 * send and the row, the retry sends again with the SAME TAG, and Bitrix24 replaces the earlier
 * notification instead of adding one. The TAG carries the person too: Bitrix24 keeps one
 * notification per TAG for the whole app, so a TAG shared by all members would leave only the last.
 */

export type NoticeEvent = 'launch' | 'pause' | 'resume' | 'stop';

export interface NoticePayload {
  groupId: number;
  launchId: number;
  event: NoticeEvent;
  eventKey: string;
  /** null: everyone with a plan in the launch. */
  personIds: number[] | null;
}

export const eventKeyOf = (event: NoticeEvent, groupId: number, launchId: number, eventId?: number) =>
  `TG_${event.toUpperCase()}_${groupId}_${launchId}${eventId === undefined ? '' : `_${eventId}`}`;

/** Queues the notice job, in the caller's transaction (it exists only if the change commits). */
export async function queueNotice(db: Knex, portalId: string, payload: NoticePayload): Promise<number> {
  return enqueueJob(db, portalId, JOB_KINDS.trainingNotice, { ...payload });
}

const MESSAGES: Record<NoticeEvent, (group: string) => string> = {
  launch: (g) => `Training has started in the group "${g}". Open the Training groups app, My groups, to see your plan.\nВ группе «${g}» началось обучение. Откройте приложение «Учебные группы», раздел «Мои группы», чтобы увидеть свой план.`,
  pause: (g) => `Your training in the group "${g}" is paused; your dates will move by the length of the pause.\nОбучение в группе «${g}» приостановлено; сроки сдвинутся на длительность паузы.`,
  resume: (g) => `Your training in the group "${g}" has resumed. Your plan's dates have moved by the length of the pause.\nОбучение в группе «${g}» возобновлено. Сроки вашего плана сдвинулись на длительность паузы.`,
  stop: (g) => `Your training in the group "${g}" has been stopped. Your results are kept.\nОбучение в группе «${g}» остановлено. Ваши результаты сохранены.`,
};

const CHUNK = 50;
type Row = Record<string, unknown>;

function payloadOf(raw: Record<string, unknown>): NoticePayload {
  const { groupId, launchId, event, eventKey, personIds } = raw as Partial<NoticePayload>;
  const ok =
    Number.isSafeInteger(groupId) &&
    Number.isSafeInteger(launchId) &&
    typeof event === 'string' &&
    event in MESSAGES &&
    typeof eventKey === 'string' &&
    (personIds === null || (Array.isArray(personIds) && personIds.every((id) => Number.isSafeInteger(id))));
  if (!ok) throw new PermanentJobError('a training notice needs groupId, launchId, event, eventKey and personIds');
  return raw as unknown as NoticePayload;
}

/** Who is still to be told: the launch's plan holders (or the people named) without a row for the key. */
async function recipients(db: Knex, portalId: string, p: NoticePayload): Promise<number[]> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `SELECT DISTINCT pp.person_id FROM personal_plans pp
     WHERE pp.portal_id = :portal AND pp.launch_id = :launch
       AND (CAST(:persons AS integer[]) IS NULL OR pp.person_id = ANY (CAST(:persons AS integer[])))
       AND NOT EXISTS (SELECT 1 FROM training_notices n WHERE n.portal_id = pp.portal_id AND n.event_key = :key AND n.person_id = pp.person_id)
     ORDER BY pp.person_id`,
    { portal: portalId, launch: p.launchId, persons: p.personIds ? `{${p.personIds.join(',')}}` : null, key: p.eventKey },
  );
  return rows.map((r) => Number(r.person_id));
}

export function trainingNoticeHandler(deps: { bitrix: Pick<BitrixClient, 'batch'> }) {
  return async (ctx: JobContext<Record<string, unknown>>) => {
    const p = payloadOf(ctx.payload);
    const portal = await getPortal(ctx.db, ctx.portalId);
    if (!portal || portal.state === 'uninstalled') throw new PermanentJobError('the app is not installed on this portal');
    const group = await ctx.db('training_groups').where({ portal_id: ctx.portalId, id: p.groupId }).first('name');
    if (!group) return { sent: 0 };
    const message = MESSAGES[p.event](String(group.name));
    const people = await recipients(ctx.db, ctx.portalId, p);
    let sent = 0;
    let failed = 0;
    for (let from = 0; from < people.length; from += CHUNK) {
      const chunk = people.slice(from, from + CHUNK);
      const answer = await deps.bitrix.batch(
        portal,
        { kind: 'app' },
        chunk.map((personId): [string, Record<string, unknown>] => ['im.notify.system.add', { USER_ID: personId, MESSAGE: message, TAG: `${p.eventKey}_${personId}` }]),
      );
      // `false` (no such user, or not active) is an answer too: nobody to tell, nothing to retry.
      const done = chunk.filter((_, index) => !answer.errors[String(index)]);
      failed += chunk.length - done.length;
      if (done.length > 0) {
        await ctx.db.raw(
          `INSERT INTO training_notices (portal_id, event_key, person_id) SELECT ?, ?, x FROM unnest(CAST(? AS integer[])) AS x ON CONFLICT DO NOTHING`,
          [ctx.portalId, p.eventKey, `{${done.join(',')}}`],
        );
      }
      sent += done.length;
      await ctx.reportProgress(from + chunk.length, people.length, null);
    }
    // The job retries; the people already told are skipped then.
    if (failed > 0) throw new Error(`${failed} of ${people.length} training notices were refused by Bitrix24`);
    return { sent };
  };
}
