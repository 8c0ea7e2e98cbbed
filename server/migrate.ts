import { loadConfig, ConfigError } from './config';
import { openDatabase, databaseKind } from './db/database';
import { migrateLatest } from './db/migrate';

/** `npm run migrate`: brings the configured database to the latest schema. */
async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const db = openDatabase(config);
  try {
    const applied = await migrateLatest(db);
    process.stdout.write(`${databaseKind(config)}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}\n`);
  } finally {
    await db.destroy();
  }
}

run().catch((error) => {
  process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : `${error?.stack ?? error}\n`);
  process.exit(1);
});
