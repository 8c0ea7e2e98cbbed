import type { Knex } from 'knex';
import type { EnqueueOptions } from '../jobs/job-repository';
import type { Portal } from '../tenants/portal-repository';

/** The subset of a pino logger event handlers write to. */
export interface EventLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

/**
 * What an event handler gets. It runs inside the transaction that marks the inbox row processed,
 * so its database changes and "processed" commit together or not at all (a failed handler is
 * retried with nothing half-done). Use only `db` (the transaction) and no Bitrix24 calls: work
 * that needs the portal's REST API is queued as a job.
 */
export interface EventContext {
  db: Knex.Transaction;
  portal: Portal;
  event: string;
  data: Record<string, unknown>;
  ts: string | null;
  inboxId: number;
  receivedAt: Date;
  log: EventLogger;
  /** Queues a job for this portal in the same transaction. */
  enqueueJob(kind: string, payload?: Record<string, unknown>, options?: EnqueueOptions): Promise<number>;
  /** Runs after the transaction committed. */
  afterCommit(task: () => void): void;
  /** After commit, drops this process's cached access token of the portal (its tokens were revoked). */
  forgetCachedToken(): void;
}

export type EventHandler = (ctx: EventContext) => Promise<void>;

export interface EventHandlerOptions {
  /**
   * Process right after the delivery is stored, before answering, instead of in the worker.
   * Only for handlers that must take effect at once and are quick (ONAPPUNINSTALL).
   */
  inline?: boolean;
}

/**
 * Which handlers run for which event. Several handlers may register for one event; they run in
 * registration order, in one transaction. An event nobody registered for is answered 200 and
 * not stored.
 */
export class EventRegistry {
  private readonly handlers = new Map<string, EventHandler[]>();
  private readonly inlineEvents = new Set<string>();

  register(event: string, handler: EventHandler, options: EventHandlerOptions = {}): this {
    const name = event.toUpperCase();
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
    if (options.inline) this.inlineEvents.add(name);
    return this;
  }

  handlersOf(event: string): readonly EventHandler[] {
    return this.handlers.get(event.toUpperCase()) ?? [];
  }

  handles(event: string): boolean {
    return this.handlersOf(event).length > 0;
  }

  isInline(event: string): boolean {
    return this.inlineEvents.has(event.toUpperCase());
  }
}
