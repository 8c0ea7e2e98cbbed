import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import qs from 'qs';
import type { SeedUser } from './model';
import type { PortalState } from './state';
import type { EventsOut } from './events-out';
import { runBatch } from './batch';
import type { PortalClock } from './clock';
import { clampFaults, LeakyBucket, noFaults, type Faults } from './rate-limit';
import { insufficientScope, methodNotFound, RestError, timeBlock } from './rest-errors';
import type { HitEffects, MethodAnswer } from './rest-methods/context';
import { intval } from './rest-methods/context';
import type { MethodRegistry } from './rest-methods';

/** Keys that carry transport data, never method parameters. */
const TRANSPORT_KEYS = ['auth', 'access_token', 'bx24_request_id', 'bx24_sdk_ver', 'bx24_sdk_type'];

export interface RestDeps {
  state: PortalState;
  registry: MethodRegistry;
  events: EventsOut;
  bucket: LeakyBucket;
  clock: PortalClock;
  /** Origins allowed to call /rest/* from a browser (the app and its widget handlers). */
  allowedOrigins: () => Set<string>;
}

export class RestServer {
  faults: Faults = noFaults();

  constructor(private readonly deps: RestDeps) {}

  setFaults(f: Partial<Faults>): void {
    this.faults = clampFaults(this.faults, f);
  }

  /** Runs one method as `user`: lookup, scope, then the handler; `start` is taken out first (§3.1). */
  call(user: SeedUser, name: string, raw: Record<string, unknown>, hit: HitEffects): MethodAnswer {
    const def = this.deps.registry.get(name);
    if (!def) throw methodNotFound();
    if (!this.deps.registry.granted(def)) throw insufficientScope();
    const params: Record<string, unknown> = { ...raw };
    for (const key of TRANSPORT_KEYS) delete params[key];
    let start: number | null = null;
    if (params.start !== undefined) {
      start = intval(params.start);
      delete params.start;
    }
    return def.handler({ state: this.deps.state, user, isAdmin: user.isAdmin, params, start, hit });
  }

  private authenticate(request: FastifyRequest, params: Record<string, unknown>): SeedUser {
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '') : undefined;
    const token = [params.auth, params.access_token, bearer].find((t): t is string => typeof t === 'string' && t !== '');
    if (!token) throw new RestError(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
    const check = this.deps.state.tokens.checkAccess(token);
    if (!check.ok) {
      throw check.reason === 'expired'
        ? new RestError(401, 'expired_token', 'The access token provided has expired.')
        : new RestError(401, 'invalid_token', 'The access token provided is invalid.');
    }
    const user = this.deps.state.user(check.userId);
    if (!user) throw new RestError(401, 'invalid_token', 'The access token provided is invalid.');
    return user;
  }

  private cors(request: FastifyRequest, reply: FastifyReply): void {
    const origin = request.headers.origin;
    if (typeof origin === 'string' && this.deps.allowedOrigins().has(origin)) {
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    }
  }

  /** Faults and limits come before authentication, as the limiter sits in front of the method. */
  private async admit(startedAt: number): Promise<void> {
    const { latencyMs, rate503, rate429 } = this.faults;
    if (latencyMs > 0) await this.deps.clock.sleep(latencyMs);
    if (!this.deps.bucket.take() || (rate503 > 0 && Math.random() < rate503)) {
      throw new RestError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
    }
    if (rate429 > 0 && Math.random() < rate429) {
      throw new RestError(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.', { time: timeBlock(startedAt, this.deps.clock.now()) });
    }
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const startedAt = this.deps.clock.now();
    const name = String((request.params as Record<string, string>)['*'] ?? '').replace(/\.json$/i, '');
    this.cors(request, reply);
    this.deps.state.countRest(name);
    const hit: HitEffects = { groupsUpdated: new Set(), events: [] };
    try {
      await this.admit(startedAt);
      const body = typeof request.body === 'string' ? qs.parse(request.body, { depth: 10, arrayLimit: 1000 }) : request.body;
      const params = { ...(request.query as Record<string, unknown>), ...((body as Record<string, unknown>) ?? {}) };
      const user = this.authenticate(request, params);
      let answer: MethodAnswer;
      if (name.toLowerCase() === 'batch') {
        answer = {
          result: runBatch(params, (method, sub) => {
            this.deps.state.countBatchCommand(method);
            return this.call(user, method, sub, hit);
          }),
        };
      } else {
        answer = this.call(user, name, params, hit);
      }
      this.flushHit(hit, user.id);
      const out: Record<string, unknown> = { result: answer.result };
      if (answer.next !== undefined) out.next = answer.next;
      if (answer.total !== undefined) out.total = answer.total;
      out.time = timeBlock(startedAt, this.deps.clock.now());
      return reply.header('cache-control', 'no-store').send(out);
    } catch (error) {
      if (!(error instanceof RestError)) throw error;
      this.flushHit(hit, null);
      return reply.code(error.status).send(error.body());
    }
  }

  /** Events of one hit go out after it, each group's update once (Bitrix24 de-duplicates per hit). */
  private flushHit(hit: HitEffects, userId: number | null): void {
    for (const { event, data } of hit.events) void this.deps.events.send(event, data, userId);
    for (const id of hit.groupsUpdated) void this.deps.events.send('ONSONETGROUPUPDATE', { FIELDS: { ID: String(id) } }, userId);
    hit.events.length = 0;
    hit.groupsUpdated.clear();
  }

  register(app: FastifyInstance): void {
    app.route({ method: ['GET', 'POST'], url: '/rest/*', handler: (req, reply) => this.handle(req, reply) });
    // The b24jssdk in the app frame posts JSON straight to /rest/*: answer the preflight for the app's origin.
    app.options('/rest/*', async (request, reply) => {
      this.cors(request, reply);
      const wanted = request.headers['access-control-request-headers'];
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', typeof wanted === 'string' ? wanted : 'content-type, authorization')
        .header('access-control-max-age', '600')
        .send();
    });
  }
}
