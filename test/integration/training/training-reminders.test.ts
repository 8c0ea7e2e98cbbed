import type { Knex } from 'knex';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { connectLocalPortal, type ConnectedPortal } from '../../support/local-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import { SEED_USERS } from '../../../server/dev-portal';
import type { BitrixClient } from '../../../server/bitrix/rest-client';
import { silentJobLogger, type JobContext } from '../../../server/jobs/job-types';
import { enqueueDueRecurringJobs } from '../../../server/jobs/maintenance';
import { insertGroup } from '../../../server/groups/groups-repository';
import type { GroupsDeps } from '../../../server/groups/group-access';
import { launchGroups } from '../../../server/training/launch-service';
import { DEFAULT_SETTINGS, saveSettingsVersioned } from '../../../server/training/training-settings-repository';
import { reminderTag, TRAINING_RECURRING_JOBS, trainingRemindersHandler, type RemindersCheckpoint } from '../../../server/training/training-reminders';

/**
 * The weekly reminders (issue 10 part 7) against the local Bitrix24 portal: the people behind their
 * plan get exactly one notification for the week, the people on track none; a run killed half-way
 * and run again sends nobody a second one; the next week reminds again.
 *
 * The group trains from Monday 2026-03-02 at 20 min/week (unit 1 due 03-07, unit 2 due 03-08); on
 * Thursday 03-12 everyone who did nothing is behind. The employee did both units: on track.
 */

const ADMIN = SEED_USERS.admin;
const BEHIND = [SEED_USERS.admin, SEED_USERS.moderator, 5, 6, 7];
const ON_TRACK = SEED_USERS.employee;

describe('training reminders', () => {
  let t: TestDatabase;
  let db: Knex;
  let connected: ConnectedPortal;
  let clock = new Date('2026-03-12T09:00:00Z');
  /** Every im.notify.system.add the handler asked for, in order. */
  const asked: Array<{ userId: number; tag: string }> = [];

  /** The REST client's batch, recording each notification; `killAfter` calls, the process "dies". */
  const recordingBitrix = (killAfter = Infinity): Pick<BitrixClient, 'batch'> => {
    let calls = 0;
    return {
      batch: (async (...args: Parameters<BitrixClient['batch']>) => {
        if (calls++ >= killAfter) throw new Error('killed');
        for (const [, params] of args[2] as Array<[string, Record<string, unknown>]>) asked.push({ userId: Number(params.USER_ID), tag: String(params.TAG) });
        return connected.bitrix.batch(...args);
      }) as BitrixClient['batch'],
    };
  };

  /** One run of the job as the worker gives it: steps in transactions, the checkpoint kept between runs. */
  let checkpoint: RemindersCheckpoint | null = null;
  const run = (bitrix: Pick<BitrixClient, 'batch'>) => {
    const ctx = {
      portalId: connected.portal.id,
      payload: {},
      db,
      get checkpoint() {
        return checkpoint;
      },
      signal: new AbortController().signal,
      log: silentJobLogger,
      reportProgress: async (_d: number, _t?: number | null, _m?: string | null, saved?: RemindersCheckpoint) => {
        if (saved) checkpoint = saved;
      },
      saveStep: async (work: (trx: Knex.Transaction) => Promise<void>, progress: { checkpoint?: RemindersCheckpoint }) => {
        await db.transaction(work);
        if (progress.checkpoint) checkpoint = progress.checkpoint;
      },
    } as unknown as JobContext;
    return trainingRemindersHandler({ bitrix, now: () => clock, perBatch: 2 })(ctx);
  };
  const portalTags = () => connected.local.controls.notifications().filter((n) => n.tag?.startsWith('TG_REMIND_'));

  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.db;
    connected = await connectLocalPortal(db);
    const portalId = connected.portal.id;
    const courseId = await seedCourse(db, portalId, ADMIN, courseFile('Security basics'));
    const group = await insertGroup(db, portalId, { name: 'Security', description: '', accessStartsOn: null, accessEndsOn: null, createdBy: ADMIN, workgroupId: null, isExtranet: false });
    await db('group_content').insert({ portal_id: portalId, group_id: group.id, course_id: courseId, attached_by: ADMIN });
    await saveSettingsVersioned(db, portalId, group.id, 0, { ...DEFAULT_SETTINGS, program: { allTopicsUpTo: 'elementary' }, timeZone: 'Europe/Moscow' }, ADMIN);
    await db.raw(
      `INSERT INTO group_members (portal_id, group_id, person_id, state, source, joined_at) SELECT ?, ?, x, 'active', 'manual', '2026-02-01T00:00:00Z' FROM unnest(CAST(? AS int[])) AS x`,
      [portalId, group.id, `{${[...BEHIND, ON_TRACK].join(',')}}`],
    );
    const deps: GroupsDeps = { db, bitrix: connected.bitrix, now: () => new Date('2026-03-01T09:00:00Z') };
    await launchGroups(deps, { portalId, userId: ADMIN, role: 'admin', token: null }, [group.id], '2026-03-02');
    // The employee read every lesson and passed unit 1's test.
    const units = await db('units').where({ portal_id: portalId, course_id: courseId }).select('id');
    const lessons = await db('lessons').where({ portal_id: portalId }).whereIn('unit_id', units.map((u: { id: number }) => u.id)).select('id');
    await db('lesson_progress').insert(lessons.map((l: { id: number }) => ({ portal_id: portalId, person_id: ON_TRACK, lesson_id: l.id, course_id: courseId })));
    const test = await db('tests').where({ portal_id: portalId }).whereIn('unit_id', units.map((u: { id: number }) => u.id)).first('id', 'title');
    await db('test_attempts').insert({ portal_id: portalId, test_id: test.id, person_id: ON_TRACK, number: 1, title_snapshot: test.title, submitted_at: clock, answers: '{}', score: 100, passed: true });
  }, 180_000);
  afterAll(async () => {
    await connected?.close();
    await t?.destroy();
  });

  it('is queued weekly for a portal with a running launch, once per period', async () => {
    const now = clock.getTime();
    expect(await enqueueDueRecurringJobs(db, now, TRAINING_RECURRING_JOBS)).toBe(1);
    expect(await enqueueDueRecurringJobs(db, now + 3_600_000, TRAINING_RECURRING_JOBS)).toBe(0);
    expect(await db('jobs').where({ portal_id: connected.portal.id, kind: 'training-reminders' }).count<{ count: string }[]>('* as count')).toEqual([{ count: 1 }]);
  });

  it('reminds each person behind once, never the one on track, even when killed half-way and run again', async () => {
    // Killed after the first batch of two: those two are recorded, the rest not yet.
    await expect(run(recordingBitrix(1))).rejects.toThrow('killed');
    expect(asked.map((a) => a.userId)).toEqual(BEHIND.slice(0, 2));
    expect(checkpoint).toEqual({ week: '2026-W11', sent: 2 });
    // The rerun resumes: only the rest are sent.
    expect(await run(recordingBitrix())).toEqual({ week: '2026-W11', sent: BEHIND.length });
    expect(asked.map((a) => a.userId)).toEqual(BEHIND);
    expect(asked.map((a) => a.tag)).toEqual(BEHIND.map((id) => reminderTag('2026-W11', id)));
    expect(portalTags().map((n) => n.userId).sort((a, b) => a - b)).toEqual(BEHIND);
    expect(portalTags()[0].message).toContain('Security');
    const rows = await db('training_reminders').where({ portal_id: connected.portal.id }).orderBy('person_id').select('person_id', 'iso_week');
    expect(rows).toEqual(BEHIND.map((id) => ({ person_id: id, iso_week: '2026-W11' })));

    // Run again the same week, from scratch (no checkpoint): nobody is sent anything.
    checkpoint = null;
    clock = new Date('2026-03-14T09:00:00Z');
    expect(await run(recordingBitrix())).toEqual({ week: '2026-W11', sent: 0 });
    expect(asked).toHaveLength(BEHIND.length);
    expect(asked.some((a) => a.userId === ON_TRACK)).toBe(false);

    // The next week they are reminded again, once each.
    checkpoint = null;
    clock = new Date('2026-03-19T09:00:00Z');
    expect(await run(recordingBitrix())).toEqual({ week: '2026-W12', sent: BEHIND.length });
    expect(asked.filter((a) => a.tag.includes('W12')).map((a) => a.userId)).toEqual(BEHIND);
  }, 60_000);
});
