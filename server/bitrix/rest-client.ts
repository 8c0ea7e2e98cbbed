import axios, { type AxiosInstance } from 'axios';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { BitrixError, BitrixWaitAbortedError } from './bitrix-errors';
import { batchCommand, keyedCommands, normaliseBatchResult } from './batch-command';
import { listAll, listAllByStart, type ListOptions } from './list-all';
import { PortalRateLimiter } from './rate-limiter';
import { RequestLogWriter } from './request-log';
import { RestTransport, isMethodName } from './rest-transport';
import { isRepeatable } from './retry-policy';
import { TokenRefresher } from './token-refresher';
import type { TokenStore } from './token-store';
import {
  DEFAULT_LIMITS,
  MAX_BATCH_COMMANDS,
  silentLogger,
  type Actor,
  type BatchCommand,
  type BatchResult,
  type BucketLimits,
  type CallResult,
  type Patience,
  type PortalEndpoint,
  type RequestOptions,
  type RestLogger,
} from './rest-types';

export type { Actor, BatchCommand, BatchResult, CallResult, Patience, PortalEndpoint, RequestOptions, RestLogger } from './rest-types';
export type { ListOptions } from './list-all';
export { BitrixBusyError, BitrixError, BitrixWaitAbortedError, PortalAuthError, UserTokenExpiredError } from './bitrix-errors';
export { pruneRequestLog } from './request-log';
export type { TokenStore, StoredTokens } from './token-store';

export interface BitrixClientDeps {
  db: Knex;
  /** Where the app's tokens are kept (the portal registry's, tenants/portal-token-store). */
  tokens: TokenStore;
  config: Pick<Config, 'b24OAuthServers' | 'b24ClientId' | 'b24ClientSecret'>;
  log?: RestLogger;
  http?: AxiosInstance;
  limits?: BucketLimits;
  /** Waits for rate limits and back-offs; tests pass a recorder that does not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The clock (ms), for the bucket and for `operating_reset_at`. */
  now?: () => number;
  /** How long callers of this instance wait by default (default 'background'; routes get interactive()). */
  patience?: Patience;
}

/** A timer the signal clears: an aborted 10-minute back-off must not keep the process alive. */
const realSleep = (ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, { signal });

/**
 * The one way the app talks to Bitrix24 (STYLE habit 5): every REST request of every feature
 * goes through an instance of this class, which rate-limits per portal, refreshes the app token
 * once on expiry, backs off on limits, maps errors, logs each request (without tokens) and
 * writes the REST request log. Create one per process and share it.
 *
 * Parameter keys are sent exactly as given: their case matters to several methods (§3.1).
 * Don't call it inside a database transaction: a refresh needs the database too.
 */
export class BitrixClient {
  private readonly transport: RestTransport;
  private readonly refresher: TokenRefresher;
  private readonly requestLog: RequestLogWriter;
  /** Aborted by close(): every wait of every request of this client (and its views) ends. */
  private readonly closing = new AbortController();
  private readonly patience: Patience;

  constructor(deps: BitrixClientDeps) {
    this.patience = deps.patience ?? 'background';
    // Every request waiting at once listens for close(): hundreds are normal, not a leak.
    setMaxListeners(0, this.closing.signal);
    const log = deps.log ?? silentLogger;
    const http = deps.http ?? axios.create();
    const sleep = deps.sleep ?? realSleep;
    const now = deps.now ?? Date.now;
    this.refresher = new TokenRefresher(deps.db, deps.tokens, deps.config, http, log);
    this.requestLog = new RequestLogWriter(deps.db, log);
    this.transport = new RestTransport({
      http,
      limiter: new PortalRateLimiter(deps.limits ?? DEFAULT_LIMITS, sleep, now),
      refresher: this.refresher,
      requestLog: this.requestLog,
      log,
      sleep,
      now,
    });
  }

  async call<T = unknown>(portal: PortalEndpoint, actor: Actor, method: string, params: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<CallResult<T>> {
    const envelope = await this.transport.send({ portal, actor, method, params, commands: 1, repeatable: isRepeatable(method), ...this.waiting(options) });
    return envelope as CallResult<T>;
  }

  /**
   * The same client (same buckets, same token cache, same close()) for requests a person waits on:
   * a few seconds of waiting at most, then BitrixBusyError with the time to retry. Route handlers
   * get this one (app.ts); the worker keeps the patient original, so only jobs wait long.
   */
  interactive(): BitrixClient {
    // A view sharing every part with this instance; only the default patience differs.
    return Object.assign(Object.create(BitrixClient.prototype) as BitrixClient, this, { patience: 'interactive' as Patience });
  }

  /**
   * Ends every wait now (bucket, back-off, HTTP requests in flight) and refuses new requests:
   * they fail with BitrixWaitAbortedError. For a graceful shutdown that must not wait out a
   * 10-minute operation-time block.
   */
  close(): void {
    if (!this.closing.signal.aborted) this.closing.abort(new BitrixWaitAbortedError('close'));
  }

  /**
   * Up to 50 commands in one request. Per-command failures come back in `errors` (not thrown);
   * only a failure of the whole request throws. An array's keys are its indices ("0", "1", ...).
   * `halt` (default false) stops at the first failing command.
   */
  async batch(
    portal: PortalEndpoint,
    actor: Actor,
    commands: Record<string, BatchCommand> | BatchCommand[],
    options: { halt?: boolean } & RequestOptions = {},
  ): Promise<BatchResult> {
    return this.sendBatch(portal, actor, keyedCommands(commands), options.halt ?? false, options);
  }

  /**
   * Any number of commands, 50 per request, one request after another; one BatchResult per chunk.
   * Keys are the commands' indices in `commands` ("0" ... "49", then "50" ... "99", ...).
   */
  async batchAll(portal: PortalEndpoint, actor: Actor, commands: BatchCommand[], options: { halt?: boolean } & RequestOptions = {}): Promise<BatchResult[]> {
    const results: BatchResult[] = [];
    for (let i = 0; i < commands.length; i += MAX_BATCH_COMMANDS) {
      results.push(await this.sendBatch(portal, actor, keyedCommands(commands.slice(i, i + MAX_BATCH_COMMANDS), i), options.halt ?? false, options));
    }
    return results;
  }

  /** Every row of a list method (user.get, department.get, sonet_group.get, ...); see list-all.ts for how each is paged. */
  listAll<T>(portal: PortalEndpoint, actor: Actor, method: string, params: Record<string, unknown> = {}, options: ListOptions = {}): Promise<T[]> {
    return listAll<T>(this, portal, actor, method, params, options);
  }

  /** Every row, paged with `start`/`next`: for methods that ignore `>ID` (pass their exact order keys, e.g. `ORDER`). */
  listAllByStart<T>(portal: PortalEndpoint, actor: Actor, method: string, params: Record<string, unknown> = {}, options: ListOptions = {}): Promise<T[]> {
    return listAllByStart<T>(this, portal, actor, method, params, options);
  }

  /** Drops the cached app token of a portal (call after a reinstall stored a new pair). */
  forgetToken(portalId: string): void {
    this.refresher.forget(portalId);
  }

  /** Waits until every request log row recorded so far is written. */
  flushRequestLog(): Promise<void> {
    return this.requestLog.flush();
  }

  /** The patience and the signal a request waits with: the caller's, else this client's; close() always ends it. */
  private waiting(options: RequestOptions): { patience: Patience; signal: AbortSignal } {
    const signal = options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal;
    return { patience: options.patience ?? this.patience, signal };
  }

  private async sendBatch(portal: PortalEndpoint, actor: Actor, commands: Record<string, BatchCommand>, halt: boolean, options: RequestOptions): Promise<BatchResult> {
    const keys = Object.keys(commands);
    if (keys.length > MAX_BATCH_COMMANDS) {
      throw new BitrixError('ERROR_BATCH_LENGTH_EXCEEDED', `${keys.length} commands; at most ${MAX_BATCH_COMMANDS} per batch (use batchAll)`, 0, 'batch');
    }
    if (keys.length === 0) return { result: {}, errors: {}, total: {}, next: {} };
    const cmd: Record<string, string> = {};
    let repeatable = true;
    for (const key of keys) {
      const [method, params] = commands[key];
      if (!isMethodName(method)) throw new BitrixError('INVALID_METHOD', `Not a REST method name in command ${key}`, 0, 'batch');
      if (method.toLowerCase() === 'batch') throw new BitrixError('ERROR_BATCH_METHOD_NOT_ALLOWED', 'A batch cannot contain a batch', 0, 'batch');
      cmd[key] = batchCommand(method, params);
      repeatable &&= isRepeatable(method);
    }
    const envelope = await this.transport.send({ portal, actor, method: 'batch', params: { halt: halt ? 1 : 0, cmd }, commands: keys.length, repeatable, ...this.waiting(options) });
    return normaliseBatchResult(envelope.result);
  }
}
