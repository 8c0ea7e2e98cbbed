import { createTestDatabase, type TestDatabase } from '../../support/database';
import { seedPortal } from '../../support/seed-portal';
import { setPortalState } from '../../../server/tenants/portal-repository';
import { enqueueDueRecurringJobs, RECURRING_JOBS, KEEP_FINISHED_DAYS } from '../../../server/jobs/maintenance';
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

  it('queue each recurring job once per period for every active portal, whoever ticks', async () => {
    const a = await seedPortal(t.db);
    const b = await seedPortal(t.db);
    const gone = await seedPortal(t.db);
    await setPortalState(t.db, gone.id, 'uninstalled');
    const now = Date.UTC(2026, 10, 23, 12);

    // Two processes tick in the same period; then the jobs finish; a third tick in the period queues nothing.
    const first = await Promise.all([enqueueDueRecurringJobs(t.db, now), enqueueDueRecurringJobs(t.db, now + 1000)]);
    expect(first[0] + first[1]).toBe(2 * RECURRING_JOBS.length);
    await t.db('jobs').update({ state: 'done', finished_at: new Date() });
    expect(await enqueueDueRecurringJobs(t.db, now + 3600_000)).toBe(0);

    const kinds = async (portalId: string) => (await t.db('jobs').where({ portal_id: portalId }).orderBy('kind')).map((j) => j.kind);
    expect(await kinds(a.id)).toEqual([JOB_KINDS.importPeople, JOB_KINDS.maintenance]);
    expect(await kinds(b.id)).toEqual([JOB_KINDS.importPeople, JOB_KINDS.maintenance]);
    expect(await kinds(gone.id)).toEqual([]);

    // The next day brings the next round.
    expect(await enqueueDueRecurringJobs(t.db, now + DAY)).toBe(2 * RECURRING_JOBS.length);
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
