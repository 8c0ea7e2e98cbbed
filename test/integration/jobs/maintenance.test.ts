import { createTestDatabase, type TestDatabase } from '../../support/database';
import { seedPortal } from '../../support/seed-portal';
import { setPortalState } from '../../../server/tenants/portal-repository';
import { createScheduler, enqueueDueRecurringJobs, RECURRING_JOBS, KEEP_FINISHED_DAYS } from '../../../server/jobs/maintenance';
import { enqueuePeopleImport } from '../../../server/people/people-import';
import { silentJobLogger } from '../../../server/jobs/job-types';
import { createWorker } from '../../../server/jobs/worker';
import { maintenanceHandler } from '../../../server/jobs/maintenance';
import { JOB_KINDS } from '../../../server/jobs/job-kinds';

const DAY = 86_400_000;

describe('recurring jobs and daily housekeeping', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('queue the daily housekeeping once per day for every active portal, whoever ticks', async () => {
    const a = await seedPortal(t.db);
    const b = await seedPortal(t.db);
    const gone = await seedPortal(t.db);
    await setPortalState(t.db, gone.id, 'uninstalled');
    const housekeeping = RECURRING_JOBS.filter((job) => job.kind === JOB_KINDS.maintenance);
    const now = Date.UTC(2026, 10, 23, 12);

    // Two processes tick in the same period; then the jobs finish; a third tick in the period queues nothing.
    const first = await Promise.all([enqueueDueRecurringJobs(t.db, now, housekeeping), enqueueDueRecurringJobs(t.db, now + 1000, housekeeping)]);
    expect(first[0] + first[1]).toBe(2);
    await t.db('jobs').update({ state: 'done', finished_at: new Date() });
    expect(await enqueueDueRecurringJobs(t.db, now + 3600_000, housekeeping)).toBe(0);

    const kinds = async (portalId: string) => (await t.db('jobs').where({ portal_id: portalId }).orderBy('kind')).map((j) => j.kind);
    expect(await kinds(a.id)).toEqual([JOB_KINDS.maintenance]);
    expect(await kinds(b.id)).toEqual([JOB_KINDS.maintenance]);
    expect(await kinds(gone.id)).toEqual([]);

    // The next day brings the next round.
    expect(await enqueueDueRecurringJobs(t.db, now + DAY, housekeeping)).toBe(2);
    await t.db('jobs').del();
  });

  it('runs the daily people pass a day after the last full import, never on the first ticks after an install', async () => {
    await t.db('portals').del();
    const installedAt = Date.UTC(2031, 2, 10, 9);
    let clock = installedAt;
    const scheduler = createScheduler({ db: t.db, log: silentJobLogger, now: () => clock });
    const fullImports = async (portalId: string) =>
      t.db('jobs').where({ portal_id: portalId, kind: JOB_KINDS.importPeople }).orderBy('id').select('id', 'state', 'dedup_key');
    const finish = async (portalId: string, at: number) =>
      t.db('jobs').where({ portal_id: portalId, kind: JOB_KINDS.importPeople }).whereIn('state', ['queued', 'running']).update({ state: 'done', finished_at: new Date(at) });

    // Given a portal just installed, whose install queued the full import
    const portal = await seedPortal(t.db);
    await t.db('portals').where({ id: portal.id }).update({ installed_at: new Date(installedAt) });
    await enqueuePeopleImport(t.db, portal.id);
    await t.db('jobs').where({ portal_id: portal.id }).update({ created_at: new Date(installedAt) });

    // When the scheduler ticks a minute later, while the install's import runs, and again once it is done
    clock = installedAt + 60_000;
    await scheduler.tick();
    expect(await fullImports(portal.id)).toHaveLength(1);
    await finish(portal.id, installedAt + 5 * 60_000);
    clock = installedAt + 6 * 60_000;
    await scheduler.tick();
    // Then no second import starts: the next pass is due a day after the last one ended
    expect(await fullImports(portal.id)).toHaveLength(1);
    clock = installedAt + 5 * 60_000 + DAY - 1000;
    await scheduler.tick();
    expect(await fullImports(portal.id)).toHaveLength(1);

    clock = installedAt + 5 * 60_000 + DAY;
    await scheduler.tick();
    const afterADay = await fullImports(portal.id);
    expect(afterADay).toHaveLength(2);
    expect(afterADay[1]).toMatchObject({ state: 'queued', dedup_key: `${JOB_KINDS.importPeople}:all` });
    // An admin's "Import now" while it waits joins it instead of queueing a third
    await enqueuePeopleImport(t.db, portal.id);
    await scheduler.tick();
    expect(await fullImports(portal.id)).toHaveLength(2);

    // An admin's import later on moves the next daily pass to a day after it
    await finish(portal.id, clock + 60_000);
    clock += 3 * 3600_000;
    await enqueuePeopleImport(t.db, portal.id);
    await finish(portal.id, clock + 60_000);
    clock += DAY;
    await scheduler.tick();
    expect(await fullImports(portal.id)).toHaveLength(3);
    clock += 60_000;
    await scheduler.tick();
    expect(await fullImports(portal.id)).toHaveLength(4);

    // A portal with no import at all (its jobs pruned, say) gets one a day after it was installed
    const quiet = await seedPortal(t.db);
    await t.db('portals').where({ id: quiet.id }).update({ installed_at: new Date(clock - DAY + 60_000) });
    await scheduler.tick();
    expect(await fullImports(quiet.id)).toHaveLength(0);
    clock += 60_000;
    await scheduler.tick();
    expect(await fullImports(quiet.id)).toHaveLength(1);
  });

  it('maintenance prunes only its own portal, and only what is past its keeping time', async () => {
    await t.db('jobs').del(); // the jobs queued by the test above would be claimed first
    const mine = await seedPortal(t.db);
    const other = await seedPortal(t.db);
    const old = new Date(Date.now() - (KEEP_FINISHED_DAYS + 1) * DAY);
    const recent = new Date(Date.now() - 1 * DAY);
    for (const portal of [mine, other]) {
      await t.db('rest_request_log').insert([
        { portal_id: portal.id, method: 'user.get', actor: 'app', http_status: 200, duration_ms: 5, at: new Date(Date.now() - 4 * DAY) },
        { portal_id: portal.id, method: 'profile', actor: 'app', http_status: 200, duration_ms: 5, at: recent },
      ]);
      await t.db('event_inbox').insert([
        { portal_id: portal.id, event: 'ONUSERADD', payload: {}, dedup_key: `old-${portal.id}`, processed_at: old },
        { portal_id: portal.id, event: 'ONUSERADD', payload: {}, dedup_key: `new-${portal.id}`, processed_at: recent },
        { portal_id: portal.id, event: 'ONUSERADD', payload: {}, dedup_key: `open-${portal.id}`, received_at: old },
      ]);
      await t.db('jobs').insert([
        { portal_id: portal.id, kind: 'import-people', state: 'done', finished_at: old },
        { portal_id: portal.id, kind: 'import-people', state: 'failed', finished_at: recent },
      ]);
    }
    const jobId = (await t.db('jobs').insert({ portal_id: mine.id, kind: JOB_KINDS.maintenance }).returning('id'))[0].id;

    await createWorker({ db: t.db, handlers: { [JOB_KINDS.maintenance]: maintenanceHandler({ restLogDays: 3 }) } }).runOnce();

    const job = await t.db('jobs').where({ portal_id: mine.id, id: jobId }).first();
    expect(job.state).toBe('done');
    expect(job.result).toEqual({ requestLog: 1, events: 1, jobs: 1 });
    const count = async (table: string, portalId: string) => Number((await t.db(table).where({ portal_id: portalId }).count({ n: '*' }))[0]!.n);
    expect(await count('rest_request_log', mine.id)).toBe(1);
    expect(await count('event_inbox', mine.id)).toBe(2); // the recent one and the unprocessed one stay
    expect(await count('rest_request_log', other.id)).toBe(2);
    expect(await count('event_inbox', other.id)).toBe(3);
    expect(await count('jobs', other.id)).toBe(2);
  });
});
