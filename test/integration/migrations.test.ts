import { createTestDatabase, type TestDatabase } from '../support/database';
import { migrateLatest, migrateRollbackAll, pendingMigrations } from '../../server/db/migrate';
import { migrations } from '../../migrations';

describe('migrations', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await t.destroy();
  });

  async function tables(): Promise<string[]> {
    const rows = await t.db('information_schema.tables').where({ table_schema: 'public', table_type: 'BASE TABLE' }).select('table_name');
    return rows.map((r: { table_name: string }) => r.table_name).filter((n: string) => !n.startsWith('knex_')).sort();
  }

  it('go up, all the way down, and up again on a clean database', async () => {
    expect(await pendingMigrations(t.db)).toHaveLength(migrations.length);
    expect(await migrateLatest(t.db)).toHaveLength(migrations.length);
    const afterFirstUp = await tables();
    expect(afterFirstUp).toContain('portals');

    expect(await migrateRollbackAll(t.db)).toHaveLength(migrations.length);
    expect(await tables()).toEqual([]);

    await migrateLatest(t.db);
    expect(await tables()).toEqual(afterFirstUp);
    expect(await pendingMigrations(t.db)).toEqual([]);
  });

  it('keep every table tenant-first: portal_id leads every primary key, unique key and index', async () => {
    await migrateLatest(t.db);
    const rows = await t.db.raw(`
      SELECT c.relname AS table_name, i.relname AS index_name,
             (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = ix.indkey[0]) AS first_column
      FROM pg_index ix
      JOIN pg_class c ON c.oid = ix.indrelid
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname NOT LIKE 'knex_%'`);
    const offenders = (rows.rows as Array<{ table_name: string; index_name: string; first_column: string }>).filter((r) =>
      r.table_name === 'portals' ? !['id', 'member_id'].includes(r.first_column) : r.first_column !== 'portal_id',
    );
    expect(offenders).toEqual([]);
  });
});
