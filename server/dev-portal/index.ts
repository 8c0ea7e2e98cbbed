import crypto from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import qs from 'qs';
import { systemClock, type PortalClock } from './clock';
import { registerControlApi } from './control-api';
import { createControls, type PortalControls } from './controls';
import { EventsOut } from './events-out';
import { FrameSessions } from './frame-sessions';
import { registerOAuth } from './oauth-server';
import { registerPortalRoutes } from './portal-routes';
import { restoreState, SeedBaseline, StateFile, type PersistedState } from './persistence';
import { LeakyBucket } from './rate-limit';
import { MethodRegistry } from './rest-methods';
import { RestServer } from './rest-server';
import { PortalState, type PortalIdentity } from './state';

export type { PortalControls } from './controls';
export type { SeedUser, SeedGroup, SeedDepartment, Relation, Notification, DeliveredEvent } from './model';
export type { FrameLaunch } from './frame-sessions';
export { SEED_USERS, SEED_GROUPS, BIG_GROUP_FIRST_USER_ID } from './seed';
export type { PortalClock } from './clock';

/**
 * The local portal: a faithful Bitrix24 emulator (OAuth server, REST API with its limits and quirks,
 * outgoing events, and a portal page that hosts the app in an iframe speaking the b24jssdk frame
 * protocol) for `npm start`, demos and tests. State lives in memory, and with `stateFile` also on disk
 * (persistence.ts). BITRIX24.md is the contract.
 */
export interface LocalPortalOptions {
  /** 0 or undefined = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where the app is (iframe src, installer, OAuth redirect). */
  appBaseUrl: string;
  /** The one registered app (config.b24ClientId / b24ClientSecret). */
  clientId: string;
  clientSecret: string;
  /** Default 10000 members in the big workgroup; tests may pass small numbers. */
  seed?: { bigGroupMembers?: number };
  /** Leaky bucket, default 50 and 2/s (BITRIX24.md §4.1). */
  limits?: { burst?: number; drainPerSecond?: number };
  /** What the rate limit, injected latency and the state file's debounce go by; default the system's. */
  clock?: PortalClock;
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Granted scopes (default: the app's manifest scopes). */
  scopes?: string[];
  /** Paths under appBaseUrl (defaults '/', '/install', '/oauth/callback'). */
  paths?: { application?: string; installer?: string; oauthRedirect?: string };
  /** app.info CODE (default 'training_groups') and STATUS (default 'F'). */
  appCode?: string;
  appStatus?: string;
  /** Delay before each event is POSTed (the real queue adds a little); default 0. */
  eventDelayMs?: number;
  /**
   * Fixed member_id; default the one in `stateFile`, else derived from the client id and the port, so it
   * is stable across restarts.
   */
  memberId?: string;
  /**
   * A JSON file for the runtime state (tokens, install state, application token, bindings, options,
   * groups and memberships changed at runtime, new users, notifications): loaded at start when present
   * and of the current schema version, saved (atomically, debounced, and on close) when it changes.
   * Without it the state lives in memory only.
   */
  stateFile?: string;
  /** Where warnings go (an unusable state file, a failed save); default stderr. */
  onWarning?: (message: string) => void;
}

export interface LocalPortal {
  /** 'http://localhost:PORT' */
  url: string;
  /** 'localhost:PORT' */
  domain: string;
  memberId: string;
  close(): Promise<void>;
  controls: PortalControls;
}

/** The scopes of app.config.json; the lead may pass manifest.scopes instead. */
export const DEFAULT_SCOPES = ['user_basic', 'department', 'sonet_group', 'socialnetwork', 'im', 'placement'];

function parsers(app: FastifyInstance): void {
  // Bitrix24 reads whatever it gets: bad or empty JSON is simply no parameters.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body ? JSON.parse(body as string) : {});
    } catch {
      done(null, {});
    }
  });
  // PHP-style nested keys (fields[NAME], USER_ID[]) as $_POST sees them.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, qs.parse(body as string, { depth: 10, arrayLimit: 1000, parameterLimit: 10_000 })),
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
}

export async function startLocalPortal(opts: LocalPortalOptions): Promise<LocalPortal> {
  const appBaseUrl = opts.appBaseUrl.replace(/\/+$/, '');
  // Filled in once the port is known; every URL the portal hands out says "localhost".
  const identity: PortalIdentity = { url: '', domain: '', memberId: '' };
  const bigGroupMembers = opts.seed?.bigGroupMembers ?? 10_000;
  const warn = opts.onWarning ?? ((message: string) => void process.stderr.write(`local portal: ${message}\n`));
  const newState = () => new PortalState(
    identity,
    {
      code: opts.appCode ?? 'training_groups',
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      appBaseUrl,
      applicationPath: opts.paths?.application ?? '/',
      installerPath: opts.paths?.installer ?? '/install',
      oauthRedirectPath: opts.paths?.oauthRedirect ?? '/oauth/callback',
      scopes: opts.scopes ?? DEFAULT_SCOPES,
      status: opts.appStatus ?? 'F',
      version: 1,
    },
    { bigGroupMembers, accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600 },
  );
  const clock = opts.clock ?? systemClock;
  const stateFile = opts.stateFile ? new StateFile(opts.stateFile, warn, clock) : null;
  // The seed, with the saved runtime state layered on top when there is a usable file.
  const { state, frames, saved } = ((): { state: PortalState; frames: FrameSessions; saved: PersistedState | null } => {
    const loaded = stateFile?.load({ clientId: opts.clientId, bigGroupMembers }) ?? null;
    const fresh = newState();
    const freshFrames = new FrameSessions(fresh);
    if (!loaded) return { state: fresh, frames: freshFrames, saved: null };
    try {
      restoreState(fresh, freshFrames, loaded);
      return { state: fresh, frames: freshFrames, saved: loaded };
    } catch (error) {
      warn(`the state file ${opts.stateFile} cannot be used (${error instanceof Error ? error.message : String(error)}); ignoring it and starting fresh`);
      const clean = newState();
      return { state: clean, frames: new FrameSessions(clean), saved: null };
    }
  })();
  const registry = new MethodRegistry(state);
  const events = new EventsOut(state, opts.eventDelayMs ?? 0);
  const bucket = new LeakyBucket(opts.limits?.burst ?? 50, opts.limits?.drainPerSecond ?? 2, clock.now);
  const allowedOrigins = () => {
    const origins = new Set([new URL(appBaseUrl).origin, identity.url]);
    for (const p of state.placements) origins.add(new URL(p.handler).origin);
    return origins;
  };
  const rest = new RestServer({ state, registry, events, bucket, allowedOrigins, clock });
  // In-process controls change state outside any HTTP request: each call schedules a save too.
  const controls = stateFile ? savingAfterEachCall(createControls(state, frames, events, rest), () => stateFile.schedule()) : createControls(state, frames, events, rest);

  const app = Fastify({
    logger: false,
    bodyLimit: 10 * 1024 * 1024,
    // PHP reads nested query keys (FILTER[>ID]=5, cmd[key]=...) and does not care about a trailing slash.
    // The b24jssdk joins `${client_endpoint}/${method}`, and client_endpoint ends in '/': it requests
    // /rest//profile, which the real portal's nginx serves like /rest/profile.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, querystringParser: (s: string) => qs.parse(s, { depth: 10, arrayLimit: 1000, parameterLimit: 10_000 }) },
  });
  parsers(app);
  app.setErrorHandler((error, _request, reply) => {
    reply.code(500).send({ error: 'INTERNAL_SERVER_ERROR', error_description: error instanceof Error ? error.message : String(error) });
  });
  registerOAuth(app, state);
  rest.register(app);
  registerPortalRoutes(app, state, frames, controls);
  registerControlApi(app, state, controls);
  // Whatever a request may have changed (REST, OAuth, page views that open frames, controls) is saved.
  if (stateFile) {
    app.addHook('onResponse', (_request, _reply, done) => {
      stateFile.schedule();
      done();
    });
  }

  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  identity.domain = `localhost:${port}`;
  identity.url = `http://${identity.domain}`;
  identity.memberId = opts.memberId ?? saved?.memberId ?? `local-portal-${crypto.createHash('sha256').update(`${opts.clientId}|${identity.domain}`).digest('hex').slice(0, 12)}`;

  if (stateFile) {
    const baseline = new SeedBaseline(bigGroupMembers);
    stateFile.track(() => baseline.snapshot(state, frames, { clientId: opts.clientId }));
    // Written soon even if nothing else happens, so member_id and application_token stay the same even if nothing else happens.
    stateFile.schedule();
  }

  return {
    url: identity.url,
    domain: identity.domain,
    memberId: identity.memberId,
    controls,
    close: async () => {
      await events.flush();
      await app.close();
      await stateFile?.close();
    },
  };
}

/** The same object, with a hook after every method call (and after its promise settles). */
function savingAfterEachCall<T extends object>(target: T, after: () => void): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(target)) {
    if (typeof value !== 'function') {
      out[key] = value;
      continue;
    }
    out[key] = (...args: unknown[]) => {
      try {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) void result.then(after, after);
        return result;
      } finally {
        after();
      }
    };
  }
  return out as T;
}
