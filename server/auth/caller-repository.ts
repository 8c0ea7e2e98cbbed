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
}

// The statement is the function session_caller (migration 0015): the moderators rule of roles.ts
// (isNamedModerator) and the serving rule of tenants/portal-serving.ts in SQL, planned once per
// connection. Ids are passed as bigint so that no claimed number can overflow an integer column.
const CALLER_SQL = 'SELECT member_id, domain, state, serving, named_moderator, name, last_name FROM session_caller($1, $2, $3::bigint[], $4)';

interface Row {
  member_id: string;
  domain: string;
  state: PortalState;
  serving: boolean;
  named_moderator: boolean;
  name: string | null;
  last_name: string | null;
}

export interface CallerQuery {
  portalId: string;
  userId: number;
  departmentIds: readonly number[];
  /** False for an admin: the list cannot change their role, so it is not read. */
  moderatorsMatter: boolean;
}

export async function readCaller(db: Knex, query: CallerQuery): Promise<CallerRow | null> {
  // Straight through the driver (db/driver-query.ts): every authenticated request sends it. Named:
  // PostgreSQL parses and plans even this call once per connection.
  const rows = await queryRows<Row>(db, CALLER_SQL, [query.portalId, query.userId, [...query.departmentIds], query.moderatorsMatter], 'session-caller');
  const row = rows[0];
  if (!row) return null;
  const name = [row.name, row.last_name].filter(Boolean).join(' ').trim();
  return {
    memberId: row.member_id,
    domain: row.domain,
    state: row.state,
    serving: row.serving,
    namedModerator: row.named_moderator,
    name: name || null,
  };
}
