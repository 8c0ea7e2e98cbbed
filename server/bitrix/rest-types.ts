/**
 * The shapes the REST client speaks in. Kept apart from the client so the limiter, the
 * refresher and the pagers can use them without importing each other.
 */

/** Whose token a call runs with: Bitrix24 executes every REST call with that user's rights. */
export type Actor =
  /** The installing admin's stored token (portals row); refreshed on 401. */
  | { kind: 'app' }
  /** A frame user's own token; never stored; a 401 throws UserTokenExpiredError (the browser SDK refreshes). */
  | { kind: 'user'; userId: number; accessToken: string };

/**
 * How long the caller can wait for Bitrix24. `background` (jobs) waits out full buckets and
 * operation-time blocks (minutes); `interactive` (a person waiting on a page or an API reply) waits
 * a few seconds at most in all and then fails with BitrixBusyError saying when to try again.
 */
export type Patience = 'interactive' | 'background';

export interface RequestOptions {
  /** Default: the client's own (see BitrixClient.interactive()). */
  patience?: Patience;
  /** Ends every wait of this request (bucket, back-off, the HTTP request itself): a job that stops passes its signal. */
  signal?: AbortSignal;
}

export interface PortalEndpoint {
  id: string;
  /** REST root of the portal, e.g. https://portal.bitrix24.com/rest/ */
  clientEndpoint: string;
  /** REST root of its OAuth server, e.g. https://oauth.bitrix.info/rest/ (checked against the allow-list before use). */
  serverEndpoint: string;
  memberId: string;
}

export interface CallResult<T> {
  result: T;
  total?: number;
  next?: number;
  time?: Record<string, unknown>;
}

export interface BatchCommandError {
  error: string;
  error_description: string;
}

export interface BatchResult {
  result: Record<string, unknown>;
  /** Per-command errors; an empty `error` code from an old-style method is mapped (see bitrix-errors.ts). */
  errors: Record<string, BatchCommandError>;
  total: Record<string, number>;
  next: Record<string, number>;
}

export type BatchCommand = [string, Record<string, unknown>?];

/** The subset of a pino logger the client writes to. */
export interface RestLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

export const silentLogger: RestLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The portal's leaky bucket: `burst` requests at once, then `drainPerSecond` (50 / 2 on non-Enterprise plans). */
export interface BucketLimits {
  burst: number;
  drainPerSecond: number;
}

export const DEFAULT_LIMITS: BucketLimits = { burst: 50, drainPerSecond: 2 };

/** Classic list methods return at most this many rows per page (§3.4). */
export const PAGE_SIZE = 50;
/** Bitrix24 rejects a batch with more commands than this (ERROR_BATCH_LENGTH_EXCEEDED). */
export const MAX_BATCH_COMMANDS = 50;

export function actorLabel(actor: Actor): string {
  return actor.kind === 'app' ? 'app' : `user:${actor.userId}`;
}
