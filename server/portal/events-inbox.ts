import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { enqueueJob } from '../jobs/job-repository';
import { EventRegistry, type EventContext, type EventHandler, type EventHandlerOptions, type EventLogger } from './event-registry';
import { registerPlatformEvents } from './platform-events';
import { getPortal } from '../tenants/portal-repository';

/**
 * The event inbox (STYLE habit 6): a verified delivery is stored at once and answered 200; the
 * worker processes it later, exactly once. Processing runs the event's handlers and marks the row
 * processed in one transaction, and a repeated delivery never gets a second row (dedup_key).
 */

/** The app's handlers; features add theirs with registerEventHandler. */
export const defaultEventRegistry = registerPlatformEvents(new EventRegistry());

/** Adds a handler for an event (upper-cased) to the app's registry; see EventRegistry. */
export function registerEventHandler(event: string, handler: EventHandler, options: EventHandlerOptions = {}): void {
  defaultEventRegistry.register(event, handler, options);
}

/** JSON with object keys sorted, so the same data gives the same text however it was encoded. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256 of event + ts + data: the same delivery repeated gets the same key. */
export function eventDedupKey(event: string, ts: string | null, data: unknown): string {
  return crypto.createHash('sha256').update(`${event.toUpperCase()}\n${ts ?? ''}\n${canonicalJson(data)}`).digest('hex');
}

export interface InboxEvent {
  event: string;
  data: Record<string, unknown>;
  ts: string | null;
}

/** Stores a delivery (never its auth block); `stored: false` when the same delivery is already there. */
export async function storeEvent(db: Knex, portalId: string, input: InboxEvent): Promise<{ id: number | null; stored: boolean }> {
  const event = input.event.toUpperCase();
  const payload = { event, data: input.data, ts: input.ts };
  const answer = await db.raw<{ rows: Array<{ id: number | string }> }>(
    `INSERT INTO event_inbox (portal_id, event, payload, dedup_key) VALUES (?, ?, ?::jsonb, ?)
     ON CONFLICT (portal_id, dedup_key) DO NOTHING RETURNING id`,
    [portalId, event, JSON.stringify(payload), eventDedupKey(event, input.ts, input.data)],
  );
  const id = answer.rows[0]?.id;
  return id === undefined ? { id: null, stored: false } : { id: Number(id), stored: true };
}

interface InboxRow {
  portal_id: string;
  id: number | string;
  event: string;
  payload: unknown;
  received_at: Date | string;
  attempts: number;
}

export interface InboxOptions {
  log?: EventLogger;
  /** Drops a portal's cached access token (BitrixClient.forgetToken). */
  forgetToken?: (portalId: string) => void;
  /** Failed processing is retried this many times in all (default 5); then the row stays with its last_error. */
  maxAttempts?: number;
  /** Retry n waits (2^n - 1) × this after receipt (default 5 s). */
  retryBaseMs?: number;
  /** Events per processDueEvents call (default 50). */
  limit?: number;
}

export type ProcessOutcome = 'processed' | 'failed' | 'none';

const quietLog: EventLogger = { info: () => undefined, warn: () => undefined };
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

function payloadOf(row: InboxRow): { data: Record<string, unknown>; ts: string | null } {
  const payload = row.payload as { data?: unknown; ts?: unknown } | null; // jsonb, parsed by the driver
  const data = payload?.data && typeof payload.data === 'object' && !Array.isArray(payload.data) ? (payload.data as Record<string, unknown>) : {};
  return { data, ts: typeof payload?.ts === 'string' ? payload.ts : null };
}

/**
 * Processes one unprocessed inbox row: the given one, or the oldest due one. Rows another worker
 * holds are skipped (SKIP LOCKED). Events of a portal that is uninstalled are marked processed
 * without running handlers.
 */
export async function processInboxEvent(
  db: Knex,
  registry: EventRegistry,
  options: InboxOptions = {},
  target?: { portalId: string; id: number },
): Promise<ProcessOutcome> {
  const log = options.log ?? quietLog;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 5000;
  let row: InboxRow | undefined;
  const afterCommit: Array<() => void> = [];
  try {
    await db.transaction(async (trx) => {
      const query = trx<InboxRow>('event_inbox').whereNull('processed_at').forUpdate().skipLocked();
      if (target) query.where({ portal_id: target.portalId, id: target.id });
      else {
        query
          .where('attempts', '<', maxAttempts)
          .andWhereRaw(`(attempts = 0 OR received_at + (power(2, attempts) - 1) * ? * interval '1 millisecond' <= now())`, [retryBaseMs])
          .orderBy([{ column: 'received_at' }, { column: 'id' }]);
      }
      row = await query.first();
      if (!row) return;
      const current = row;
      const portal = await getPortal(trx, current.portal_id);
      if (portal && portal.state !== 'uninstalled') {
        const { data, ts } = payloadOf(current);
        const ctx: EventContext = {
          db: trx,
          portal,
          event: current.event,
          data,
          ts,
          inboxId: Number(current.id),
          receivedAt: new Date(current.received_at),
          log,
          enqueueJob: (kind, payload = {}, enqueueOptions = {}) => enqueueJob(trx, portal.id, kind, payload, enqueueOptions),
          afterCommit: (task) => void afterCommit.push(task),
          forgetCachedToken: () => void afterCommit.push(() => options.forgetToken?.(portal.id)),
        };
        for (const handler of registry.handlersOf(current.event)) await handler(ctx);
      }
      // After ONAPPUNINSTALL with CLEAN=1 the row is gone with its portal; updating nothing is fine.
      await trx('event_inbox')
        .where({ portal_id: current.portal_id, id: current.id })
        .update({ processed_at: trx.fn.now(), attempts: trx.raw('attempts + 1'), last_error: null });
    });
  } catch (error) {
    const failed = row as InboxRow | undefined;
    if (!failed) throw error;
    await db('event_inbox')
      .where({ portal_id: failed.portal_id, id: failed.id })
      .update({ attempts: db.raw('attempts + 1'), last_error: describe(error).slice(0, 2000) });
    log.warn({ portalId: failed.portal_id, inboxId: Number(failed.id), event: failed.event, reason: describe(error) }, 'event processing failed; will retry');
    return 'failed';
  }
  if (!row) return 'none';
  for (const task of afterCommit) {
    try {
      task();
    } catch (error) {
      log.warn({ reason: describe(error) }, 'after-commit task of an event failed');
    }
  }
  return 'processed';
}

/** Processes due inbox rows (up to `limit`); returns how many were taken (processed or failed). */
export async function processDueEvents(db: Knex, registry: EventRegistry = defaultEventRegistry, options: InboxOptions = {}): Promise<number> {
  const limit = options.limit ?? 50;
  let taken = 0;
  while (taken < limit) {
    const outcome = await processInboxEvent(db, registry, options);
    if (outcome === 'none') break;
    taken++;
  }
  return taken;
}
