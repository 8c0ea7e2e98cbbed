import type { Knex } from 'knex';
import type { PortalState } from '../tenants/portal-repository';
import { portalServesSql } from '../tenants/portal-serving';

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

// The moderators rule of roles.ts (isNamedModerator), in SQL: the user's departments as Bitrix24
// gave them at launch, walked up the mirrored tree (UNION stops at a cycle in bad data) for a
// department named with its sub-departments, not for one named alone ('department_only'). Ids are
// compared as bigint so that no claimed number can overflow a column's integer type.
const CALLER_SQL = `
WITH RECURSIVE up (department_id) AS (
  SELECT unnest(:departmentIds::bigint[])
  UNION
  SELECT d.parent_id FROM departments d JOIN up ON d.department_id = up.department_id
  WHERE d.portal_id = :portalId AND d.parent_id IS NOT NULL
)
SELECT p.member_id, p.domain, p.state, ${portalServesSql('p')} AS serving,
  (:moderatorsMatter::boolean AND EXISTS (
    SELECT 1 FROM moderators m
    WHERE m.portal_id = p.id
      AND ((m.subject_type = 'user' AND m.subject_id = :userId::bigint)
        OR (m.subject_type = 'department' AND m.subject_id IN (SELECT department_id FROM up))
        OR (m.subject_type = 'department_only' AND m.subject_id = ANY(:departmentIds::bigint[])))
  )) AS named_moderator,
  pe.name, pe.last_name
FROM portals p
LEFT JOIN people pe ON pe.portal_id = p.id AND pe.user_id = :userId::bigint
WHERE p.id = :portalId`;

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
  const answer = await db
    .raw(CALLER_SQL, { ...query, departmentIds: [...query.departmentIds] })
    // Named: PostgreSQL parses and plans it once per connection, not on every request (it runs
    // on every request of every user). PGlite ignores the name.
    .options({ name: 'session-caller' });
  const row = (answer.rows as Row[])[0];
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
