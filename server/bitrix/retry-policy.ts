/**
 * When to send a failed request again, and after how long (§4.1, §4.3). Pure: the client
 * asks, sleeps and counts.
 *
 * - 503 QUERY_LIMIT_EXCEEDED: the portal's bucket is full; growing delay 1 s × 1.5^n, 5 times.
 * - 429 OPERATION_TIME_LIMIT: this method is blocked until `time.operating_reset_at`; wait for
 *   it (at most 10 minutes; 10 s when the answer does not say), twice.
 * - Other 5xx and network failures: 1 s, 2 s, 4 s. Only when repeating cannot do harm: the
 *   request surely never reached Bitrix24 (connection refused, DNS), or the method is safe to
 *   repeat. A timeout on `sonet_group.create` may have created the group already.
 * - 4xx: never (Market rule: don't resend malformed requests). 401 refresh is the client's business.
 *
 * These are a job's delays. An interactive request (a person waiting) takes a delay only while its
 * waits add up to at most INTERACTIVE_MAX_WAIT_MS; the transport enforces that.
 */
export type Failure =
  | { kind: 'http'; status: number; code: string; operatingResetAt?: number }
  | { kind: 'network'; code: string };

export interface RetryCounts {
  queryLimit: number;
  operating: number;
  transient: number;
}

export const newRetryCounts = (): RetryCounts => ({ queryLimit: 0, operating: 0, transient: 0 });

export const QUERY_LIMIT_RETRIES = 5;
export const OPERATING_RETRIES = 2;
export const TRANSIENT_RETRIES = 3;
export const MAX_OPERATING_WAIT_MS = 10 * 60_000;
export const DEFAULT_OPERATING_WAIT_MS = 10_000;
/**
 * All an interactive request may spend waiting (for the bucket and between attempts): a person is
 * looking at a blank frame meanwhile. Past it, they are told Bitrix24 is busy and when to retry.
 */
export const INTERACTIVE_MAX_WAIT_MS = 3_000;

/** Failures that mean "Bitrix24 is busy" (rather than broken): an interactive caller is told when to come back. */
export function isBusyFailure(failure: Failure): boolean {
  return failure.kind === 'http' && (failure.code === 'QUERY_LIMIT_EXCEEDED' || failure.code === 'OPERATION_TIME_LIMIT' || failure.status === 429);
}

/** Methods that must not run twice by accident: each run creates something new. */
const NOT_REPEATABLE = new Set(['sonet_group.create', 'user.add', 'im.notify', 'im.notify.system.add', 'im.notify.personal.add', 'im.message.add']);

export function isRepeatable(method: string): boolean {
  return !NOT_REPEATABLE.has(method.toLowerCase());
}

/** Network errors raised before anything was sent: repeating them is always safe. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Network errors after which the request may or may not have been processed. */
const MAYBE_SENT_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ERR_NETWORK', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** The delay before the next attempt, or null to give up; counts the attempt in `counts`. */
export function retryDelay(failure: Failure, counts: RetryCounts, options: { repeatable: boolean; now: number }): number | null {
  if (failure.kind === 'network') {
    const safe = NOT_SENT_CODES.has(failure.code) || (options.repeatable && MAYBE_SENT_CODES.has(failure.code));
    return safe ? transient(counts) : null;
  }
  if (failure.code === 'QUERY_LIMIT_EXCEEDED') {
    if (counts.queryLimit >= QUERY_LIMIT_RETRIES) return null;
    return Math.round(1000 * 1.5 ** counts.queryLimit++);
  }
  if (failure.code === 'OPERATION_TIME_LIMIT' || failure.status === 429) {
    if (counts.operating >= OPERATING_RETRIES) return null;
    counts.operating++;
    if (failure.operatingResetAt === undefined) return DEFAULT_OPERATING_WAIT_MS;
    const until = failure.operatingResetAt * 1000 - options.now;
    return Math.min(MAX_OPERATING_WAIT_MS, Math.max(1000, Math.ceil(until)));
  }
  // A manual block by Bitrix24 support: repeating only makes it worse.
  if (failure.code === 'OVERLOAD_LIMIT') return null;
  if (failure.status >= 500 && options.repeatable) return transient(counts);
  return null;
}

function transient(counts: RetryCounts): number | null {
  if (counts.transient >= TRANSIENT_RETRIES) return null;
  return 1000 * 2 ** counts.transient++;
}
