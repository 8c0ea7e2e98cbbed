import { loadConfig, ConfigError, type Config } from './config';
import { loadManifest, ManifestError } from './manifest';
import { openDatabase, databaseKind } from './db/database';
import { migrateLatest } from './db/migrate';
import { buildApp } from './app';

/** Reads config, builds, listens, and closes with grace. The only module that touches `process`. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
    loadManifest();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ManifestError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const manifest = loadManifest();
  const db = openDatabase(config);
  const dbKind = databaseKind(config);
  await migrateLatest(db);

  const app = await buildApp({ config, db, dbKind, manifest });
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Training Groups app on ${config.appBaseUrl} (database: ${dbKind === 'embedded' ? `embedded in ${config.dataDir}` : 'PostgreSQL'})`);

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      await db.destroy();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`Fatal: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
