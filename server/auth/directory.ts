import type { Knex } from 'knex';

/**
 * Read-only looks at the portal's mirrored people and departments (filled by the people import),
 * for role resolution and display names. Both may be empty before the first import.
 */

/** department id → parent id, for "a named department includes its sub-departments". */
export async function departmentParents(db: Knex, portalId: string): Promise<Map<number, number | null>> {
  const rows: Array<{ department_id: number; parent_id: number | null }> = await db('departments').where({ portal_id: portalId }).select('department_id', 'parent_id');
  return new Map(rows.map((row) => [Number(row.department_id), row.parent_id === null ? null : Number(row.parent_id)]));
}

/** The display name of a mirrored person, or null when the people import has not seen them. */
export async function personName(db: Knex, portalId: string, userId: number): Promise<string | null> {
  const row: { name: string; last_name: string } | undefined = await db('people').where({ portal_id: portalId, user_id: userId }).first('name', 'last_name');
  if (!row) return null;
  return [row.name, row.last_name].filter(Boolean).join(' ').trim() || null;
}
