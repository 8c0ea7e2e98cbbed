import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import { renderPage, sendHtml } from '../http/pages';
import { claimedOrigin, frameLang, type FrameFields } from './frame-fields';
import { LoginThrottle, type LoginThrottleLimits } from './login-throttle';

/**
 * Limits on the doors into the app that need no session: anyone on the internet can knock on
 * them, and some knocks cost a request from a portal's Bitrix24 rate limit. Counted per client
 * address (the socket's, or X-Forwarded-For's when the proxy is trusted; IPv6 per /64), with
 * @fastify/rate-limit's store. A refusal is 429 with Retry-After: JSON on API routes, the
 * plain-words page on the pages Bitrix24 opens in its frame (in the frame's LANG).
 */

export interface EntryLimit {
  max: number;
  windowMs: number;
}

export interface EntryLimits {
  /** GET/POST / and POST /placement: the app opened from Bitrix24. */
  launch: EntryLimit;
  /** POST /api/session: a frame token exchanged for a session (every 15 minutes per open app). */
  session: EntryLimit;
  /** /install: the wizard page (exchanges a refresh token at the OAuth server). */
  install: EntryLimit;
  /** /oauth/*: an admin re-authorising a portal. */
  oauth: EntryLimit;
  /**
   * The Bitrix24 event handler, per client address AND claimed portal: Bitrix24 delivers every
   * portal's events from a few shared addresses, in bursts after mass changes, and never delivers
   * a refused one again. So one portal's burst must not use up another's allowance, and the
   * allowance is generous: a delivery costs one indexed look-up before its application_token is
   * compared, however it ends.
   */
  events: EntryLimit;
  /** Sign-ins (launch POSTs, /api/session) whose token was refused, and sign-ins running at once, per client. */
  logins: LoginThrottleLimits;
}

const MINUTE = 60_000;

export const ENTRY_LIMITS: EntryLimits = {
  // An office behind one address opens the app many times a minute at 9:00; the portal itself
  // cannot check more than ~2 tokens a second anyway. Forged tokens are held back by `logins`.
  launch: { max: 300, windowMs: MINUTE },
  session: { max: 300, windowMs: MINUTE },
  install: { max: 30, windowMs: MINUTE },
  oauth: { max: 30, windowMs: MINUTE },
  events: { max: 3000, windowMs: MINUTE },
  logins: { maxFailures: 30, windowMs: 10 * MINUTE, maxInFlight: 10 },
};

type Rule = keyof Omit<EntryLimits, 'logins'>;
type Reply = 'json' | 'app-page' | 'install-page';

/** Which routes are limited, and how the refusal is shown. */
function ruleOf(route: Pick<RouteOptions, 'url' | 'method'>, eventsPath: string): { rule: Rule; reply: Reply; login: boolean } | null {
  const methods = ([] as string[]).concat(route.method);
  const post = methods.includes('POST');
  if (route.url === '/' || route.url === '/placement') return { rule: 'launch', reply: 'app-page', login: post };
  if (route.url === '/api/session') return { rule: 'session', reply: 'json', login: true };
  if (route.url === '/install') return { rule: 'install', reply: 'install-page', login: false };
  if (route.url.startsWith('/oauth/')) return { rule: 'oauth', reply: 'app-page', login: false };
  if (route.url === eventsPath) return { rule: 'events', reply: 'json', login: false };
  return null;
}

/** The address a client is counted by. */
export const clientOf = (request: FastifyRequest): string => normalizeIP(request.ip);

function claimedPortal(request: FastifyRequest): string {
  const auth = (request.body as { auth?: { member_id?: unknown } } | undefined)?.auth;
  return typeof auth?.member_id === 'string' ? auth.member_id.slice(0, 64) : '';
}

function refuse(request: FastifyRequest, reply: FastifyReply, how: Reply, retryAfterSeconds: number, message: string) {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  reply.header('retry-after', String(seconds));
  const error = { code: 'TOO_MANY_REQUESTS', message: `${message} Try again in ${seconds} s.`, retryAfterSeconds: seconds };
  if (how === 'json') return reply.status(429).send({ error: error.code, message: error.message, retryAfterSeconds: seconds });
  // Nothing secret on the page, so the portal the request claims may frame it (as for other refusals).
  const query = (request.query ?? {}) as FrameFields;
  const lang = frameLang(query);
  const html =
    how === 'install-page'
      ? renderPage('install.html', { view: 'install', lang, install: { ok: false, error } })
      : renderPage('client/index.html', { view: 'error', lang, error });
  return sendHtml(reply.status(429), html, claimedOrigin(query));
}

export interface EntryLimitOptions {
  limits?: Partial<EntryLimits>;
  eventsPath: string;
  /** The clock of the sign-in throttle (tests move it by hand). */
  now?: () => number;
}

/**
 * Registers the limiter and hooks it onto every matching route declared after this call (so:
 * before the routes in app.ts).
 */
export async function registerEntryLimits(app: FastifyInstance, options: EntryLimitOptions): Promise<void> {
  const limits: EntryLimits = { ...ENTRY_LIMITS, ...options.limits };
  // global: false: only the routes named here are limited (never the API behind a session, or assets).
  await app.register(rateLimit, { global: false });
  const keyOf: Record<Rule, (request: FastifyRequest) => string> = {
    launch: clientOf,
    session: clientOf,
    install: clientOf,
    oauth: clientOf,
    events: (request) => `${clientOf(request)}|${claimedPortal(request)}`,
  };
  const counters = Object.fromEntries(
    (Object.keys(keyOf) as Rule[]).map((rule) => [rule, app.createRateLimit({ max: limits[rule].max, timeWindow: limits[rule].windowMs, keyGenerator: keyOf[rule] })]),
  ) as Record<Rule, ReturnType<FastifyInstance['createRateLimit']>>;
  const logins = new LoginThrottle(limits.logins, options.now);
  const admitted = new WeakSet<FastifyRequest>();

  app.addHook('onRoute', (route) => {
    const match = ruleOf(route, options.eventsPath);
    if (!match) return;
    const { rule, reply: how, login } = match;
    const count = async (request: FastifyRequest, reply: FastifyReply) => {
      const result = await counters[rule](request);
      if (!result.isAllowed && result.isExceeded) {
        request.log.warn({ rule, route: route.url }, 'too many requests from one client');
        return refuse(request, reply, how, result.ttlInSeconds, 'Too many requests came from your address.');
      }
      if (!login) return undefined;
      const admission = logins.admit(clientOf(request));
      if (!admission.ok) {
        request.log.warn({ rule, reason: admission.reason }, 'sign-in refused: too many failed or concurrent sign-ins from one client');
        return refuse(request, reply, how, admission.retryAfterSeconds, 'Too many sign-in attempts came from your address.');
      }
      admitted.add(request);
      return undefined;
    };
    // Events are counted per claimed portal: that is in the body, so after it is parsed.
    add(route, rule === 'events' ? 'preValidation' : 'onRequest', count);
    if (!login) return;
    // 400: not a token at all; 403: Bitrix24 refused it (forged, another portal's, app token
    // mismatch). 401 (expired) is not a failure: the frame gets a fresh token and tries again.
    const settle = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!admitted.delete(request)) return;
      logins.settle(clientOf(request), reply.statusCode === 400 || reply.statusCode === 403);
    };
    add(route, 'onResponse', settle);
    add(route, 'onRequestAbort', async (request: FastifyRequest) => {
      if (admitted.delete(request)) logins.settle(clientOf(request), false);
    });
  });
}

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
type AbortHook = (request: FastifyRequest) => Promise<unknown>;

function add(route: RouteOptions, name: 'onRequest' | 'preValidation' | 'onResponse' | 'onRequestAbort', hook: Hook | AbortHook): void {
  const slot = route as unknown as Record<string, Array<Hook | AbortHook> | Hook | AbortHook | undefined>;
  const existing = slot[name];
  slot[name] = existing === undefined ? [hook] : Array.isArray(existing) ? [...existing, hook] : [existing, hook];
}
