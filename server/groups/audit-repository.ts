import type { Knex } from 'knex';
import type { MemberSource } from './members-repository';

/** membership_audit (migrations/0024): append-only, read newest first by id. */

/** Every value the trail stores (the card words each one: test/unit/groups-client.test.ts holds it to these lists). */
export const AUDIT_ACTIONS = ['added', 'invited', 'joined', 'accepted', 'declined', 'cancelled', 'removed', 'left', 'ended-inactive', 'refused', 'withdrawn'] as const;
export const AUDIT_METHODS = ['add', 'invite', 'app-invitation', 'sync', 'remove', 'answer', 'people-pass', 'delete-group', 'rule'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditMethod = (typeof AUDIT_METHODS)[number];

export interface AuditEntry {
  groupId: number;
  personId: number;
  /** Who did it; null when the app's own sync or pass saw it happen. */
  actorId: number | null;
  action: AuditAction;
  method: AuditMethod;
  source: MemberSource;
  result: 'ok' | 'refused';
  detail?: string | null;
}

const CHUNK = 1000;

export async function appendAudit(db: Knex, portalId: string, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK) {
    await db('membership_audit').insert(
      entries.slice(i, i + CHUNK).map((e) => ({
        portal_id: portalId,
        group_id: e.groupId,
        person_id: e.personId,
        actor_id: e.actorId,
        action: e.action,
        method: e.method,
        source: e.source,
        result: e.result,
        detail: e.detail ?? null,
      })),
    );
  }
}

export interface AuditRow {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  personId: number;
  personName: string;
  action: AuditAction;
  method: AuditMethod;
  source: MemberSource;
  result: 'ok' | 'refused';
  detail: string | null;
}

/** A page of a group's audit trail, newest first; `before` is the id to continue below. */
export async function listAudit(db: Knex, portalId: string, groupId: number, options: { before?: number; limit: number }): Promise<AuditRow[]> {
  const { rows } = await db.raw<{ rows: Array<Record<string, unknown>> }>(
    `SELECT a.id, a.at, a.actor_id, a.person_id, a.action, a.method, a.source, a.result, a.detail,
            trim(coalesce(p.name, '') || ' ' || coalesce(p.last_name, '')) AS person_name,
            CASE WHEN a.actor_id IS NULL THEN NULL ELSE trim(coalesce(b.name, '') || ' ' || coalesce(b.last_name, '')) END AS actor_name
     FROM membership_audit a
     LEFT JOIN people p ON p.portal_id = a.portal_id AND p.user_id = a.person_id
     LEFT JOIN people b ON b.portal_id = a.portal_id AND b.user_id = a.actor_id
     WHERE a.portal_id = ? AND a.group_id = ? AND (CAST(? AS bigint) IS NULL OR a.id < CAST(? AS bigint))
     ORDER BY a.id DESC LIMIT ?`,
    [portalId, groupId, options.before ?? null, options.before ?? null, options.limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at as string).toISOString(),
    actorId: r.actor_id === null ? null : Number(r.actor_id),
    actorName: (r.actor_name as string | null) ?? null,
    personId: Number(r.person_id),
    personName: String(r.person_name ?? ''),
    action: r.action as AuditAction,
    method: r.method as AuditMethod,
    source: r.source as MemberSource,
    result: r.result as 'ok' | 'refused',
    detail: (r.detail as string | null) ?? null,
  }));
}

/** How many entries a group's trail holds (the delete preview says they are kept). */
export async function countAudit(db: Knex, portalId: string, groupId: number): Promise<number> {
  const row = await db('membership_audit').where({ portal_id: portalId, group_id: groupId }).count<{ count: number | string }>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}
