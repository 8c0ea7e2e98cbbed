import { createTestDatabase, type TestDatabase } from '../../support/database';
import { connectLocalPortal, type ConnectedPortal } from '../../support/local-portal';
import { enqueueJob, findPortalJob } from '../../../server/jobs/job-repository';
import { createWorker } from '../../../server/jobs/worker';
import { JOB_KINDS } from '../../../server/jobs/job-kinds';
import { rowsPerStep } from '../../../server/people/mirror-people';
import { peopleJobHandlers } from '../../../server/people/people-import';

interface Statement {
  sql: string;
  rows: number;
  transaction: string | null;
}

/**
 * On the embedded database the app has one connection: while a job writes, a launch waits. So a
 * full import writes in short steps, each its own transaction holding at most rowsPerStep() people
 * (100 there; 1,000 on PostgreSQL, where a launch has a connection of its own) and the job's
 * checkpoint, never one long transaction. Checked on the statements the import sends (knex's
 * query events), not on durations; the portal is big enough for several steps on either database.
 */
describe('a full people import writes in short steps', () => {
  let t: TestDatabase;
  let c: ConnectedPortal;
  const statements: Statement[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    c = await connectLocalPortal(t.db, { bigGroupMembers: 2100 });
    t.db.on('query', (query: { sql: string; bindings?: unknown[]; __knexTxId?: string }) => {
      const sql = query.sql.toLowerCase();
      // A row of people binds 10 values (synced_at is now()).
      const rows = sql.startsWith('insert into "people"') ? (query.bindings?.length ?? 0) / 10 : 0;
      statements.push({ sql, rows, transaction: query.__knexTxId ?? null });
    });
  }, 60_000);
  afterAll(async () => {
    await c?.close();
    await t?.destroy();
  });

  it('stores each step with its checkpoint in one transaction of at most rowsPerStep() people', async () => {
    const everyone = c.local.controls.users().length;
    const id = await enqueueJob(t.db, c.portal.id, JOB_KINDS.importPeople);
    statements.length = 0;
    await createWorker({ db: t.db, handlers: peopleJobHandlers({ bitrix: c.bitrix }) }).runOnce();
    expect(await findPortalJob(t.db, c.portal.id, id)).toMatchObject({ state: 'done', progress: { done: everyone, total: everyone } });

    const inserts = statements.filter((s) => s.rows > 0);
    expect(inserts.reduce((sum, s) => sum + s.rows, 0)).toBe(everyone);
    const step = rowsPerStep(t.db);
    expect(step).toBe(t.kind === 'embedded' ? 100 : 1000);
    expect(Math.max(...inserts.map((s) => s.rows))).toBeLessThanOrEqual(step);
    expect(inserts.length).toBeGreaterThanOrEqual(Math.ceil(everyone / step));
    for (const insert of inserts) {
      // Its own transaction: one insert of people, and the job's progress and checkpoint with it.
      expect(insert.transaction).not.toBeNull();
      const same = statements.filter((s) => s.transaction === insert.transaction);
      expect(same.filter((s) => s.rows > 0)).toHaveLength(1);
      expect(same.some((s) => s.sql.startsWith('update "jobs"') && s.sql.includes('"checkpoint"'))).toBe(true);
    }
  }, 60_000);
});
