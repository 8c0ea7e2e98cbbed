import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import path from 'node:path';
import qs from 'qs';
import type { Config } from './config';
import type { Db, DbKind } from './db/database';
import type { Manifest } from './manifest';
import { loggerOptions } from './logging';
import { registerErrorHandler } from './http/errors';
import { refuseBadInput } from './http/refuse-bad-input';
import { docsContentSecurityPolicy, noStoreUnlessSet, securityHeaders } from './http/response-headers';
import { healthRoutes } from './http/health';
import { faviconRoutes } from './http/favicon';
import { requestLogController } from './http/request-logging';
import { projectRoot } from './project-root';
import { BitrixClient } from './bitrix/rest-client';
import { portalTokenStore } from './tenants/portal-token-store';
import { decorateAppContext } from './app-context';
import { requireSession, sessionCheck, sessionOf } from './auth/guard';
import { installRoutes } from './portal/install';
import { ensureDefaultGroups } from './training/default-groups-service';
import { installProgressRoutes } from './portal/install-progress';
import { oauthFlowPlugin } from './portal/oauth-flow';
import { launchRoutes } from './auth/launch';
import { sessionRoutes } from './auth/session-routes';
import { moderatorsRoutes } from './auth/moderators-routes';
import { eventRoutes } from './portal/event-routes';
import { jobRoutes } from './jobs/job-routes';
import { peopleRoutes } from './people/people-routes';
import { groupsRoutes } from './groups/groups-routes';
import { trainingRoutes } from './training/training-routes';
import { groupingRulesRoutes } from './training/grouping-rules-routes';
import { catalogRoutes } from './catalog/catalog-routes';
import { ReplyCache } from './http/reply-cache';
import { registerEntryLimits, type EntryLimits } from './auth/entry-limits';

export interface AppDeps {
  config: Config;
  db: Db;
  dbKind: DbKind;
  manifest: Manifest;
  /** The process's one Bitrix24 REST client; created from the other deps when not given (tests may inject one). */
  bitrix?: BitrixClient;
  /** Where log lines go instead of stdout as JSON (main.ts: readable lines in local-portal mode). */
  logStream?: { write(line: string): void };
  /** The local portal's URL in local-portal mode; by default its OAuth server, which it is (config.ts). */
  localPortalUrl?: string | null;
  /** Limits on the routes that need no session (auth/entry-limits.ts); tests lower them. */
  entryLimits?: Partial<EntryLimits>;
  /** The clock of those limits (tests move it by hand). */
  now?: () => number;
  /** The clock of groups, plans, progress and reports (a story sets the day by hand); the wall clock by default. */
  clock?: () => Date;
  /** Kept replies of the hot reads (http/reply-cache.ts): the process's own by default; null keeps none (the bench compares). */
  replies?: ReplyCache | null;
}

/**
 * Wires plugins and routes; holds no logic of its own. Tests build it and call `inject`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.config.logLevel, deps.logStream),
    logController: requestLogController(deps.config.logLevel),
    // Off unless configured (TRUST_PROXY): otherwise any client writes its own IP into the log.
    trustProxy: deps.config.trustProxy,
    // Bitrix24 sends nested form keys (auth[access_token]); 1 MB is plenty for events and frames.
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);
  // Before every route's schema: control characters (NUL, ...) and hex/exponent "integers" get a 400 naming the field.
  app.addHook('preValidation', refuseBadInput);
  app.addHook('onSend', noStoreUnlessSet);

  // Bitrix24 opens the app and delivers events as x-www-form-urlencoded with PHP-style nested keys.
  await app.register(formbody, { parser: (body) => qs.parse(body, { depth: 5, arrayLimit: 200 }) });
  // Helmet's headers, without X-Frame-Options: framing is governed per page by CSP frame-ancestors (see http/pages.ts).
  app.addHook('onRequest', securityHeaders);
  // Before the routes it hooks onto: per-client limits on every door that needs no session.
  await registerEntryLimits(app, { limits: deps.entryLimits, eventsPath: deps.manifest.paths.events, now: deps.now });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Training Groups for Bitrix24', version: deps.manifest.version },
      components: { securitySchemes: { session: { type: 'http', scheme: 'bearer' } } },
    },
  });
  // The plugin's CSP with its script hashes, framed by no one (http/response-headers.ts).
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: docsContentSecurityPolicy });

  await app.register(fastifyStatic, {
    root: path.join(projectRoot(), 'dist', 'client'),
    prefix: '/assets/',
    maxAge: '1h',
  });

  // Routes: one registration per feature module; each module owns its routes and their guards.
  healthRoutes(app, deps);
  faviconRoutes(app);

  // The process's one client, patient as jobs must be: main.ts hands app.bitrix to the worker.
  const patient =
    deps.bitrix ??
    new BitrixClient({ db: deps.db, tokens: portalTokenStore, config: deps.config, log: app.log.child({ module: 'bitrix' }), limits: deps.manifest.defaults.rateLimit });
  // Routes answer people: the same client (same buckets) that waits a few seconds at most, then says Bitrix24 is busy.
  const bitrix = patient.interactive();
  decorateAppContext(app, { bitrix: patient });
  // Request-log rows are written in the background; let them land before the database closes.
  app.addHook('onClose', async () => bitrix.flushRequestLog());
  const localPortalUrl = deps.localPortalUrl !== undefined ? deps.localPortalUrl : deps.config.localPortal ? (deps.config.b24OAuthServers[0] ?? null) : null;
  const platform = { db: deps.db, bitrix, config: deps.config, manifest: deps.manifest, localPortalUrl };
  launchRoutes(app, platform);
  sessionRoutes(app, platform);
  const defaultGroups = deps.manifest.defaults.defaultGroups;
  installRoutes(app, { ...platform, createDefaultGroups: (portalId, installerId) => ensureDefaultGroups(deps.db, portalId, defaultGroups, installerId) });
  const wizard = requireSession({ db: deps.db, sessionSecret: deps.config.sessionSecret }, ['admin'], 'install');
  installProgressRoutes(app, { db: deps.db, admit: wizard, portalOf: (request) => sessionOf(request).portalId });
  await app.register(oauthFlowPlugin, platform);
  moderatorsRoutes(app, { db: deps.db, sessionSecret: deps.config.sessionSecret });
  eventRoutes(app, { db: deps.db, bitrix, path: deps.manifest.paths.events });
  jobRoutes(app, { db: deps.db, caller: sessionCheck({ db: deps.db, sessionSecret: deps.config.sessionSecret }) });
  const replies = deps.replies === null ? undefined : (deps.replies ?? new ReplyCache());
  peopleRoutes(app, { db: deps.db, sessionSecret: deps.config.sessionSecret, replies });
  await catalogRoutes(app, { db: deps.db, sessionSecret: deps.config.sessionSecret, replies });
  await groupsRoutes(app, { db: deps.db, sessionSecret: deps.config.sessionSecret, bitrix, now: deps.clock, replies });
  await trainingRoutes(app, { db: deps.db, sessionSecret: deps.config.sessionSecret, bitrix, now: deps.clock, replies });
  groupingRulesRoutes(app, { db: deps.db, sessionSecret: deps.config.sessionSecret });

  return app;
}
