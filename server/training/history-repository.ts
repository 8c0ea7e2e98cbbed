import type { Knex } from 'knex';
import type { HistoryFacts, MembershipFacts, PlanMoment } from './person-history';

/**
 * The facts of one person's history in one group (person-history.ts reads the events off them):
 * their membership periods (group_members, with who did each change from membership_audit, and the
 * period elsewhere next to each end, for moves), the group's launches they had a plan in, those
 * launches' pauses (the group's and their own), their plans' stops and restarts with who made
 * them. Four statements, each scoped by the portal first and served by an index starting with it.
 */

type Row = Record<string, unknown>;
const date = (value: unknown) => new Date(value as string);
const dateOrNull = (value: unknown) => (value === null || value === undefined ? null : date(value));
const intOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
/** Moments and, entry for entry, who made them (migration 0088 keeps the arrays in step; a missing actor is unknown). */
const moments = (at: unknown, by: unknown): PlanMoment[] => {
  const actors = (by as unknown[] | null) ?? [];
  return ((at as unknown[] | null) ?? []).map((value, i) => ({ at: date(value), by: intOrNull(actors[i]) }));
};

/** Who wrote a membership change: the audit entry of the same group and person at (about) that moment. */
const ACTOR_AT = (moment: string, actions: string) => `(
  SELECT a.actor_id FROM membership_audit a
  WHERE a.portal_id = m.portal_id AND a.group_id = m.group_id AND a.person_id = m.person_id AND a.result = 'ok'
    AND a.action IN (${actions}) AND a.at BETWEEN ${moment} - interval '1 minute' AND ${moment} + interval '1 minute'
  ORDER BY abs(extract(epoch FROM a.at - ${moment})) LIMIT 1)`;

export async function historyFacts(db: Knex, portalId: string, groupId: number, personId: number): Promise<HistoryFacts> {
  const { rows: members } = await db.raw<{ rows: Row[] }>(
    `SELECT m.joined_at, m.left_at, m.state,
            ${ACTOR_AT('m.joined_at', `'added', 'joined', 'accepted'`)} AS joined_by,
            ${ACTOR_AT('m.left_at', `'removed', 'left', 'ended-inactive', 'withdrawn'`)} AS left_by,
            b.group_id AS before_group_id, b.name AS before_group_name, b.left_at AS before_left_at,
            n.group_id AS after_group_id, n.name AS after_group_name, n.joined_at AS after_joined_at
     FROM group_members m
     LEFT JOIN LATERAL (
       SELECT o.group_id, g.name, o.left_at FROM group_members o JOIN training_groups g ON g.portal_id = o.portal_id AND g.id = o.group_id
       WHERE o.portal_id = m.portal_id AND o.person_id = m.person_id AND o.group_id <> m.group_id AND o.left_at <= m.joined_at
       ORDER BY o.left_at DESC LIMIT 1) b ON true
     LEFT JOIN LATERAL (
       SELECT o.group_id, g.name, o.joined_at FROM group_members o JOIN training_groups g ON g.portal_id = o.portal_id AND g.id = o.group_id
       WHERE o.portal_id = m.portal_id AND o.person_id = m.person_id AND o.group_id <> m.group_id AND m.left_at IS NOT NULL AND o.joined_at >= m.left_at
       ORDER BY o.joined_at LIMIT 1) n ON true
     WHERE m.portal_id = ? AND m.group_id = ? AND m.person_id = ?
     ORDER BY m.id`,
    [portalId, groupId, personId],
  );
  const { rows: launches } = await db.raw<{ rows: Row[] }>(
    `SELECT l.id, l.launched_at, l.launched_by, l.stopped_at, l.stopped_by FROM training_launches l
     WHERE l.portal_id = ? AND l.group_id = ?
       AND EXISTS (SELECT 1 FROM personal_plans pp WHERE pp.portal_id = l.portal_id AND pp.launch_id = l.id AND pp.person_id = ?)
     ORDER BY l.id`,
    [portalId, groupId, personId],
  );
  const launchIds = launches.map((l) => Number(l.id));
  const { rows: pauses } = await db.raw<{ rows: Row[] }>(
    `SELECT launch_id, person_id, paused_at, paused_by, resumed_at, resumed_by FROM training_pauses
     WHERE portal_id = ? AND launch_id = ANY (CAST(? AS bigint[])) AND (person_id IS NULL OR person_id = ?)
     ORDER BY paused_at, id`,
    [portalId, `{${launchIds.join(',')}}`, personId],
  );
  const { rows: plans } = await db.raw<{ rows: Row[] }>(
    `SELECT launch_id, earlier_stops, earlier_stops_by, stopped_at, stopped_by, restarts, restarts_by FROM personal_plans
     WHERE portal_id = ? AND person_id = ? AND group_id = ?
     ORDER BY launch_id, member_id`,
    [portalId, personId, groupId],
  );
  return {
    memberships: members.map(
      (r): MembershipFacts => ({
        joinedAt: date(r.joined_at),
        joinedBy: intOrNull(r.joined_by),
        leftAt: dateOrNull(r.left_at),
        leftBy: r.left_at ? intOrNull(r.left_by) : null,
        endState: r.left_at ? (r.state as MembershipFacts['endState']) : null,
        before: r.before_group_id === null ? null : { groupId: Number(r.before_group_id), groupName: String(r.before_group_name), leftAt: date(r.before_left_at) },
        after: r.after_group_id === null ? null : { groupId: Number(r.after_group_id), groupName: String(r.after_group_name), joinedAt: date(r.after_joined_at) },
      }),
    ),
    launches: launches.map((r) => ({ id: Number(r.id), launchedAt: date(r.launched_at), launchedBy: Number(r.launched_by), stoppedAt: dateOrNull(r.stopped_at), stoppedBy: intOrNull(r.stopped_by) })),
    pauses: pauses.map((r) => ({
      launchId: Number(r.launch_id),
      personId: intOrNull(r.person_id),
      pausedAt: date(r.paused_at),
      pausedBy: Number(r.paused_by),
      resumedAt: dateOrNull(r.resumed_at),
      resumedBy: intOrNull(r.resumed_by),
    })),
    plans: plans.map((r) => ({
      launchId: Number(r.launch_id),
      stops: [...moments(r.earlier_stops, r.earlier_stops_by), ...(r.stopped_at ? [{ at: date(r.stopped_at), by: intOrNull(r.stopped_by) }] : [])],
      restarts: moments(r.restarts, r.restarts_by),
    })),
  };
}

/** Names of the people who did things (one statement), as the reports name people. */
export async function actorNames(db: Knex, portalId: string, personIds: readonly number[]): Promise<Map<number, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db('people').where({ portal_id: portalId }).whereIn('user_id', [...personIds]).select('user_id', 'name', 'last_name');
  return new Map(rows.map((r: Row) => [Number(r.user_id), `${r.name ?? ''} ${r.last_name ?? ''}`.trim()]));
}
