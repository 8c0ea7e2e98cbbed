import type { AxiosInstance } from 'axios';
import { BitrixBusyError, BitrixError, BitrixWaitAbortedError, UserTokenExpiredError, errorFromAnswer, isExpiredTokenError } from './bitrix-errors';
import type { PortalRateLimiter } from './rate-limiter';
import type { RequestLogWriter } from './request-log';
import { INTERACTIVE_MAX_WAIT_MS, isBusyFailure, newRetryCounts, retryDelay, type Failure } from './retry-policy';
import type { TokenRefresher } from './token-refresher';
import { actorLabel, type Actor, type Patience, type PortalEndpoint, type RestLogger } from './rest-types';

export const USER_AGENT = 'TrainingGroups-B24/0.1 (server; +rest-client)';
export const REQUEST_TIMEOUT_MS = 30_000;
const METHOD_NAME = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/i;

export function isMethodName(method: string): boolean {
  return METHOD_NAME.test(method);
}

export interface RestRequest {
  portal: PortalEndpoint;
  actor: Actor;
  method: string;
  params: Record<string, unknown>;
  /** Commands in a batch, for the request log. */
  commands: number;
  /** Whether an ambiguous failure (timeout, 5xx) may be repeated; see retry-policy.ts. */
  repeatable: boolean;
  patience: Patience;
  /** Ends every wait of this request; already combined with the client's own (close()). */
  signal: AbortSignal;
}

/** The success envelope (§3.2). */
export interface RestEnvelope {
  result: unknown;
  total?: number;
  next?: number;
  time?: Record<string, unknown>;
}

export interface TransportDeps {
  http: AxiosInstance;
  limiter: PortalRateLimiter;
  refresher: TokenRefresher;
  requestLog: RequestLogWriter;
  log: RestLogger;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
}

type Answer = { status: number; body: unknown } | { networkCode: string };

/**
 * Sends one REST request the way Bitrix24 wants it, until it succeeds or must fail:
 * rate limit first, then POST with the token in the body, then refresh / back off / give up.
 */
export class RestTransport {
  constructor(private readonly deps: TransportDeps) {}

  async send(request: RestRequest): Promise<RestEnvelope> {
    const { portal, actor, method, signal } = request;
    // The method becomes part of the URL the token is sent to: no slashes, no dots-only tricks.
    if (!isMethodName(method)) throw new BitrixError('INVALID_METHOD', 'Not a REST method name', 0, method);
    const { limiter, refresher, now, log } = this.deps;
    const aborted = () => (signal.reason instanceof Error ? signal.reason : new BitrixWaitAbortedError(method));
    if (signal.aborted) throw aborted();
    // What a person may still spend waiting; a job's patience has no end (only its signal).
    let patienceLeft = request.patience === 'interactive' ? INTERACTIVE_MAX_WAIT_MS : Number.POSITIVE_INFINITY;
    const wait = async (ms: number) => {
      patienceLeft -= ms;
      await abortable(this.deps.sleep, ms, signal, aborted);
    };
    let token = actor.kind === 'user' ? actor.accessToken : await refresher.current(portal, method);
    let refreshed = false;
    const counts = newRetryCounts();
    for (;;) {
      const maxWaitMs = Number.isFinite(patienceLeft) ? Math.max(0, patienceLeft) : undefined;
      await limiter.acquire(portal.id, { maxWaitMs, method, wait });
      const started = now();
      const answer = await this.post(portal, method, request.params, token, signal);
      if (signal.aborted) throw aborted();
      const error = this.errorOf(method, answer);
      this.record(request, answer, error, now() - started);
      if (!error) return envelopeOf(answer as { body: Record<string, unknown> });

      // A frame token that is expired, revoked or unknown: only the browser can get a new one.
      if (isExpiredTokenError(error) || (actor.kind === 'user' && error.code === 'NO_AUTH_FOUND')) {
        if (actor.kind === 'user') throw new UserTokenExpiredError(error.code, error.description, error.status, method);
        if (refreshed) throw error;
        token = await refresher.refresh(portal, token, method);
        refreshed = true;
        continue;
      }
      const failure: Failure =
        'networkCode' in answer
          ? { kind: 'network', code: answer.networkCode }
          : { kind: 'http', status: error.status, code: error.code, operatingResetAt: operatingResetAtOf(answer.body) };
      const delayMs = retryDelay(failure, counts, { repeatable: request.repeatable, now: now() });
      if (error.code === 'QUERY_LIMIT_EXCEEDED') limiter.markFull(portal.id);
      // A person is not made to wait out a full bucket or an operation-time block (up to 10 minutes):
      // they are told now that Bitrix24 is busy and when it expects to take the request.
      if (delayMs !== null && delayMs > patienceLeft) {
        if (isBusyFailure(failure)) throw new BitrixBusyError(error.code, method, delayMs);
        throw error;
      }
      if (delayMs === null) throw error;
      log.warn({ portalId: portal.id, method, code: error.code, status: error.status, delayMs }, 'bitrix rest call will be retried');
      await wait(delayMs);
    }
  }

  private async post(portal: PortalEndpoint, method: string, params: Record<string, unknown>, token: string, signal: AbortSignal): Promise<Answer> {
    try {
      const root = portal.clientEndpoint.endsWith('/') ? portal.clientEndpoint : `${portal.clientEndpoint}/`;
      const res = await this.deps.http.post(`${root}${method}`, { ...params, auth: token }, {
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': USER_AGENT },
        timeout: REQUEST_TIMEOUT_MS,
        validateStatus: () => true,
        // Bitrix24 answers; it never redirects a REST call. A redirect would carry the token elsewhere.
        maxRedirects: 0,
        signal,
      });
      return { status: res.status, body: res.data };
    } catch (err) {
      // Never keep the axios error: its config holds the request body, token included.
      const code = (err as { code?: unknown }).code;
      return { networkCode: typeof code === 'string' ? code : 'ERR_NETWORK' };
    }
  }

  private errorOf(method: string, answer: Answer): BitrixError | null {
    if ('networkCode' in answer) return new BitrixError('NETWORK_ERROR', `No answer from the portal (${answer.networkCode})`, 0, method);
    const body = answer.body;
    const ok = answer.status >= 200 && answer.status < 300;
    if (ok && body && typeof body === 'object' && 'result' in body && !('error' in body)) return null;
    return errorFromAnswer(method, answer.status, body);
  }

  private record(request: RestRequest, answer: Answer, error: BitrixError | null, durationMs: number): void {
    const status = 'networkCode' in answer ? null : answer.status;
    const entry = {
      portalId: request.portal.id,
      method: request.method,
      actor: actorLabel(request.actor),
      httpStatus: status,
      errorCode: error?.code ?? null,
      durationMs,
      commands: request.commands,
    };
    this.deps.requestLog.record(entry);
    const { portalId, method, actor, commands } = entry;
    const line = { portalId, method, actor, status, durationMs, ...(commands > 1 || method === 'batch' ? { commands } : {}) };
    if (error) this.deps.log.warn({ ...line, code: error.code, description: error.description }, 'bitrix rest call failed');
    else this.deps.log.debug(line, 'bitrix rest call');
  }
}

/**
 * Sleeps `ms` unless `signal` ends it first (then throws `aborted()`). The sleep gets the signal too,
 * so a real timer is cleared; a test's recording sleep may ignore it.
 */
async function abortable(sleep: TransportDeps['sleep'], ms: number, signal: AbortSignal, aborted: () => Error): Promise<void> {
  if (signal.aborted) throw aborted();
  let onAbort: () => void = () => undefined;
  const stop = new Promise<never>((_, reject) => {
    onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const slept = sleep(ms, signal);
  // Whichever loses the race must not surface as an unhandled rejection.
  slept.catch(() => undefined);
  stop.catch(() => undefined);
  try {
    await Promise.race([slept, stop]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) throw aborted();
}

function envelopeOf(answer: { body: Record<string, unknown> }): RestEnvelope {
  const { result, total, next, time } = answer.body;
  const envelope: RestEnvelope = { result };
  if (total !== undefined && total !== null && Number.isFinite(Number(total))) envelope.total = Number(total);
  if (next !== undefined && next !== null && Number.isFinite(Number(next))) envelope.next = Number(next);
  if (time && typeof time === 'object') envelope.time = time as Record<string, unknown>;
  return envelope;
}

function operatingResetAtOf(body: unknown): number | undefined {
  const time = body && typeof body === 'object' ? (body as { time?: { operating_reset_at?: unknown } }).time : undefined;
  const value = Number(time?.operating_reset_at);
  return time?.operating_reset_at !== undefined && Number.isFinite(value) ? value : undefined;
}
