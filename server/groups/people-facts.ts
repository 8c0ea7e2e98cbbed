import type { Knex } from 'knex';

/**
 * What the groups feature needs to know of people from the mirror (table people, kept by people/):
 * whether they are active and their user type, and which of a workgroup's members the mirror does
 * not hold yet. Read-only, tenant-first; the mirror itself is written only by people/.
 */

export async function peopleFacts(db: Knex, portalId: string, userIds: readonly number[]): Promise<Map<number, { active: boolean; userType: string }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db('people').where({ portal_id: portalId }).whereIn('user_id', [...userIds]).select('user_id', 'active', 'user_type');
  return new Map(rows.map((r: Record<string, unknown>) => [Number(r.user_id), { active: Boolean(r.active), userType: String(r.user_type) }]));
}

/** Of `userIds`, those the mirror lacks or holds as inactive: the only ones a sync asks user.get about. */
export async function peopleToMirror(db: Knex, portalId: string, userIds: readonly number[]): Promise<number[]> {
  if (userIds.length === 0) return [];
  const { rows } = await db.raw<{ rows: Array<{ id: number | string }> }>(
    `SELECT x.id FROM unnest(CAST(? AS integer[])) AS x(id)
     WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.portal_id = ? AND p.user_id = x.id AND p.active)`,
    [`{${userIds.map((id) => Math.trunc(id)).join(',')}}`, portalId],
  );
  return rows.map((r) => Number(r.id));
}
