import type { Knex } from 'knex';
import type { RestLogger } from './rest-types';

/**
 * The REST request log Bitrix24's Market asks for (keep at least the last 3 days, §4.2):
 * one row per HTTP request to a portal, with who, what, how it ended and how long it took.
 * Never a token, never parameters (they can hold personal data).
 */
export interface RequestLogEntry {
  portalId: string;
  /** The REST method, or 'batch'. */
  method: string;
  /** 'app' or 'user:<id>'. */
  actor: string;
  /** Null when no answer came (network error, timeout). */
  httpStatus: number | null;
  errorCode: string | null;
  durationMs: number;
  /** Commands in a batch; 1 otherwise. */
  commands: number;
}

/**
 * Writes log rows without making the REST call wait for them. A caller that holds the only
 * PGlite connection (an open transaction) would otherwise deadlock on its own log row.
 */
export class RequestLogWriter {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Knex,
    private readonly log: RestLogger,
  ) {}

  record(entry: RequestLogEntry): void {
    const write = this.db('rest_request_log')
      .insert({
        portal_id: entry.portalId,
        method: entry.method,
        actor: entry.actor,
        http_status: entry.httpStatus,
        error_code: entry.errorCode,
        duration_ms: Math.max(0, Math.round(entry.durationMs)),
        commands: entry.commands,
      })
      .then(
        () => undefined,
        (err: unknown) => {
          // The portal may have been deleted meanwhile, or the database closed at shutdown.
          this.log.warn({ portalId: entry.portalId, method: entry.method, reason: err instanceof Error ? err.message : String(err) }, 'bitrix request log row not written');
        },
      );
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Resolves when every row recorded so far has been written (tests, graceful shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

/**
 * Deletes a portal's log rows older than `olderThanDays` (default 3, the Market's minimum).
 * Run by the daily maintenance job of each portal. Returns the rows deleted.
 */
export async function pruneRequestLog(db: Knex, portalId: string, olderThanDays = 3): Promise<number> {
  if (!(olderThanDays >= 0)) throw new RangeError('olderThanDays must be >= 0');
  const cutoff = new Date(Date.now() - olderThanDays * 86_400_000);
  // .returning() gives a row list on both drivers (knex-pglite's .delete() returns the raw result).
  const deleted = await db('rest_request_log').where({ portal_id: portalId }).andWhere('at', '<', cutoff).delete().returning('id');
  return deleted.length;
}
