import type { Knex } from 'knex';
import { queryRows } from '../db/driver-query';
import type { PortalState } from '../tenants/portal-repository';

/** What one authenticated request needs to know about its caller now, read in one statement. */
export interface CallerRow {
  memberId: string;
  domain: string;
  state: PortalState;
  /** The one definition of "installed" (tenants/portal-serving.ts), evaluated by the database. */
  serving: boolean;
  /** Named in Settings right now, by user or by one of their departments or a department above them. */
  namedModerator: boolean;
  /** The mirrored display name; null until the people import has seen the user. */
  name: string | null;
  /** The portal's read version now (migration 0080), under which a reply read with it may be kept (http/reply-cache.ts). */
  readVersion: string;
}

// The statement is the function session_caller (migration 0015): the moderators rule of roles.ts
// (isNamedModerator) and the serving rule of tenants/portal-serving.ts in SQL, planned once per
// connection. Ids are passed as bigint so that no claimed number can overflow an integer column.
// The read version comes in the same statement (so in the same snapshot as whatever it joins).
const READ_VERSION_SQL = "coalesce((SELECT v.version::text FROM read_versions v WHERE v.portal_id = $1), '0')";
const CALLER_SQL = `SELECT member_id, domain, state, serving, named_moderator, name, last_name, ${READ_VERSION_SQL} AS read_version FROM session_caller($1, $2, $3::bigint[], $4)`;

interface Row {
  member_id: string;
  domain: string;
  state: PortalState;
  serving: boolean;
  named_moderator: boolean;
  name: string | null;
  last_name: string | null;
  read_version: string;
}

export interface CallerQuery {
  portalId: string;
  userId: number;
  departmentIds: readonly number[];
  /** False for an admin: the list cannot change their role, so it is not read. */
  moderatorsMatter: boolean;
}

const callerValues = (query: CallerQuery) => [query.portalId, query.userId, [...query.departmentIds], query.moderatorsMatter];

function callerRowOf(row: Row): CallerRow {
  const name = [row.name, row.last_name].filter(Boolean).join(' ').trim();
  return {
    memberId: row.member_id,
    domain: row.domain,
    state: row.state,
    serving: row.serving,
    namedModerator: row.named_moderator,
    name: name || null,
    readVersion: row.read_version,
  };
}

export async function readCaller(db: Knex, query: CallerQuery): Promise<CallerRow | null> {
  // Straight through the driver (db/driver-query.ts): every authenticated request sends it. Named:
  // PostgreSQL parses and plans even this call once per connection.
  const rows = await queryRows<Row>(db, CALLER_SQL, callerValues(query), 'session-caller');
  return rows[0] ? callerRowOf(rows[0]) : null;
}

/**
 * What a shared statement adds to each of the route's rows, prefixed so that no route's column can
 * shadow it: the row's number (null: the route had no row) and, on the first row only, the caller's
 * row as one JSON array (a single value, not eight repeated on every row for the driver to parse).
 */
type SharedRow = { caller__n: number | null; caller__json: string | null };
const CALLER_COUNT = 4;
const sharedTexts = new Map<string, string>();

/**
 * The route's statement `text` ($1... placeholders) with the caller's check in front, as ONE
 * statement: session_caller's row, joined to each of the route's rows (LEFT JOIN LATERAL: one row
 * with the caller alone when the route has none), numbered, the caller's columns on the first. The
 * route's placeholders move up by four. The route's rows keep their order: the join is a nested loop
 * over the caller's one row (nothing else can join on `true`), so the route's ORDER BY is what comes out.
 */
export function sharedStatementText(text: string): string {
  let shared = sharedTexts.get(text);
  if (shared === undefined) {
    const routeText = text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + CALLER_COUNT}`);
    shared =
      'SELECT CASE WHEN r.caller__n IS NULL OR r.caller__n = 1' +
      ` THEN json_build_array(c.member_id, c.domain, c.state, c.serving, c.named_moderator, c.name, c.last_name, ${READ_VERSION_SQL})::text END AS caller__json, r.*` +
      ' FROM session_caller($1, $2, $3::bigint[], $4) c' +
      ` LEFT JOIN LATERAL (SELECT row_number() OVER () AS caller__n, q.* FROM (${routeText}\n) q) r ON true`;
    sharedTexts.set(text, shared);
  }
  return shared;
}

/**
 * The caller (as readCaller reads it) and the route's rows, from one statement (sharedStatementText):
 * the session check shares the route's round trip. `name` names the shared statement (prepared).
 * No caller row (no such portal): null and no rows.
 */
export async function readCallerWith<R>(db: Knex, query: CallerQuery, text: string, values: unknown[], name?: string): Promise<{ caller: CallerRow | null; rows: R[] }> {
  const rows = await queryRows<SharedRow & R>(db, sharedStatementText(text), [...callerValues(query), ...values], name ? `${name}+caller` : undefined);
  const first = rows[0];
  if (!first) return { caller: null, rows: [] };
  const [memberId, domain, state, serving, namedModerator, givenName, lastName, readVersion] = JSON.parse(first.caller__json!) as [string, string, PortalState, boolean, boolean, string | null, string | null, string];
  const caller = callerRowOf({ member_id: memberId, domain, state, serving, named_moderator: namedModerator, name: givenName, last_name: lastName, read_version: readVersion });
  return { caller, rows: first.caller__n === null ? [] : rows };
}
