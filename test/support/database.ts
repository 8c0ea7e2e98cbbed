import crypto from 'node:crypto';
import knexFactory from 'knex';
import { openDatabase, databaseKind, type Db, type DbKind } from '../../server/db/database';
import { migrateLatest } from '../../server/db/migrate';

export interface TestDatabase {
  db: Db;
  kind: DbKind;
  /** The URL of this test's own database (PostgreSQL only), for code that opens its own pool. */
  url: string | null;
  destroy(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: on PostgreSQL (DATABASE_URL set) a new database
 * created for the file and dropped after it; otherwise an in-memory PGlite.
 * Both run the real migrations unless `migrate: false`.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const baseUrl = process.env.DATABASE_URL ?? null;
  if (!baseUrl) {
    const db = openDatabase({ databaseUrl: null, dataDir: 'memory' });
    if (options.migrate !== false) await migrateLatest(db);
    return { db, kind: 'embedded', url: null, destroy: () => db.destroy() };
  }
  const name = `tg_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: baseUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = openDatabase({ databaseUrl: url.toString(), dataDir: 'memory' });
  if (options.migrate !== false) await migrateLatest(db);
  return {
    db,
    kind: databaseKind({ databaseUrl: url.toString(), dataDir: '' }),
    url: url.toString(),
    destroy: async () => {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
