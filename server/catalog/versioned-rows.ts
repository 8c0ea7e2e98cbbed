import type { Knex } from 'knex';

/**
 * Optimistic concurrency for every editable catalog row: a write names the version it was based
 * on, and lands only if that is still the stored one (then the version goes up by one). Nothing is
 * locked while a person edits; a stale save is refused, never silently merged or overwritten.
 */

export type VersionedOutcome = { kind: 'saved'; version: number } | { kind: 'conflict' } | { kind: 'missing' };

type Table = 'courses' | 'units' | 'lessons' | 'tests' | 'questions';
const SOFT_DELETED: Record<Table, boolean> = { courses: true, units: true, lessons: true, tests: true, questions: false };

export async function saveVersioned(
  db: Knex,
  table: Table,
  portalId: string,
  id: number,
  version: number,
  patch: Record<string, unknown>,
): Promise<VersionedOutcome> {
  const live = (q: Knex.QueryBuilder) => (SOFT_DELETED[table] ? q.whereNull('deleted_at') : q);
  const saved = await live(db(table).where({ portal_id: portalId, id, version }))
    .update({ ...patch, version: db.raw('version + 1'), updated_at: db.fn.now() })
    .returning('version');
  if (saved.length === 1) return { kind: 'saved', version: saved[0].version };
  const exists = await live(db(table).where({ portal_id: portalId, id })).first('id');
  return exists ? { kind: 'conflict' } : { kind: 'missing' };
}

/** Positions 0..n-1 in the order given; `ids` must be exactly the live children (checked by the caller). */
export async function writePositions(db: Knex, table: 'units' | 'lessons' | 'questions', portalId: string, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.raw(
    `UPDATE ${table} AS x SET position = o.position - 1
     FROM unnest(CAST(? AS bigint[])) WITH ORDINALITY AS o(id, position)
     WHERE x.portal_id = ? AND x.id = o.id`,
    [`{${ids.join(',')}}`, portalId],
  );
}

export const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && new Set(a).size === a.length && b.every((id) => a.includes(id));
