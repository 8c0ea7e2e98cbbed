import { loadConfig, ConfigError, type Config } from './config';
import { loadManifest, ManifestError } from './manifest';
import { openDatabase, databaseKind } from './db/database';
import { migrateLatest } from './db/migrate';
import { buildApp } from './app';
import { createAppWorker } from './app-worker';
import { createScheduler, RECURRING_JOBS } from './jobs/maintenance';
import { GROUPS_RECURRING_JOBS } from './groups/groups-jobs';
import { TRAINING_RECURRING_JOBS } from './training/training-reminders';
import path from 'node:path';
import { startLocalPortal, type LocalPortal } from './dev-portal';
import { readableLogStream } from './readable-log';

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

  // Local-portal mode is someone at a terminal: readable lines. Otherwise JSON for log collectors.
  const logStream = config.localPortal ? readableLogStream(process.stdout) : undefined;
  const localPortalUrl = config.localPortal ? `http://localhost:${config.devPortalPort}` : null;
  const app = await buildApp({ config, db, dbKind, manifest, logStream, localPortalUrl });
  await app.listen({ port: config.port, host: config.host });
  // Jobs and the event inbox; a process started with RUN_WORKER=false only serves HTTP.
  const worker = config.runWorker ? createAppWorker({
        db,
        bitrix: app.bitrix,
        log: app.log.child({ module: 'worker' }),
        restLogDays: manifest.defaults.restLogRetentionDays,
        // Handlers end promptly once aborted; one that does not is abandoned to its lease well before the forced exit.
        options: { stopTimeoutMs: 3_000 },
      }) : null;
  worker?.start();
  // Recurring work (daily housekeeping and people pass) is queued by whichever worker process ticks first.
  const scheduler = config.runWorker ? createScheduler({ db, log: app.log.child({ module: 'scheduler' }), jobs: [...RECURRING_JOBS, ...GROUPS_RECURRING_JOBS, ...TRAINING_RECURRING_JOBS] }) : null;
  scheduler?.start();
  app.log.info(`Training Groups app on ${config.appBaseUrl} (database: ${dbKind === 'embedded' ? `embedded in ${config.dataDir}` : 'PostgreSQL'})`);

  // Declared before the signal handlers: a SIGTERM during the local portal's start still closes cleanly.
  let localPortal: LocalPortal | null = null;
  let closing = false;
  const close = async (signal: string) => {
    if (closing) {
      // A second Ctrl+C: the person does not want to wait.
      process.stderr.write(`${signal} again: exiting without closing\n`);
      process.exit(1);
    }
    closing = true;
    app.log.info(`${signal}: closing`);
    // A handler abandoned after stopTimeoutMs may still fail against the closing database: expected
    // now, and no reason to end with an error code (its job returns to the queue after its lease).
    const lateFailure = (error: unknown) => app.log.warn({ reason: error instanceof Error ? error.message : String(error) }, `${signal}: failure after closing began (ignored)`);
    process.on('unhandledRejection', lateFailure);
    process.on('uncaughtException', lateFailure);
    // Nothing is waited out: a job's back-off may be 10 minutes (429 OPERATION_TIME_LIMIT).
    // PostgreSQL: a bound under the 10 s a container gets before SIGKILL. The embedded database is
    // not bounded: it writes its files on close (tens of seconds on a loaded machine), and an exit
    // before that risks the data of `npm start`; a second signal exits at once.
    if (dbKind === 'postgresql') {
      const force = setTimeout(() => {
        process.stderr.write(`${signal}: not closed within 8 s, exiting anyway\n`);
        process.exit(1);
      }, 8_000);
      force.unref();
    }
    try {
      // Running jobs are told first, so they go back to the queue with their checkpoint (not failed)...
      const workerStopped = worker?.stop();
      // ...then every wait for Bitrix24 ends at once: the bucket, the back-offs, requests in flight.
      app.bitrix.close();
      await workerStopped;
      await scheduler?.stop();
      await localPortal?.close();
      await app.close();
      await db.destroy();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  // Without marketplace credentials the local portal plays Bitrix24 (its OAuth server is the allowed one).
  if (config.localPortal) {
    localPortal = await startLocalPortal({
      port: config.devPortalPort,
      host: config.host,
      appBaseUrl: config.appBaseUrl,
      clientId: config.b24ClientId,
      clientSecret: config.b24ClientSecret,
      scopes: manifest.scopes,
      // Tokens, install state and what the app changed survive a restart of `npm start`.
      stateFile: path.join(config.dataDir, 'local-portal.json'),
    });
  }

  // The last line of the start-up says what to open: the app's own port only answers Bitrix24.
  if (localPortal) {
    process.stdout.write(`\nReady. Open ${localPortal.url} in a browser: the local Bitrix24 portal, with the app inside.\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`Fatal: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
