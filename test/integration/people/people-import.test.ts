import { createTestDatabase, type TestDatabase } from '../../support/database';
import { connectLocalPortal, type ConnectedPortal } from '../../support/local-portal';
import { deferred, eventually } from '../../support/seed-portal';
import { SEED_GROUPS, SEED_USERS, BIG_GROUP_FIRST_USER_ID } from '../../../server/dev-portal';
import { enqueueJob, findPortalJob } from '../../../server/jobs/job-repository';
import { createWorker } from '../../../server/jobs/worker';
import { JOB_KINDS } from '../../../server/jobs/job-kinds';
import { mirrorPeopleByIds, mirrorWorkgroupPeople, type PeopleBitrix } from '../../../server/people/mirror-people';
import { peopleJobHandlers } from '../../../server/people/people-import';

// The local portal scans every user for each user.get command (~40 µs a user), so a 50-command batch
// over 10,000 users takes ~20 s there; request counts at 10,000 are checked in request-plan.test.ts.
const BIG_GROUP = 2600;

/** Imports against the local Bitrix24 portal, counting requests as Bitrix24 counts them (a batch is one). */
describe('mirroring people and departments', () => {
  let t: TestDatabase;
  let c: ConnectedPortal;
  beforeAll(async () => {
    t = await createTestDatabase();
    c = await connectLocalPortal(t.db, { bigGroupMembers: BIG_GROUP });
  }, 60_000);
  afterAll(async () => {
    await c?.close();
    await t?.destroy();
  });
  const person = (userId: number) => t.db('people').where({ portal_id: c.portal.id, user_id: userId }).first();
  const requests = () => c.local.controls.stats().restRequests;

  describe('by ids (what the workgroup mirror uses)', () => {
    it('mirrors a big workgroup with 1 sonet_group.user.get and ceil(n / 2500) batches', async () => {
      c.local.controls.resetStats();
      const progress: Array<[number, number]> = [];
      const result = await mirrorWorkgroupPeople(t.db, c.bitrix, c.portal, SEED_GROUPS.benchmark, (done, total) => void progress.push([done, total]));

      const members = result.members.length;
      expect(members).toBe(BIG_GROUP + 1); // the owner (admin) and the generated members
      expect(result).toMatchObject({ requested: members, mirrored: members, missing: [] });
      const stats = c.local.controls.stats();
      expect(stats.restRequests).toBeLessThanOrEqual(1 + Math.ceil(members / 2500));
      expect(stats.byMethod).toEqual({ 'sonet_group.user.get': 1, batch: Math.ceil(members / 2500) });
      expect(progress[progress.length - 1]).toEqual([members, members]);
      expect(progress.length).toBe(Math.ceil(members / 2500));

      expect(await person(BIG_GROUP_FIRST_USER_ID + 42)).toMatchObject({ active: true, user_type: 'employee' });
      expect(await person(SEED_USERS.admin)).toMatchObject({ name: 'Anna', last_name: 'Petrova', position: 'Managing Director', department_ids: [1] });
    }, 60_000);

    it.each([1, 51, 2501])('fetches %i people in ceil(n / 2500) requests', async (n) => {
      const ids = Array.from({ length: n }, (_, i) => BIG_GROUP_FIRST_USER_ID + i);
      c.local.controls.resetStats();
      const result = await mirrorPeopleByIds(t.db, c.bitrix, c.portal, [...ids, ...ids.slice(0, 3)]);
      expect(result.requested).toBe(n);
      expect(result.mirrored).toBe(n);
      expect(requests()).toBe(Math.ceil(n / 2500));
    }, 30_000);

    it('stores extranet and inactive people as they are, and says which ids Bitrix24 did not return', async () => {
      const result = await mirrorPeopleByIds(t.db, c.bitrix, c.portal, [SEED_USERS.extranet, 20, 987654]);
      expect(result).toEqual({ requested: 3, mirrored: 2, missing: [987654] });
      expect(await person(SEED_USERS.extranet)).toMatchObject({ user_type: 'extranet', department_ids: [] });
      expect(await person(20)).toMatchObject({ active: false });
      expect(await person(987654)).toBeUndefined();
    });

    it('asks nothing for an empty list', async () => {
      c.local.controls.resetStats();
      expect(await mirrorPeopleByIds(t.db, c.bitrix, c.portal, [])).toEqual({ requested: 0, mirrored: 0, missing: [] });
      expect(requests()).toBe(0);
    });
  });

  describe('full passes as jobs', () => {
    it('imports departments with their hierarchy', async () => {
      const id = await enqueueJob(t.db, c.portal.id, JOB_KINDS.importDepartments);
      await createWorker({ db: t.db, handlers: peopleJobHandlers({ bitrix: c.bitrix }) }).runOnce();
      const job = await findPortalJob(t.db, c.portal.id, id);
      expect(job).toMatchObject({ state: 'done', result: { imported: 9, removed: 0 }, progress: { done: 9, total: 9 } });
      const rows = await t.db('departments').where({ portal_id: c.portal.id }).orderBy('department_id');
      expect(rows.map((d) => [d.department_id, d.parent_id])).toEqual([
        [1, null], [2, 1], [3, 2], [4, 1], [5, 1], [6, 5], [7, 5], [8, 1], [9, 1],
      ]);
    });

    it('imports every user in few requests, stores who is inactive, and deactivates people it no longer finds', async () => {
      await t.db('people').insert({ portal_id: c.portal.id, user_id: 888888, name: 'Gone', active: true });
      c.local.controls.setUserActive(SEED_USERS.employee, false);
      const everyone = c.local.controls.users().length;
      c.local.controls.resetStats();

      const id = await enqueueJob(t.db, c.portal.id, JOB_KINDS.importPeople);
      await createWorker({ db: t.db, handlers: peopleJobHandlers({ bitrix: c.bitrix }) }).runOnce();

      const job = await findPortalJob(t.db, c.portal.id, id);
      const activeInPortal = c.local.controls.users().filter((user) => user.active).length;
      expect(job).toMatchObject({
        state: 'done',
        // Read, and of those active or not, as Settings shows it; plus who it no longer found
        result: { imported: everyone, active: activeInPortal, inactive: everyone - activeInPortal, deactivated: 1 },
        progress: { done: everyone, total: everyone },
      });
      expect((job?.checkpoint as { lastId: number }).lastId).toBe(Math.max(...c.local.controls.users().map((u) => u.id)));
      // One counted page, then batches of up to 50 pages of 50.
      expect(requests()).toBe(1 + Math.ceil((everyone - 50) / 2500));

      const count = await t.db('people').where({ portal_id: c.portal.id }).count<{ count: number }[]>({ count: '*' });
      expect(Number(count[0]!.count)).toBe(everyone + 1);
      expect(await person(888888)).toMatchObject({ active: false });
      expect(await person(SEED_USERS.employee)).toMatchObject({ active: false });
      expect(await person(33)).toMatchObject({ active: false });
      expect(await person(44)).toMatchObject({ user_type: 'extranet' });
      c.local.controls.setUserActive(SEED_USERS.employee, true);
    }, 60_000);

    it('mirrors only the users named in the payload (ONUSERADD)', async () => {
      const added = await c.local.controls.addUser({ name: 'Nina', lastName: 'Newcomer', position: 'Trainee', departments: [8] });
      c.local.controls.resetStats();
      const id = await enqueueJob(t.db, c.portal.id, JOB_KINDS.importPeople, { userIds: [added.id] });
      await createWorker({ db: t.db, handlers: peopleJobHandlers({ bitrix: c.bitrix }) }).runOnce();
      expect(await findPortalJob(t.db, c.portal.id, id)).toMatchObject({ state: 'done', result: { requested: 1, mirrored: 1 } });
      expect(await person(added.id)).toMatchObject({ name: 'Nina', last_name: 'Newcomer', position: 'Trainee', department_ids: [8] });
      expect(requests()).toBe(1);
    });

    it('resumes an interrupted import after the last stored id, not from the start', async () => {
      const calls: Array<{ method: string; firstCursor: unknown }> = [];
      const hang = deferred();
      let batches = 0;
      const cursorOf = (params: Record<string, unknown> | undefined) => (params?.FILTER as Record<string, unknown> | undefined)?.['>ID'];
      const recording = (hangOnSecondBatch: boolean): PeopleBitrix => ({
        call: (async (portal, actor, method, params) => {
          calls.push({ method, firstCursor: cursorOf(params) });
          return c.bitrix.call(portal, actor, method, params);
        }) as PeopleBitrix['call'],
        batch: (async (portal, actor, commands, options) => {
          const first = Array.isArray(commands) ? commands[0] : Object.values(commands)[0];
          calls.push({ method: 'batch', firstCursor: cursorOf(first?.[1]) });
          if (hangOnSecondBatch && ++batches === 2) await hang.promise; // the process dies here
          return c.bitrix.batch(portal, actor, commands, options);
        }) as PeopleBitrix['batch'],
      });

      const id = await enqueueJob(t.db, c.portal.id, JOB_KINDS.importPeople);
      const dying = createWorker({ db: t.db, handlers: peopleJobHandlers({ bitrix: recording(true) }), leaseMs: 500, heartbeatMs: 50, stopTimeoutMs: 20 });
      const run = dying.runOnce();
      await eventually(() => batches === 2);
      await dying.stop();
      const saved = (await findPortalJob(t.db, c.portal.id, id))?.checkpoint as { lastId: number; done: number };
      expect(saved.done).toBe(50 + 2500); // the counted page and one full batch
      calls.length = 0;

      const next = createWorker({ db: t.db, handlers: peopleJobHandlers({ bitrix: recording(false) }), leaseMs: 500 });
      await eventually(async () => (await next.runOnce()).jobId === id, 10_000, 100);
      expect(calls[0]).toEqual({ method: 'user.get', firstCursor: saved.lastId });
      const everyone = c.local.controls.users().length;
      expect(await findPortalJob(t.db, c.portal.id, id)).toMatchObject({ state: 'done', attempts: 2, result: { imported: everyone, deactivated: 0 } });
      hang.resolve();
      await run;
    }, 60_000);
  });
});
