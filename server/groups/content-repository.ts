import type { Knex } from 'knex';
import type { ContentKind } from './closed-content-sql';

/**
 * group_content (migrations/0023): which courses and standalone tests a group holds. Titles are read
 * from the catalog's tables in the same statement (a join, not the catalog's repository).
 */

type Row = Record<string, unknown>;

export interface ContentRef {
  kind: ContentKind;
  id: number;
  title: string;
  hiddenFromExtranet: boolean;
  deleted: boolean;
}

/** Is it a live course, or a live standalone test (a unit's test goes with its course)? */
export type ContentItemState = { state: 'ok'; hiddenFromExtranet: boolean; authorId: number } | { state: 'missing' | 'unit-test' };

export async function contentItemState(db: Knex, portalId: string, kind: ContentKind, itemId: number): Promise<ContentItemState> {
  if (kind === 'course') {
    const row = await db('courses').where({ portal_id: portalId, id: itemId }).whereNull('deleted_at').first('id', 'hidden_from_extranet', 'author_id');
    return row ? { state: 'ok', hiddenFromExtranet: Boolean(row.hidden_from_extranet), authorId: Number(row.author_id) } : { state: 'missing' };
  }
  const row = await db('tests').where({ portal_id: portalId, id: itemId }).whereNull('deleted_at').first('id', 'unit_id', 'hidden_from_extranet', 'author_id');
  if (!row) return { state: 'missing' };
  return row.unit_id === null ? { state: 'ok', hiddenFromExtranet: Boolean(row.hidden_from_extranet), authorId: Number(row.author_id) } : { state: 'unit-test' };
}

export async function attachContent(db: Knex, portalId: string, groupId: number, kind: ContentKind, itemId: number, by: number): Promise<boolean> {
  const column = kind === 'course' ? 'course_id' : 'test_id';
  const index = kind === 'course' ? 'course_id' : 'test_id';
  const { rows } = await db.raw<{ rows: Row[] }>(
    `INSERT INTO group_content (portal_id, group_id, ${column}, attached_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (portal_id, ${index}, group_id) WHERE ${index} IS NOT NULL DO NOTHING RETURNING id`,
    [portalId, groupId, itemId, by],
  );
  return rows.length === 1;
}

export async function detachContent(db: Knex, portalId: string, groupId: number, kind: ContentKind, itemId: number): Promise<boolean> {
  const column = kind === 'course' ? 'course_id' : 'test_id';
  const rows = await db('group_content').where({ portal_id: portalId, group_id: groupId, [column]: itemId }).delete().returning('id');
  return rows.length > 0;
}

/** The group's content with titles; `reopens` = attached to no other live group (what a delete would open). */
export async function listContent(db: Knex, portalId: string, groupId: number): Promise<Array<ContentRef & { reopens: boolean }>> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `SELECT CASE WHEN gc.course_id IS NOT NULL THEN 'course' ELSE 'test' END AS kind,
            coalesce(gc.course_id, gc.test_id) AS id,
            coalesce(c.title, t.title) AS title,
            coalesce(c.hidden_from_extranet, t.hidden_from_extranet) AS hidden,
            coalesce(c.deleted_at, t.deleted_at) IS NOT NULL AS deleted,
            NOT EXISTS (SELECT 1 FROM group_content o JOIN training_groups og ON og.portal_id = o.portal_id AND og.id = o.group_id AND og.deleted_at IS NULL
                        WHERE o.portal_id = gc.portal_id AND o.group_id <> gc.group_id
                          AND (o.course_id = gc.course_id OR o.test_id = gc.test_id)) AS reopens
     FROM group_content gc
     LEFT JOIN courses c ON c.portal_id = gc.portal_id AND c.id = gc.course_id
     LEFT JOIN tests t ON t.portal_id = gc.portal_id AND t.id = gc.test_id
     WHERE gc.portal_id = ? AND gc.group_id = ?
     ORDER BY kind, title, id`,
    [portalId, groupId],
  );
  return rows.map((r) => ({
    kind: r.kind as ContentKind,
    id: Number(r.id),
    title: String(r.title ?? ''),
    hiddenFromExtranet: Boolean(r.hidden),
    deleted: Boolean(r.deleted),
    reopens: Boolean(r.reopens),
  }));
}

export async function detachAllContent(db: Knex, portalId: string, groupId: number): Promise<number> {
  const rows = await db('group_content').where({ portal_id: portalId, group_id: groupId }).delete().returning('id');
  return rows.length;
}
