import type { Knex } from 'knex';

/** group_invitations (migrations/0022): app invitations and Bitrix24's pending ones; answered rows stay. */

type Row = Record<string, unknown>;
const intArray = (ids: readonly number[]) => `{${ids.map((id) => Math.trunc(id)).join(',')}}`;

export type InvitationKind = 'app' | 'workgroup';
export type InvitationState = 'pending' | 'accepted' | 'declined' | 'cancelled' | 'withdrawn';

export async function pendingInvitees(db: Knex, portalId: string, groupId: number, personIds: readonly number[]): Promise<Set<number>> {
  if (personIds.length === 0) return new Set();
  const rows = await db('group_invitations').where({ portal_id: portalId, group_id: groupId, state: 'pending' }).whereIn('person_id', [...personIds]).select('person_id');
  return new Set(rows.map((r: Row) => Number(r.person_id)));
}

/** A pending invitation unless one is pending already (then null): never two for one person and group. */
export async function insertInvitation(
  db: Knex,
  portalId: string,
  invitation: { groupId: number; personId: number; kind: InvitationKind; invitedBy: number | null; tag: string | null },
): Promise<number | null> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `INSERT INTO group_invitations (portal_id, group_id, person_id, kind, invited_by, notification_tag) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (portal_id, group_id, person_id) WHERE state = 'pending' DO NOTHING RETURNING id`,
    [portalId, invitation.groupId, invitation.personId, invitation.kind, invitation.invitedBy, invitation.tag],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/** Pending Bitrix24 invitations seen by a sync (INVITED_MEMBERS): inserted unless pending. Returns the new ones' people. */
export async function upsertWorkgroupInvitations(db: Knex, portalId: string, groupId: number, personIds: readonly number[]): Promise<number[]> {
  if (personIds.length === 0) return [];
  const { rows } = await db.raw<{ rows: Row[] }>(
    `INSERT INTO group_invitations (portal_id, group_id, person_id, kind)
     SELECT ?, ?, x.person_id, 'workgroup' FROM unnest(CAST(? AS integer[])) AS x(person_id)
     ON CONFLICT (portal_id, group_id, person_id) WHERE state = 'pending' DO NOTHING RETURNING person_id`,
    [portalId, groupId, intArray(personIds)],
  );
  return rows.map((r) => Number(r.person_id));
}

/**
 * Pending invitations of a linked group that Bitrix24 no longer lists: the person joined
 * ('accepted') or the invitation went away ('withdrawn': declined or withdrawn in Bitrix24).
 */
export async function closeWorkgroupInvitations(
  db: Knex,
  portalId: string,
  groupId: number,
  stillInvited: readonly number[],
  members: readonly number[],
): Promise<Array<{ personId: number; state: InvitationState; invitedBy: number | null }>> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `UPDATE group_invitations SET answered_at = now(),
       state = CASE WHEN person_id = ANY (CAST(? AS integer[])) THEN 'accepted' ELSE 'withdrawn' END
     WHERE portal_id = ? AND group_id = ? AND state = 'pending' AND NOT (person_id = ANY (CAST(? AS integer[])))
     RETURNING person_id, state, invited_by`,
    [intArray(members), portalId, groupId, intArray(stillInvited)],
  );
  return rows.map((r) => ({ personId: Number(r.person_id), state: r.state as InvitationState, invitedBy: r.invited_by === null ? null : Number(r.invited_by) }));
}

export async function markNotified(db: Knex, portalId: string, invitationId: number): Promise<void> {
  await db('group_invitations').where({ portal_id: portalId, id: invitationId }).update({ notified_at: db.fn.now() });
}

export interface InvitationRecord {
  id: number;
  groupId: number;
  personId: number;
  kind: InvitationKind;
  invitedBy: number | null;
  invitedAt: string;
  state: InvitationState;
}

const record = (r: Row): InvitationRecord => ({
  id: Number(r.id),
  groupId: Number(r.group_id),
  personId: Number(r.person_id),
  kind: r.kind as InvitationKind,
  invitedBy: r.invited_by === null || r.invited_by === undefined ? null : Number(r.invited_by),
  invitedAt: new Date(r.invited_at as string).toISOString(),
  state: r.state as InvitationState,
});

/** A group's pending invitation by id, or null (answered, cancelled, another group's, another portal's). */
export async function findPendingInvitation(db: Knex, portalId: string, groupId: number, invitationId: number): Promise<InvitationRecord | null> {
  const row = await db('group_invitations')
    .where({ portal_id: portalId, group_id: groupId, id: invitationId, state: 'pending' })
    .first('id', 'group_id', 'person_id', 'kind', 'invited_by', 'invited_at', 'state');
  return row ? record(row) : null;
}

/** Answers (or cancels) a pending invitation; null when it is not pending (any more) or not this person's / group's. */
export async function closeInvitation(
  db: Knex,
  portalId: string,
  invitationId: number,
  where: { personId?: number; groupId?: number; kind?: InvitationKind },
  state: 'accepted' | 'declined' | 'cancelled',
): Promise<InvitationRecord | null> {
  const query = db('group_invitations').where({ portal_id: portalId, id: invitationId, state: 'pending' });
  if (where.personId !== undefined) query.andWhere({ person_id: where.personId });
  if (where.groupId !== undefined) query.andWhere({ group_id: where.groupId });
  if (where.kind !== undefined) query.andWhere({ kind: where.kind });
  const rows = await query.update({ state, answered_at: db.fn.now() }).returning(['id', 'group_id', 'person_id', 'kind', 'invited_by', 'invited_at', 'state']);
  return rows[0] ? record(rows[0]) : null;
}

/** A group's pending invitations by kind: the app's own, and those pending in its Bitrix24 workgroup. */
export async function countPendingInvitations(db: Knex, portalId: string, groupId: number): Promise<Record<InvitationKind, number>> {
  const rows = await db('group_invitations').where({ portal_id: portalId, group_id: groupId, state: 'pending' }).groupBy('kind').select('kind').count({ n: '*' });
  const counts: Record<InvitationKind, number> = { app: 0, workgroup: 0 };
  for (const row of rows as Array<{ kind: InvitationKind; n: number | string }>) counts[row.kind] = Number(row.n);
  return counts;
}

/** Every pending invitation of a group (of one kind) ends: the group is deleted, or unlinked. */
export async function cancelPendingInvitations(db: Knex, portalId: string, groupId: number, kind?: InvitationKind): Promise<number> {
  const query = db('group_invitations').where({ portal_id: portalId, group_id: groupId, state: 'pending' });
  if (kind) query.andWhere({ kind });
  const rows = await query.update({ state: 'cancelled', answered_at: db.fn.now() }).returning('id');
  return rows.length;
}

export interface PendingInvitationRow extends InvitationRecord {
  person: { userId: number; name: string; lastName: string; position: string; userType: string; photoUrl: string | null; active: boolean };
  inviter: { userId: number; name: string; lastName: string; position: string; userType: string; photoUrl: string | null; active: boolean } | null;
}

/** Pending invitations of a group, newest first, with the invited person and who invited them. */
export async function listPendingInvitations(db: Knex, portalId: string, groupId: number): Promise<PendingInvitationRow[]> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `SELECT i.id, i.group_id, i.person_id, i.kind, i.invited_by, i.invited_at, i.state,
            p.name AS p_name, p.last_name AS p_last, p.position AS p_position, p.user_type AS p_type, p.photo_url AS p_photo, p.active AS p_active,
            b.name AS b_name, b.last_name AS b_last, b.position AS b_position, b.user_type AS b_type, b.photo_url AS b_photo, b.active AS b_active
     FROM group_invitations i
     LEFT JOIN people p ON p.portal_id = i.portal_id AND p.user_id = i.person_id
     LEFT JOIN people b ON b.portal_id = i.portal_id AND b.user_id = i.invited_by
     WHERE i.portal_id = ? AND i.group_id = ? AND i.state = 'pending'
     ORDER BY i.invited_at DESC, i.id DESC LIMIT 1000`,
    [portalId, groupId],
  );
  const person = (r: Row, prefix: 'p' | 'b', userId: number) => ({
    userId,
    name: String(r[`${prefix}_name`] ?? ''),
    lastName: String(r[`${prefix}_last`] ?? ''),
    position: String(r[`${prefix}_position`] ?? ''),
    userType: String(r[`${prefix}_type`] ?? 'employee'),
    photoUrl: (r[`${prefix}_photo`] as string | null) ?? null,
    active: r[`${prefix}_active`] === null || r[`${prefix}_active`] === undefined ? true : Boolean(r[`${prefix}_active`]),
  });
  return rows.map((r) => {
    const base = record(r);
    return { ...base, person: person(r, 'p', base.personId), inviter: base.invitedBy === null ? null : person(r, 'b', base.invitedBy) };
  });
}
