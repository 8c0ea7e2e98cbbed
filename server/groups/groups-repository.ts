import type { Knex } from 'knex';

/** Rows of training_groups (migrations/0020). Every function takes the portal first. */

export type LinkState = 'none' | 'linked' | 'unlinked' | 'unlinked-by-bitrix24';

export interface GroupRecord {
  id: number;
  name: string;
  description: string;
  accessStartsOn: string | null;
  accessEndsOn: string | null;
  createdBy: number;
  workgroupId: number | null;
  linkState: LinkState;
  linkedAt: Date | null;
  unlinkedAt: Date | null;
  isExtranet: boolean;
  lastSyncedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Whose calendar days the access window counts (training settings; UTC until set). */
  timeZone: string;
}

/** Dates as 'YYYY-MM-DD' text, the same on pg and PGlite (no time-zone shift of a DATE). */
export const GROUP_COLUMNS = `g.id, g.name, g.description, to_char(g.access_starts_on, 'YYYY-MM-DD') AS access_starts_on,
  to_char(g.access_ends_on, 'YYYY-MM-DD') AS access_ends_on, g.created_by, g.workgroup_id, g.link_state, g.linked_at, g.unlinked_at,
  g.is_extranet, g.last_synced_at, g.version, g.created_at, g.updated_at,
  coalesce((SELECT s.time_zone FROM group_training_settings s WHERE s.portal_id = g.portal_id AND s.group_id = g.id), 'UTC') AS time_zone`;

type Row = Record<string, unknown>;
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

export function groupFromRow(r: Row): GroupRecord {
  return {
    id: Number(r.id),
    name: String(r.name),
    description: String(r.description ?? ''),
    accessStartsOn: (r.access_starts_on as string | null) ?? null,
    accessEndsOn: (r.access_ends_on as string | null) ?? null,
    createdBy: Number(r.created_by),
    workgroupId: r.workgroup_id === null || r.workgroup_id === undefined ? null : Number(r.workgroup_id),
    linkState: r.link_state as LinkState,
    linkedAt: date(r.linked_at),
    unlinkedAt: date(r.unlinked_at),
    isExtranet: Boolean(r.is_extranet),
    lastSyncedAt: date(r.last_synced_at),
    version: Number(r.version),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
    timeZone: String(r.time_zone ?? 'UTC'),
  };
}

export async function findGroup(db: Knex, portalId: string, groupId: number): Promise<GroupRecord | null> {
  const { rows } = await db.raw<{ rows: Row[] }>(`SELECT ${GROUP_COLUMNS} FROM training_groups g WHERE g.portal_id = ? AND g.id = ? AND g.deleted_at IS NULL`, [
    portalId,
    groupId,
  ]);
  return rows[0] ? groupFromRow(rows[0]) : null;
}

/** The live group linked to a workgroup (at most one: index training_groups_workgroup). */
export async function findGroupByWorkgroup(db: Knex, portalId: string, workgroupId: number): Promise<GroupRecord | null> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `SELECT ${GROUP_COLUMNS} FROM training_groups g WHERE g.portal_id = ? AND g.workgroup_id = ? AND g.link_state = 'linked' AND g.deleted_at IS NULL`,
    [portalId, workgroupId],
  );
  return rows[0] ? groupFromRow(rows[0]) : null;
}

export interface NewGroup {
  name: string;
  description: string;
  accessStartsOn: string | null;
  accessEndsOn: string | null;
  createdBy: number;
  workgroupId: number | null;
  isExtranet: boolean;
}

export async function insertGroup(db: Knex, portalId: string, group: NewGroup): Promise<GroupRecord> {
  const linked = group.workgroupId !== null;
  const { rows } = await db.raw<{ rows: Row[] }>(
    `INSERT INTO training_groups AS g (portal_id, name, description, access_starts_on, access_ends_on, created_by, workgroup_id, link_state, linked_at, is_extranet)
     VALUES (?, ?, ?, CAST(? AS date), CAST(? AS date), ?, ?, ?, ${linked ? 'now()' : 'NULL'}, ?)
     RETURNING ${GROUP_COLUMNS}`,
    [portalId, group.name, group.description, group.accessStartsOn, group.accessEndsOn, group.createdBy, group.workgroupId, linked ? 'linked' : 'none', group.isExtranet],
  );
  return groupFromRow(rows[0]!);
}

export type VersionedResult = { kind: 'saved'; group: GroupRecord } | { kind: 'conflict'; current: GroupRecord } | { kind: 'missing' };

/** Writes `patch` (column -> value) only if `version` is still the stored one; the version goes up by one. */
export async function updateGroupVersioned(db: Knex, portalId: string, groupId: number, version: number, patch: Record<string, unknown>): Promise<VersionedResult> {
  const columns = Object.keys(patch);
  const sets = columns.map((c) => (c.startsWith('access_') ? `${c} = CAST(? AS date)` : c === 'unlinked_at' || c === 'deleted_at' ? `${c} = now()` : `${c} = ?`));
  const values = columns.filter((c) => c !== 'unlinked_at' && c !== 'deleted_at').map((c) => patch[c]);
  const { rows } = await db.raw<{ rows: Row[] }>(
    `UPDATE training_groups AS g SET ${[...sets, 'version = g.version + 1', 'updated_at = now()'].join(', ')}
     WHERE g.portal_id = ? AND g.id = ? AND g.version = ? AND g.deleted_at IS NULL
     RETURNING ${GROUP_COLUMNS}`,
    [...(values as Knex.Value[]), portalId, groupId, version],
  );
  if (rows[0]) return { kind: 'saved', group: groupFromRow(rows[0]) };
  const current = await findGroup(db, portalId, groupId);
  return current ? { kind: 'conflict', current } : { kind: 'missing' };
}

/** Bitrix24 deleted the workgroup: the group stays, unlinked, and its card says so (ONSONETGROUPDELETE). */
export async function markUnlinkedByBitrix24(db: Knex, portalId: string, workgroupId: number): Promise<number[]> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `UPDATE training_groups SET link_state = 'unlinked-by-bitrix24', unlinked_at = now(), version = version + 1, updated_at = now()
     WHERE portal_id = ? AND workgroup_id = ? AND link_state = 'linked' AND deleted_at IS NULL RETURNING id`,
    [portalId, workgroupId],
  );
  return rows.map((r) => Number(r.id));
}

/** After a sync: the workgroup's name, description and extranet flag, and when it was read; writes only what changed. */
export async function recordWorkgroupFacts(db: Knex, portalId: string, groupId: number, facts: { name: string; description: string; isExtranet: boolean }): Promise<void> {
  await db.raw(
    `UPDATE training_groups SET name = ?, description = ?, is_extranet = ?, last_synced_at = now(),
       version = CASE WHEN name <> ? OR description <> ? OR is_extranet <> ? THEN version + 1 ELSE version END
     WHERE portal_id = ? AND id = ? AND deleted_at IS NULL`,
    [facts.name, facts.description, facts.isExtranet, facts.name, facts.description, facts.isExtranet, portalId, groupId],
  );
}

/** Linked workgroups of a portal, for the 15-minute pass. */
export async function linkedWorkgroupIds(db: Knex, portalId: string): Promise<number[]> {
  const rows = await db('training_groups').where({ portal_id: portalId, link_state: 'linked' }).whereNull('deleted_at').select('workgroup_id');
  return rows.map((r: Row) => Number(r.workgroup_id));
}

/** An extranet person joined an unlinked group: it becomes an extranet group, as a workgroup does in Bitrix24. */
export async function markExtranet(db: Knex, portalId: string, groupId: number): Promise<void> {
  await db('training_groups').where({ portal_id: portalId, id: groupId, is_extranet: false }).update({ is_extranet: true });
}
