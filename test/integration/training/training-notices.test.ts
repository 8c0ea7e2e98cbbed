import type { Knex } from 'knex';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { connectLocalPortal, type ConnectedPortal } from '../../support/local-portal';
import { SEED_USERS } from '../../../server/dev-portal';
import { createAppWorker } from '../../../server/app-worker';
import { silentJobLogger, type JobContext } from '../../../server/jobs/job-types';
import { insertGroup } from '../../../server/groups/groups-repository';
import { openMembership } from '../../../server/groups/members-repository';
import type { GroupsDeps } from '../../../server/groups/group-access';
import { launchGroups } from '../../../server/training/launch-service';
import { trainingNoticeHandler } from '../../../server/training/training-notices';

/**
 * Members are told of a launch through Bitrix24 (issue 10 part 4), against the local portal: one
 * im.notify.system.add per member with the event's TAG, sent by the job, never twice - neither when
 * the job runs again, nor when a run died after sending but before recording it.
 */

describe('training notices', () => {
  let t: TestDatabase;
  let db: Knex;
  let connected: ConnectedPortal;
  let groupId: number;
  const people = [SEED_USERS.admin, SEED_USERS.moderator, SEED_USERS.employee];

  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.db;
    connected = await connectLocalPortal(db);
    const group = await insertGroup(db, connected.portal.id, { name: 'Security', description: '', accessStartsOn: null, accessEndsOn: null, createdBy: SEED_USERS.admin, workgroupId: null, isExtranet: false });
    groupId = group.id;
    for (const personId of people) await openMembership(db, connected.portal.id, groupId, personId, 'manual');
  }, 180_000);
  afterAll(async () => {
    await connected?.close();
    await t?.destroy();
  });

  const launchNotices = (key: string) => connected.local.controls.notifications().filter((n) => n.tag?.startsWith(`${key}_`));

  it('tells each member once, even when the job runs again or died before recording what it sent', async () => {
    const deps: GroupsDeps = { db, bitrix: connected.bitrix, now: () => new Date() };
    const [launch] = await launchGroups(deps, { portalId: connected.portal.id, userId: SEED_USERS.admin, role: 'admin', token: null }, [groupId], '2026-03-02');
    const key = `TG_LAUNCH_${groupId}_${launch.launchId}`;
    // The request queued the job and sent nothing itself.
    expect(launchNotices(key)).toEqual([]);

    const worker = createAppWorker({ db, bitrix: connected.bitrix, log: silentJobLogger, options: { backoffMs: () => 0 } });
    for (let round = 0; round < 5 && (await db('jobs').where({ portal_id: connected.portal.id, kind: 'training-notice', state: 'queued' }).first()); round++) await worker.runOnce();
    const job = await db('jobs').where({ portal_id: connected.portal.id, kind: 'training-notice' }).first('state', 'payload', 'result');
    expect(job).toMatchObject({ state: 'done', result: { sent: 3 } });
    expect(launchNotices(key).map((n) => n.userId).sort()).toEqual([...people].sort());
    expect(launchNotices(key)[0].message).toContain('Security');

    // The same job run again: everyone is recorded as told, nothing is sent.
    const ctx = { portalId: connected.portal.id, payload: job.payload, db, checkpoint: null, reportProgress: async () => undefined, log: silentJobLogger } as unknown as JobContext<Record<string, unknown>>;
    const handler = trainingNoticeHandler({ bitrix: connected.bitrix });
    expect(await handler(ctx)).toEqual({ sent: 0 });
    expect(launchNotices(key)).toHaveLength(3);

    // A run that died after Bitrix24 accepted but before the rows were written sends again with the
    // same TAG: the portal keeps one notification per person all the same.
    await db('training_notices').where({ portal_id: connected.portal.id, event_key: key }).delete();
    expect(await handler(ctx)).toEqual({ sent: 3 });
    expect(launchNotices(key).map((n) => n.userId).sort()).toEqual([...people].sort());
  }, 60_000);
});
