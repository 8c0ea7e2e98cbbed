import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../server/app';
import { BitrixClient, type BitrixClientDeps } from '../../server/bitrix/rest-client';
import { portalTokenStore } from '../../server/tenants/portal-token-store';
import { loadConfig, type Config } from '../../server/config';
import { loadManifest } from '../../server/manifest';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/** What a test may change of the app beyond its environment. */
export interface TestAppOptions {
  /** Entry limits, their clock, the clock of plans and reports, ... (server/app.ts AppDeps). */
  deps?: Partial<Pick<AppDeps, 'entryLimits' | 'now' | 'clock'>>;
  /** Builds the app's REST client with these (a recording sleep, say) instead of the defaults. */
  bitrix?: Partial<BitrixClientDeps>;
}

/** The whole app on a fresh test database, for `app.inject`. */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', RUN_WORKER: 'false', ...env });
  const manifest = loadManifest();
  const bitrix = options.bitrix
    ? new BitrixClient({ db: database.db, tokens: portalTokenStore, config, limits: manifest.defaults.rateLimit, ...options.bitrix })
    : undefined;
  const app = await buildApp({ config, db: database.db, dbKind: database.kind, manifest, bitrix, ...options.deps });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}
