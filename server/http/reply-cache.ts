/**
 * Replies of hot read routes as they were sent, each under the portal read version it was built
 * under (migration 0080: a new value at the commit of any write a reply could read). A reply is
 * served again only while the portal's value, read afresh on every request with the caller check,
 * is still that one: so it is never stale, and a process can be stopped, added or dropped at will
 * (nothing here matters but as a saving). Keys start with the portal.
 *
 * Bounded twice: by entries and by bytes, the least recently used going first; a reply larger than
 * a share of the bytes is never kept.
 */
/** A kept reply's key: the portal first, then whatever else the reply depends on, unambiguously joined. */
export function replyKey(portalId: string, ...parts: Array<string | number | boolean | null | undefined>): string {
  return JSON.stringify([portalId, ...parts]);
}

/**
 * The quarter-hour `now` is in. Every time zone's offset from UTC is a whole number of quarter hours,
 * so a reply that depends on the day, in whatever zone, is the same throughout one.
 */
export function quarterHourOf(now: Date): number {
  return Math.floor(now.getTime() / 900_000);
}

export interface ReplyCacheLimits {
  maxEntries: number;
  maxBytes: number;
}

interface Entry {
  version: string;
  body: string;
  bytes: number;
}

export class ReplyCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly limits: ReplyCacheLimits = { maxEntries: 5_000, maxBytes: 64 * 1024 * 1024 }) {}

  /** Whether a reply is kept under `key`, of whatever version (the route then expects to serve it). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The reply kept under `key` if it was built under `version`, now the most recently used. */
  get(key: string, version: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.version !== version) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.body;
  }

  /** Keeps `body` under `key` as built under `version`, in place of what was there. */
  set(key: string, version: string, body: string): void {
    this.delete(key);
    // UTF-16 length: what the string costs in memory, near enough.
    const bytes = body.length * 2;
    if (bytes > this.limits.maxBytes / 16) return;
    this.entries.set(key, { version, body, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets the reply kept under `key`, if any. */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
