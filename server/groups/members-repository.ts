import type { Knex } from 'knex';

/**
 * group_members (migrations/0021): one row per membership period, never deleted. Writers upsert on
 * the one-open-row-per-person index, so a retried write can neither double nor lose a membership.
 */

export const MEMBER_SOURCES = ['manual', 'workgroup', 'invitation', 'rule'] as const;
export type MemberSource = (typeof MEMBER_SOURCES)[number];
export type EndState = 'left' | 'removed' | 'ended';
type Row = Record<string, unknown>;

const intArray = (ids: readonly number[]) => `{${ids.map((id) => Math.trunc(id)).join(',')}}`;
const textArray = (values: ReadonlyArray<string | null>) => `{${values.map((v) => (v === null ? 'NULL' : `"${v}"`)).join(',')}}`;

/** Opens a membership unless one is open; true when this call opened it. */
export async function openMembership(db: Knex, portalId: string, groupId: number, personId: number, source: MemberSource): Promise<boolean> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `INSERT INTO group_members (portal_id, group_id, person_id, state, source) VALUES (?, ?, ?, 'active', ?)
     ON CONFLICT (portal_id, group_id, person_id) WHERE left_at IS NULL DO NOTHING RETURNING id`,
    [portalId, groupId, personId, source],
  );
  return rows.length === 1;
}

/**
 * The mirror's write: every current workgroup member has an open membership with their role.
 * New rows start now (joined_at = first seen); existing ones are touched only when the role
 * changed, so a sync with no change writes nothing. Returns the people whose membership began.
 */
export async function upsertWorkgroupMembers(db: Knex, portalId: string, groupId: number, members: ReadonlyArray<{ userId: number; role: string }>): Promise<number[]> {
  if (members.length === 0) return [];
  const { rows } = await db.raw<{ rows: Row[] }>(
    `INSERT INTO group_members AS m (portal_id, group_id, person_id, state, source, workgroup_role)
     SELECT ?, ?, x.person_id, 'active', 'workgroup', x.role
     FROM unnest(CAST(? AS integer[]), CAST(? AS text[])) AS x(person_id, role)
     ON CONFLICT (portal_id, group_id, person_id) WHERE left_at IS NULL
     DO UPDATE SET workgroup_role = EXCLUDED.workgroup_role, updated_at = now()
       WHERE m.workgroup_role IS DISTINCT FROM EXCLUDED.workgroup_role
     RETURNING m.person_id, (m.xmax = 0) AS inserted`,
    [portalId, groupId, intArray(members.map((m) => m.userId)), textArray(members.map((m) => (['A', 'E', 'K'].includes(m.role) ? m.role : null)))],
  );
  return rows.filter((r) => r.inserted === true).map((r) => Number(r.person_id));
}

/**
 * Closes the open memberships of everyone NOT in `keep` (people who left the workgroup). Returns
 * whom. With `openedBefore`, rows opened since then (after the list was read) are left alone.
 */
export async function endMembershipsExcept(db: Knex, portalId: string, groupId: number, keep: readonly number[], state: EndState, openedBefore?: Date): Promise<number[]> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `UPDATE group_members SET state = ?, left_at = now(), updated_at = now()
     WHERE portal_id = ? AND group_id = ? AND left_at IS NULL AND NOT (person_id = ANY (CAST(? AS integer[])))
       AND (CAST(? AS timestamptz) IS NULL OR joined_at < CAST(? AS timestamptz))
     RETURNING person_id`,
    [state, portalId, groupId, intArray(keep), openedBefore?.toISOString() ?? null, openedBefore?.toISOString() ?? null],
  );
  return rows.map((r) => Number(r.person_id));
}

export async function endMembership(db: Knex, portalId: string, groupId: number, personId: number, state: EndState): Promise<boolean> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `UPDATE group_members SET state = ?, left_at = now(), updated_at = now()
     WHERE portal_id = ? AND group_id = ? AND person_id = ? AND left_at IS NULL RETURNING id`,
    [state, portalId, groupId, personId],
  );
  return rows.length > 0;
}

/** The daily people pass: people no longer active in Bitrix24 leave every group (history kept). */
export async function endMembershipsOfInactivePeople(db: Knex, portalId: string): Promise<Array<{ groupId: number; personId: number; source: MemberSource }>> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `UPDATE group_members m SET state = 'ended', left_at = now(), updated_at = now()
     FROM people p
     WHERE m.portal_id = ? AND m.left_at IS NULL AND p.portal_id = m.portal_id AND p.user_id = m.person_id AND NOT p.active
     RETURNING m.group_id, m.person_id, m.source`,
    [portalId],
  );
  return rows.map((r) => ({ groupId: Number(r.group_id), personId: Number(r.person_id), source: r.source as MemberSource }));
}

/** The open membership state of each of `personIds` in the group (absent: none). */
export async function openStates(db: Knex, portalId: string, groupId: number, personIds: readonly number[]): Promise<Map<number, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db('group_members')
    .where({ portal_id: portalId, group_id: groupId })
    .whereNull('left_at')
    .whereIn('person_id', [...personIds])
    .select('person_id', 'state');
  return new Map(rows.map((r: Row) => [Number(r.person_id), String(r.state)]));
}

/** The caller's open membership of a group, with the mirrored workgroup role. */
export async function openMembershipOf(db: Knex, portalId: string, groupId: number, personId: number): Promise<{ state: string; workgroupRole: string | null } | null> {
  const row = await db('group_members').where({ portal_id: portalId, group_id: groupId, person_id: personId }).whereNull('left_at').first('state', 'workgroup_role');
  return row ? { state: String(row.state), workgroupRole: (row.workgroup_role as string | null) ?? null } : null;
}

export interface ParticipantRow {
  userId: number;
  name: string;
  lastName: string;
  position: string;
  userType: string;
  photoUrl: string | null;
  active: boolean;
  state: string;
  source: MemberSource;
  workgroupRole: string | null;
  joinedAt: string | null;
  leftAt: string | null;
}

export type ParticipantFilter = 'active' | 'ended' | 'all';

/** A page of a group's memberships with the mirrored people, and the total, in one statement. */
export async function listParticipants(
  db: Knex,
  portalId: string,
  groupId: number,
  options: { state: ParticipantFilter; q?: string; limit: number; offset: number },
): Promise<{ total: number; participants: ParticipantRow[] }> {
  const stateFilter = options.state === 'active' ? 'm.left_at IS NULL' : options.state === 'ended' ? 'm.left_at IS NOT NULL' : 'TRUE';
  const q = options.q?.trim() ? `%${options.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `m.portal_id = :portal AND m.group_id = :group AND ${stateFilter}
    AND (CAST(:q AS text) IS NULL OR p.name ILIKE :q OR p.last_name ILIKE :q OR p.position ILIKE :q)`;
  const { rows } = await db.raw<{ rows: Row[] }>(
    `SELECT count(*) OVER () AS total, m.person_id, coalesce(p.name, '') AS name, coalesce(p.last_name, '') AS last_name,
            coalesce(p.position, '') AS position, coalesce(p.user_type, 'employee') AS user_type, p.photo_url, coalesce(p.active, true) AS active,
            m.state, m.source, m.workgroup_role, m.joined_at, m.left_at
     FROM group_members m LEFT JOIN people p ON p.portal_id = m.portal_id AND p.user_id = m.person_id
     WHERE ${where}
     ORDER BY (m.left_at IS NULL) DESC, p.last_name, p.name, m.person_id, m.id DESC
     LIMIT :limit OFFSET :offset`,
    { portal: portalId, group: groupId, q, limit: options.limit, offset: options.offset },
  );
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    total: rows[0] ? Number(rows[0].total) : 0,
    participants: rows.map((r) => ({
      userId: Number(r.person_id),
      name: String(r.name),
      lastName: String(r.last_name),
      position: String(r.position),
      userType: String(r.user_type),
      photoUrl: (r.photo_url as string | null) ?? null,
      active: Boolean(r.active),
      state: String(r.state),
      source: r.source as MemberSource,
      workgroupRole: (r.workgroup_role as string | null) ?? null,
      joinedAt: iso(r.joined_at),
      leftAt: iso(r.left_at),
    })),
  };
}
