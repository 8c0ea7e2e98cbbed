import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import type { BitrixClient } from '../bitrix/rest-client';
import { JOB_KINDS } from '../jobs/job-kinds';
import { PermanentJobError, type JobContext, type JobHandler } from '../jobs/job-types';
import type { RecurringJob } from '../jobs/maintenance';
import { getPortal } from '../tenants/portal-repository';
import { runningLaunches } from './launch-repository';
import { peopleBehind } from './progress-service';

/**
 * The weekly reminder (PRODUCT.md §5, issue 10 part 7): everyone behind their personal plan in a
 * running group gets one Bitrix24 notification (im.notify.system.add, sent by the app) naming the
 * groups they are behind in.
 *
 * Never twice for the same person and ISO week: training_reminders (migration 0057) holds a row
 * per (person, week), written in the same transaction as the job's checkpoint, right after
 * Bitrix24 accepted the chunk; a rerun or a resumed run skips whoever has a row. The week is fixed
 * by the first run and kept in the checkpoint, so a run resumed after midnight on Sunday still
 * finishes the week it began. A crash between the send and the row is covered by the TAG
 * (TG_REMIND_<week>_<person>): the retry sends the same TAG and Bitrix24 replaces the earlier
 * notification instead of adding one. Chunks go through the REST client's batch, which keeps
 * within the portal's rate limit (a job waits; it is not a person's request).
 */

const DAY = 86_400_000;

/**
 * Once a week per portal with a running launch. The scheduler's weekly periods start on Thursdays
 * (the epoch's weekday): mid-week, when there is still time to catch up before the week's due dates.
 */
export const TRAINING_RECURRING_JOBS: readonly RecurringJob[] = [
  {
    kind: JOB_KINDS.trainingReminders,
    periodMs: 7 * DAY,
    payload: {},
    portalFilter: `EXISTS (SELECT 1 FROM training_launches l WHERE l.portal_id = p.id AND l.state = 'running')`,
  },
];

/** Notifications per batch call (Bitrix24 takes at most 50 commands in one batch). */
export const REMINDERS_PER_BATCH = 50;

export interface RemindersCheckpoint {
  week: string;
  sent: number;
}

/** "2026-W10": the ISO week (Monday to Sunday, UTC) of `now`. */
export const isoWeekOf = (now: Date) => DateTime.fromJSDate(now, { zone: 'utc' }).toFormat("kkkk-'W'WW");

export const reminderTag = (week: string, personId: number) => `TG_REMIND_${week.replace('-', '_')}_${personId}`;

function message(groupNames: readonly string[]): string {
  const en = groupNames.map((n) => `"${n}"`).join(', ');
  const ru = groupNames.map((n) => `«${n}»`).join(', ');
  return (
    `You are behind your training plan in ${en}. Open the Training groups app, My groups, to see what is due this week.\n` +
    `Вы отстаёте от плана обучения в группе ${ru}. Откройте приложение «Учебные группы», раздел «Мои группы», чтобы увидеть задания этой недели.`
  );
}

/** Each person behind in some running launch, with the groups they are behind in. */
async function behindByPerson(db: Knex, portalId: string, now: Date): Promise<Map<number, number[]>> {
  const byPerson = new Map<number, number[]>();
  for (const launch of await runningLaunches(db, portalId)) {
    for (const personId of await peopleBehind(db, portalId, launch, now)) byPerson.set(personId, [...(byPerson.get(personId) ?? []), launch.groupId]);
  }
  return byPerson;
}

async function remindedIn(db: Knex, portalId: string, week: string): Promise<Set<number>> {
  const rows = await db('training_reminders').where({ portal_id: portalId, iso_week: week }).select('person_id');
  return new Set(rows.map((r: { person_id: number }) => Number(r.person_id)));
}

export function trainingRemindersHandler(deps: { bitrix: Pick<BitrixClient, 'batch'>; now?: () => Date; perBatch?: number }): JobHandler {
  const perBatch = deps.perBatch ?? REMINDERS_PER_BATCH;
  return async (ctx: JobContext<Record<string, unknown>, RemindersCheckpoint>) => {
    const portal = await getPortal(ctx.db, ctx.portalId);
    if (!portal || portal.state === 'uninstalled') throw new PermanentJobError('the app is not installed on this portal');
    const now = deps.now?.() ?? new Date();
    const week = ctx.checkpoint?.week ?? isoWeekOf(now);
    let sent = ctx.checkpoint?.sent ?? 0;
    const behind = await behindByPerson(ctx.db, ctx.portalId, now);
    const done = await remindedIn(ctx.db, ctx.portalId, week);
    const people = [...behind.keys()].filter((id) => !done.has(id)).sort((a, b) => a - b);
    const groupIds = [...new Set([...behind.values()].flat())];
    const names = new Map(
      (await ctx.db('training_groups').where({ portal_id: ctx.portalId }).whereIn('id', groupIds).select('id', 'name')).map((g: { id: number; name: string }) => [Number(g.id), String(g.name)]),
    );
    const total = sent + people.length;
    await ctx.reportProgress(sent, total, null, { week, sent });
    let failed = 0;
    for (let from = 0; from < people.length; from += perBatch) {
      ctx.signal.throwIfAborted();
      const chunk = people.slice(from, from + perBatch);
      const answer = await deps.bitrix.batch(
        portal,
        { kind: 'app' },
        chunk.map((personId): [string, Record<string, unknown>] => [
          'im.notify.system.add',
          { USER_ID: personId, MESSAGE: message(behind.get(personId)!.map((id) => names.get(id) ?? `#${id}`)), TAG: reminderTag(week, personId) },
        ]),
      );
      // `false` (no such user, or inactive) is an answer too; an error is retried by the job.
      const accepted = chunk.filter((_, index) => !answer.errors[String(index)]);
      failed += chunk.length - accepted.length;
      sent += accepted.length;
      await ctx.saveStep(
        async (trx) => {
          if (accepted.length === 0) return;
          await trx.raw(
            `INSERT INTO training_reminders (portal_id, person_id, iso_week, group_ids)
             SELECT ?, x.person_id, ?, ARRAY(SELECT jsonb_array_elements_text(x.group_ids))::bigint[]
             FROM jsonb_to_recordset(CAST(? AS jsonb)) AS x(person_id integer, group_ids jsonb)
             ON CONFLICT DO NOTHING`,
            [ctx.portalId, week, JSON.stringify(accepted.map((personId) => ({ person_id: personId, group_ids: behind.get(personId) })))],
          );
        },
        { done: sent, total, checkpoint: { week, sent } },
      );
    }
    // The job retries; whoever was reminded is skipped then.
    if (failed > 0) throw new Error(`${failed} of ${people.length} training reminders were refused by Bitrix24`);
    return { week, sent };
  };
}
