import type { Knex } from 'knex';
import { migrations } from '../../migrations';

/** Feeds knex the migrations listed in code (see migrations/index.ts). */
const migrationSource: Knex.MigrationSource<(typeof migrations)[number]> = {
  getMigrations: async () => migrations,
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = await db.migrate.latest({ migrationSource });
  return applied as string[];
}

export async function migrateRollbackAll(db: Knex): Promise<string[]> {
  const [, reverted] = await db.migrate.rollback({ migrationSource }, true);
  return reverted as string[];
}

export async function pendingMigrations(db: Knex): Promise<string[]> {
  const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown, Array<{ name: string }>];
  return pending.map((m) => m.name);
}
