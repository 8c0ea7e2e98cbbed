import type { Knex } from 'knex';
import type { GroupAttachment, Viewer } from '../catalog/content-access';

/**
 * The closed-content facts (catalog/content-access.ts, GroupAttachment) as SQL fragments, so a
 * catalog read stays ONE statement: embed them in the query that reads the course or test. They
 * compute exactly what closed-content.ts computes in TypeScript (a test holds both to one table).
 *
 * Each fragment is a correlated sub-query on the item's row, `<alias>.portal_id` and `<alias>.id`,
 * probing group_content by item, then training_groups and group_members by primary/unique keys:
 * a few index lookups per item, whatever the number of groups and memberships. Named bindings
 * (knex `db.raw(sql, { ... })`) come from `closedContentBindings` and are prefixed `cc`.
 *
 * Usage (content management lists):
 *   SELECT c.*, ${closedContentColumns('course', 'c')} FROM courses c WHERE ...
 *   db.raw(sql, { ...ownBindings, ...closedContentBindings(viewer, now) })
 * then `attachmentFromRow(row)` gives the GroupAttachment for canOpen / catalogEntry. The general
 * catalog page reads the item's holding_group_ids instead (catalogClosedFilter, catalogHoldingGroupsSql).
 */

export type ContentKind = 'course' | 'test';

export interface ClosedContentBindings {
  ccPerson: number;
  /** The instant asked about, ISO; each group's window is judged on its own time zone's day of it. */
  ccNow: string;
  ccAdmin: boolean;
  ccModerator: boolean;
  [key: string]: unknown;
}

export function closedContentBindings(viewer: Viewer, now: Date): ClosedContentBindings {
  return { ccPerson: viewer.personId, ccNow: now.toISOString(), ccAdmin: viewer.role === 'admin', ccModerator: viewer.role === 'moderator' };
}

/**
 * `OFFSET 0` in every EXISTS below keeps it a per-row probe: without it PostgreSQL may turn the
 * correlated EXISTS into a "hashed SubPlan" that reads ALL of a portal's group_content and groups
 * on every request (measured: 12 ms at 10,000 groups, growing with them). With it the cost is a
 * few index lookups per item listed, whatever the number of groups and memberships.
 */
const PROBE = 'OFFSET 0';

/** The live groups holding the item `alias` (a course, or a standalone test). */
function holdingGroups(kind: ContentKind, alias: string): string {
  const column = kind === 'course' ? 'course_id' : 'test_id';
  return `FROM group_content gc
      JOIN training_groups g ON g.portal_id = gc.portal_id AND g.id = gc.group_id AND g.deleted_at IS NULL
      WHERE gc.portal_id = ${alias}.portal_id AND gc.${column} = ${alias}.id`;
}

/** The viewer has an open membership of group g with a mirrored workgroup role A or E. */
const MIRRORED_MANAGER = `EXISTS (SELECT 1 FROM group_members mm
      WHERE mm.portal_id = g.portal_id AND mm.group_id = g.id AND mm.person_id = :ccPerson AND mm.left_at IS NULL AND mm.workgroup_role IN ('A', 'E') ${PROBE})`;

/** group-rights.ts ('view'): the creating moderator, or for a linked group a mirrored owner/moderator. Moderators only. */
const MANAGES_G = `(:ccModerator AND (g.created_by = :ccPerson OR (g.link_state = 'linked' AND ${MIRRORED_MANAGER})))`;

/**
 * The calendar day an instant falls on in group `g`'s time zone (closed-content.ts dayIn): its
 * training settings' time_zone (a primary-key probe), UTC without settings.
 */
export function groupLocalDaySql(groupAlias: string, nowBinding: string): string {
  return `CAST(CAST(${nowBinding} AS timestamptz) AT TIME ZONE coalesce((SELECT s.time_zone FROM group_training_settings s
        WHERE s.portal_id = ${groupAlias}.portal_id AND s.group_id = ${groupAlias}.id), 'UTC') AS date)`;
}

/** Inside the window on the group's own calendar day, with an open active membership. */
const ACTIVE_IN_WINDOW = `(g.access_starts_on IS NULL OR g.access_starts_on <= ${groupLocalDaySql('g', ':ccNow')})
      AND (g.access_ends_on IS NULL OR g.access_ends_on >= ${groupLocalDaySql('g', ':ccNow')})
      AND EXISTS (SELECT 1 FROM group_members am
        WHERE am.portal_id = g.portal_id AND am.group_id = g.id AND am.person_id = :ccPerson AND am.left_at IS NULL AND am.state = 'active' ${PROBE})`;

export function attachedSql(kind: ContentKind, alias: string): string {
  return `EXISTS (SELECT 1 ${holdingGroups(kind, alias)} ${PROBE})`;
}

export function memberInWindowSql(kind: ContentKind, alias: string): string {
  return `EXISTS (SELECT 1 ${holdingGroups(kind, alias)} AND ${ACTIVE_IN_WINDOW} ${PROBE})`;
}

export function managesHoldingGroupSql(kind: ContentKind, alias: string): string {
  return `(:ccModerator AND EXISTS (SELECT 1 ${holdingGroups(kind, alias)} AND ${MANAGES_G} ${PROBE}))`;
}

/** JSON list [{ id, name }] of the holding groups the viewer may see as a manager (admins: all). */
export function holdingGroupsJsonSql(kind: ContentKind, alias: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name, g.id), '[]')
      ${holdingGroups(kind, alias)} AND (:ccAdmin OR ${MANAGES_G}))`;
}

/** Select-list columns: cc_attached, cc_member_in_window, cc_manages, cc_groups (see attachmentFromRow). */
export function closedContentColumns(kind: ContentKind, alias: string): string {
  return [
    `${attachedSql(kind, alias)} AS cc_attached`,
    `${memberInWindowSql(kind, alias)} AS cc_member_in_window`,
    `${managesHoldingGroupSql(kind, alias)} AS cc_manages`,
    `${holdingGroupsJsonSql(kind, alias)} AS cc_groups`,
  ].join(',\n      ');
}

/** Which closed items the general catalog lists (content-access.ts CatalogScope.closedListed). */
export type ClosedListed = 'all' | 'managed' | 'none';

/**
 * The general catalog's forms of these facts, read from the item's own `holding_group_ids` (the
 * live groups holding it, kept by triggers: migrations/0060) rather than probed per row: an open
 * item costs nothing, and only a closed one listed to an admin or a manager visits its groups, by
 * primary key. Each scope gets its own text (the caller writes `listed` into the statement).
 */
const holdingGroupsOf = (alias: string) =>
  // One primary-key probe per id (a LATERAL kept apart by OFFSET 0): "g.id = ANY (array)" or a
  // plain join lets the plan read all of a portal's groups for every closed item instead.
  `FROM unnest(${alias}.holding_group_ids) AS h(id)
      CROSS JOIN LATERAL (SELECT g.* FROM training_groups g
        WHERE g.portal_id = ${alias}.portal_id AND g.id = h.id AND g.deleted_at IS NULL ${PROBE}) g`;

/**
 * The general catalog's WHERE condition (content-access.ts catalogEntry): open items, plus closed
 * ones for admins and for the managers of a holding group (listed marked closed).
 */
export function catalogClosedFilter(alias: string, listed: ClosedListed): string {
  if (listed === 'all') return 'true';
  const open = `${alias}.holding_group_ids = '{}'`;
  if (listed === 'none') return open;
  return `(${open} OR EXISTS (SELECT 1 ${holdingGroupsOf(alias)} WHERE ${MANAGES_G} ${PROBE}))`;
}

/**
 * JSON list [[id, name], ...] (by name) of the holding groups the viewer sees as a manager (admins:
 * all), NULL for an open item or where no closed item is listed.
 */
export function catalogHoldingGroupsSql(alias: string, listed: ClosedListed): string {
  if (listed === 'none') return 'NULL';
  return `CASE WHEN ${alias}.holding_group_ids = '{}' THEN NULL ELSE (SELECT json_agg(json_build_array(g.id, g.name) ORDER BY g.name, g.id)
      ${holdingGroupsOf(alias)}${listed === 'managed' ? ` WHERE ${MANAGES_G}` : ''}) END`;
}

export interface ClosedContentRow {
  cc_attached: boolean;
  cc_member_in_window: boolean;
  cc_manages: boolean;
  cc_groups?: Array<{ id: number | string; name: string }> | string | null;
}

export function attachmentFromRow(row: ClosedContentRow): GroupAttachment {
  if (!row.cc_attached) return { attached: false };
  return { attached: true, viewerIsActiveMemberInWindow: Boolean(row.cc_member_in_window), viewerManagesHoldingGroup: Boolean(row.cc_manages) };
}

/** The holding groups of a row read with closedContentColumns (pg returns json parsed, PGlite too; text is handled all the same). */
export function holdingGroupsFromRow(row: ClosedContentRow): Array<{ id: number; name: string }> {
  const value = typeof row.cc_groups === 'string' ? (JSON.parse(row.cc_groups) as Array<{ id: number | string; name: string }>) : (row.cc_groups ?? []);
  return value.map((g) => ({ id: Number(g.id), name: g.name }));
}

/**
 * One item's attachment in one statement, for a route that already read the item's head without
 * the fragments (e.g. a lesson: pass its course). Unit tests are judged as their course.
 */
export async function groupAttachmentOf(db: Knex, portalId: string, viewer: Viewer, item: { kind: ContentKind; id: number }, now: Date): Promise<GroupAttachment> {
  const { rows } = await db.raw<{ rows: ClosedContentRow[] }>(
    `SELECT ${attachedSql(item.kind, 'x')} AS cc_attached, ${memberInWindowSql(item.kind, 'x')} AS cc_member_in_window,
            ${managesHoldingGroupSql(item.kind, 'x')} AS cc_manages
     FROM (SELECT CAST(:ccPortal AS uuid) AS portal_id, CAST(:ccItem AS bigint) AS id) x`,
    { ...closedContentBindings(viewer, now), ccPortal: portalId, ccItem: item.id },
  );
  return attachmentFromRow(rows[0]!);
}
