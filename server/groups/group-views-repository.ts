import type { Knex } from 'knex';
import { queryNamedRows, runnerOf, type RunStatement } from '../db/driver-query';
import type { ContentRef } from './content-repository';
import { GROUP_COLUMNS, groupFromRow, type GroupRecord } from './groups-repository';

/**
 * The read models of the groups screens, each in ONE statement: the manage list, a group with its
 * counts, and the group's card ("My groups" has its own, my-groups-repository.ts). Counts are
 * sub-selects on the tenant-first indexes.
 */

type Row = Record<string, unknown>;

export interface GroupWithFacts extends GroupRecord {
  counts: { active: number; invited: number; content: number };
  /** The viewer's mirrored workgroup role in the group (linked groups), else null. */
  viewerRole: string | null;
  creator: { userId: number; name: string; lastName: string; position: string; userType: string; photoUrl: string | null; active: boolean } | null;
}

const FACTS = `
  (SELECT count(*) FROM group_members m WHERE m.portal_id = g.portal_id AND m.group_id = g.id AND m.left_at IS NULL) AS active_count,
  (SELECT count(*) FROM group_invitations i WHERE i.portal_id = g.portal_id AND i.group_id = g.id AND i.state = 'pending') AS invited_count,
  (SELECT count(*) FROM group_content gc WHERE gc.portal_id = g.portal_id AND gc.group_id = g.id) AS content_count,
  (SELECT m.workgroup_role FROM group_members m WHERE m.portal_id = g.portal_id AND m.group_id = g.id AND m.person_id = :viewer AND m.left_at IS NULL) AS viewer_role,
  p.name AS creator_name, p.last_name AS creator_last, p.position AS creator_position, p.user_type AS creator_type, p.photo_url AS creator_photo, p.active AS creator_active`;

function withFacts(r: Row): GroupWithFacts {
  const group = groupFromRow(r);
  return {
    ...group,
    counts: { active: Number(r.active_count), invited: Number(r.invited_count), content: Number(r.content_count) },
    viewerRole: (r.viewer_role as string | null) ?? null,
    creator:
      r.creator_name === null || r.creator_name === undefined
        ? null
        : {
            userId: group.createdBy,
            name: String(r.creator_name),
            lastName: String(r.creator_last ?? ''),
            position: String(r.creator_position ?? ''),
            userType: String(r.creator_type ?? 'employee'),
            photoUrl: (r.creator_photo as string | null) ?? null,
            active: Boolean(r.creator_active),
          },
  };
}

/** A json column: parsed by pg, text from PGlite. */
const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

const FIND_ONE = `FROM training_groups g LEFT JOIN people p ON p.portal_id = g.portal_id AND p.user_id = g.created_by
     WHERE g.portal_id = :portal AND g.id = :group AND g.deleted_at IS NULL`;

export async function findGroupWithFacts(db: Knex, portalId: string, groupId: number, viewerId: number, run: RunStatement = runnerOf(db)): Promise<GroupWithFacts | null> {
  // Through the driver, by name (its plan is the same for any group): every card and group action reads it.
  const rows = await queryNamedRows<Row>(db, `SELECT ${GROUP_COLUMNS}, ${FACTS} ${FIND_ONE}`, { portal: portalId, group: groupId, viewer: viewerId }, 'groups-find-with-facts-v1', run);
  return rows[0] ? withFacts(rows[0]) : null;
}

/** A group as its card shows it: its facts, its content, and its portal's REST endpoint (the workgroup link's origin). */
export interface GroupCardRead extends GroupWithFacts {
  content: ContentRef[];
  clientEndpoint: string;
}

/**
 * The group's content as content-repository.ts `listContent` reads it (same columns, same order),
 * less `reopens`, which only the delete preview shows: as JSON, in the card's one statement.
 */
const CARD_CONTENT = `
  (SELECT coalesce(json_agg(json_build_object('kind', k.kind, 'id', k.id, 'title', coalesce(k.title, ''), 'hiddenFromExtranet', coalesce(k.hidden, false),
            'deleted', k.deleted) ORDER BY k.kind, k.title, k.id), '[]')
   FROM (SELECT CASE WHEN gc.course_id IS NOT NULL THEN 'course' ELSE 'test' END AS kind, coalesce(gc.course_id, gc.test_id) AS id,
                coalesce(c.title, t.title) AS title, coalesce(c.hidden_from_extranet, t.hidden_from_extranet) AS hidden,
                coalesce(c.deleted_at, t.deleted_at) IS NOT NULL AS deleted
         FROM group_content gc
         LEFT JOIN courses c ON c.portal_id = gc.portal_id AND c.id = gc.course_id
         LEFT JOIN tests t ON t.portal_id = gc.portal_id AND t.id = gc.test_id
         WHERE gc.portal_id = g.portal_id AND gc.group_id = g.id) k) AS content,
  (SELECT po.client_endpoint FROM portals po WHERE po.id = g.portal_id) AS client_endpoint`;

/**
 * `findGroupWithFacts` with the card's content and the portal's endpoint in the same statement: a
 * card is the guard's statement and this one (it used to be a third for the content, and a fourth
 * for the endpoint of a linked group).
 */
export async function findGroupCard(db: Knex, portalId: string, groupId: number, viewerId: number, run: RunStatement = runnerOf(db)): Promise<GroupCardRead | null> {
  const rows = await queryNamedRows<Row>(db, `SELECT ${GROUP_COLUMNS}, ${FACTS}, ${CARD_CONTENT} ${FIND_ONE}`, { portal: portalId, group: groupId, viewer: viewerId }, 'groups-find-card-v1', run);
  const row = rows[0];
  if (!row) return null;
  return { ...withFacts(row), content: parseJson<ContentRef[]>(row.content), clientEndpoint: String(row.client_endpoint) };
}


/**
 * The groups a viewer manages, newest first: all for an admin; for a moderator the groups they
 * created and the linked groups whose workgroup they own or moderate (as last mirrored).
 */
export async function listManagedGroups(
  db: Knex,
  portalId: string,
  viewer: { userId: number; admin: boolean },
  options: { q?: string; limit: number; offset: number },
): Promise<{ total: number; groups: GroupWithFacts[] }> {
  const q = options.q?.trim() ? `%${options.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await db.raw<{ rows: Row[] }>(
    `SELECT count(*) OVER () AS total, ${GROUP_COLUMNS}, ${FACTS}
     FROM training_groups g LEFT JOIN people p ON p.portal_id = g.portal_id AND p.user_id = g.created_by
     WHERE g.portal_id = :portal AND g.deleted_at IS NULL
       AND (CAST(:q AS text) IS NULL OR g.name ILIKE :q)
       AND (:admin OR g.created_by = :viewer OR (g.link_state = 'linked' AND EXISTS (
             SELECT 1 FROM group_members m WHERE m.portal_id = g.portal_id AND m.group_id = g.id AND m.person_id = :viewer
               AND m.left_at IS NULL AND m.workgroup_role IN ('A', 'E'))))
     ORDER BY g.created_at DESC, g.id DESC LIMIT :limit OFFSET :offset`,
    { portal: portalId, viewer: viewer.userId, admin: viewer.admin, q, limit: options.limit, offset: options.offset },
  );
  return { total: rows[0] ? Number(rows[0].total) : 0, groups: rows.map(withFacts) };
}
