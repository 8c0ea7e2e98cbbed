import type { Knex } from 'knex';
import type { MemberToPlan, PlanHeaderRow, PlanUnitRow } from './plan-builder';

/**
 * personal_plans and personal_plan_units (migration 0043), written set-based: whatever the number
 * of members, a write is one upsert of the headers, one delete of the old unit rows and one
 * INSERT ... SELECT FROM jsonb_to_recordset per UNIT_BATCH unit rows. Every query is scoped to its portal.
 */

type Row = Record<string, unknown>;
/** Unit rows per INSERT: a few hundred kilobytes of JSON, well inside one statement's comfort. */
export const UNIT_BATCH = 5000;
const intArray = (ids: readonly number[]) => `{${ids.map((id) => Math.trunc(id)).join(',')}}`;
const creditedOf = (row: Row) => ((row.credited_unit_ids as Array<string | number>) ?? []).map(String);

export interface OpenMember {
  memberId: number;
  personId: number;
  joinedAt: Date;
}

/**
 * The group's open memberships (group_members, the groups area's table, read here as plain facts)
 * that have no plan in the launch yet: everyone at the launch, the newcomers afterwards.
 */
export async function membersWithoutPlan(db: Knex, portalId: string, groupId: number, launchId: number): Promise<OpenMember[]> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `SELECT m.id, m.person_id, m.joined_at FROM group_members m
     WHERE m.portal_id = ? AND m.group_id = ? AND m.left_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM personal_plans pp WHERE pp.portal_id = m.portal_id AND pp.launch_id = ? AND pp.member_id = m.id)
     ORDER BY m.id`,
    [portalId, groupId, launchId],
  );
  return rows.map((r) => ({ memberId: Number(r.id), personId: Number(r.person_id), joinedAt: new Date(r.joined_at as string) }));
}

/** The stored plans to lay out again (not stopped, membership open), optionally only some people's. */
export async function livePlanMembers(db: Knex, portalId: string, launchId: number, personIds: readonly number[] | null): Promise<MemberToPlan[]> {
  const rows = await db('personal_plans')
    .where({ portal_id: portalId, launch_id: launchId })
    .whereNull('stopped_at')
    // A membership that ended (removed, left) ends its plan's run: nothing to lay out again.
    .whereExists((q) => q.select(db.raw('1')).from('group_members as m').whereRaw('m.portal_id = personal_plans.portal_id AND m.id = personal_plans.member_id AND m.left_at IS NULL'))
    .modify((q) => (personIds ? q.whereIn('person_id', [...personIds]) : q))
    .orderBy('member_id')
    .select('member_id', 'person_id', 'plan_joined_at', 'credited_unit_ids');
  return rows.map((r: Row) => ({
    memberId: Number(r.member_id),
    personId: Number(r.person_id),
    joinedAt: new Date(r.plan_joined_at as string),
    creditedUnitIds: creditedOf(r),
  }));
}

/** How many plans a rebuild of the launch would lay out again (those livePlanMembers() reads). */
export async function countLivePlans(db: Knex, portalId: string, launchId: number): Promise<number> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `SELECT count(*) AS plans FROM personal_plans pp
     WHERE pp.portal_id = ? AND pp.launch_id = ? AND pp.stopped_at IS NULL
       AND EXISTS (SELECT 1 FROM group_members m WHERE m.portal_id = pp.portal_id AND m.id = pp.member_id AND m.left_at IS NULL)`,
    [portalId, launchId],
  );
  return Number(rows[0]?.plans ?? 0);
}

/** Writes (or rewrites) these plans: headers upserted, unit rows replaced. */
export async function writePlans(db: Knex, portalId: string, launchId: number, groupId: number, plans: { headers: PlanHeaderRow[]; units: PlanUnitRow[] }): Promise<void> {
  if (plans.headers.length === 0) return;
  await db.raw(
    `INSERT INTO personal_plans (portal_id, launch_id, member_id, group_id, person_id, plan_joined_at, credited_unit_ids, minutes_per_week, starts_at, ends_at)
     SELECT ?, ?, x.member_id, ?, x.person_id, x.plan_joined_at, ARRAY(SELECT jsonb_array_elements_text(x.credited_unit_ids))::bigint[], x.minutes_per_week, x.starts_at, x.ends_at
     FROM jsonb_to_recordset(CAST(? AS jsonb)) AS x(member_id bigint, person_id integer, plan_joined_at timestamptz, credited_unit_ids jsonb, minutes_per_week integer, starts_at timestamptz, ends_at timestamptz)
     ON CONFLICT (portal_id, launch_id, member_id) DO UPDATE
       SET plan_joined_at = EXCLUDED.plan_joined_at, credited_unit_ids = EXCLUDED.credited_unit_ids,
           minutes_per_week = EXCLUDED.minutes_per_week, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, built_at = now()`,
    [portalId, launchId, groupId, JSON.stringify(plans.headers)],
  );
  await db.raw(`DELETE FROM personal_plan_units WHERE portal_id = ? AND launch_id = ? AND member_id = ANY (CAST(? AS bigint[]))`, [
    portalId,
    launchId,
    intArray(plans.headers.map((h) => h.member_id)),
  ]);
  for (let from = 0; from < plans.units.length; from += UNIT_BATCH) {
    await db.raw(
      `INSERT INTO personal_plan_units (portal_id, launch_id, member_id, unit_id, position, minutes, opens_at, due_at)
       SELECT ?, ?, x.member_id, x.unit_id, x.position, x.minutes, x.opens_at, x.due_at
       FROM jsonb_to_recordset(CAST(? AS jsonb)) AS x(member_id bigint, unit_id bigint, position integer, minutes integer, opens_at timestamptz, due_at timestamptz)`,
      [portalId, launchId, JSON.stringify(plans.units.slice(from, from + UNIT_BATCH))],
    );
  }
}

/**
 * Stop drops the plan: the unit rows go, the header stays stamped (history) with who stopped
 * these people (`by`: null when nobody chose them, as in the whole group's stop or a move; see
 * migration 0088). null people: everyone in the launch. Returns the people whose plan this call stopped.
 */
export async function dropPlans(db: Knex, portalId: string, launchId: number, personIds: readonly number[] | null, at: Date, by: number | null): Promise<number[]> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `UPDATE personal_plans SET stopped_at = ?, stopped_by = ?
     WHERE portal_id = ? AND launch_id = ? AND stopped_at IS NULL
       AND (CAST(? AS integer[]) IS NULL OR person_id = ANY (CAST(? AS integer[])))
     RETURNING member_id, person_id`,
    [at.toISOString(), by, portalId, launchId, personIds ? intArray(personIds) : null, personIds ? intArray(personIds) : null],
  );
  if (rows.length > 0) {
    await db.raw(`DELETE FROM personal_plan_units WHERE portal_id = ? AND launch_id = ? AND member_id = ANY (CAST(? AS bigint[]))`, [
      portalId,
      launchId,
      intArray(rows.map((r) => Number(r.member_id))),
    ]);
  }
  return rows.map((r) => Number(r.person_id));
}

/**
 * Launches these people's stopped plans again (a restart): the stop and who made it move to
 * earlier_stops and earlier_stops_by, the restart's moment and `by` join restarts and restarts_by
 * (migrations 0085 and 0088, for the history), and the plan is live again, to be laid out afresh
 * from `at` by the caller. Only plans of open memberships restart. Returns the plans reopened,
 * with the new start.
 */
export async function reopenPlans(db: Knex, portalId: string, launchId: number, personIds: readonly number[], at: Date, by: number): Promise<Array<{ memberId: number; personId: number; joinedAt: Date }>> {
  // array_append, not ||: a NULL actor must still take its place, or the arrays would fall out of step.
  const { rows } = await db.raw<{ rows: Row[] }>(
    `UPDATE personal_plans pp
     SET earlier_stops = array_append(pp.earlier_stops, pp.stopped_at), earlier_stops_by = array_append(pp.earlier_stops_by, pp.stopped_by),
         stopped_at = NULL, stopped_by = NULL, plan_joined_at = ?,
         restarts = array_append(pp.restarts, CAST(? AS timestamptz)), restarts_by = array_append(pp.restarts_by, CAST(? AS integer))
     WHERE pp.portal_id = ? AND pp.launch_id = ? AND pp.stopped_at IS NOT NULL AND pp.person_id = ANY (CAST(? AS integer[]))
       AND EXISTS (SELECT 1 FROM group_members m WHERE m.portal_id = pp.portal_id AND m.id = pp.member_id AND m.left_at IS NULL)
     RETURNING pp.member_id, pp.person_id`,
    [at.toISOString(), at.toISOString(), by, portalId, launchId, intArray(personIds)],
  );
  return rows.map((r) => ({ memberId: Number(r.member_id), personId: Number(r.person_id), joinedAt: at }));
}

export interface StoredPlan {
  memberId: number;
  personId: number;
  minutesPerWeek: number | null;
  startsAt: Date;
  endsAt: Date | null;
  stoppedAt: Date | null;
  /** When the membership ended (null while it lasts). */
  leftAt: Date | null;
  /** Units passed before the plan was built (a move, a late join, a restart): left out of its units, passed all the same. */
  creditedUnitIds: string[];
  units: Array<{ unitId: string; minutes: number; opensAt: Date | null; dueAt: Date | null }>;
}

/** The launch's plans (all, or one person's), with their units in order: two statements. */
export async function readPlans(db: Knex, portalId: string, launchId: number, personId: number | null = null): Promise<StoredPlan[]> {
  const headers = await db('personal_plans')
    .where({ portal_id: portalId, launch_id: launchId })
    .modify((q) => (personId === null ? q : q.where({ person_id: personId })))
    .orderBy('member_id')
    .select('member_id', 'person_id', 'minutes_per_week', 'starts_at', 'ends_at', 'stopped_at', 'credited_unit_ids')
    // A membership that ended (left, removed, moved away) ends its plan's run as a stop does.
    .select(db.raw('(SELECT m.left_at FROM group_members m WHERE m.portal_id = personal_plans.portal_id AND m.id = personal_plans.member_id) AS left_at'));
  const units = await db('personal_plan_units')
    .where({ portal_id: portalId, launch_id: launchId })
    .modify((q) => (personId === null ? q : q.whereIn('member_id', headers.map((h: Row) => Number(h.member_id)))))
    .orderBy(['member_id', 'position'])
    .select('member_id', 'unit_id', 'minutes', 'opens_at', 'due_at');
  const byMember = new Map<number, StoredPlan['units']>();
  for (const u of units as Row[]) {
    const list = byMember.get(Number(u.member_id)) ?? [];
    list.push({ unitId: String(u.unit_id), minutes: Number(u.minutes), opensAt: u.opens_at ? new Date(u.opens_at as string) : null, dueAt: u.due_at ? new Date(u.due_at as string) : null });
    byMember.set(Number(u.member_id), list);
  }
  return (headers as Row[]).map((h) => ({
    memberId: Number(h.member_id),
    personId: Number(h.person_id),
    minutesPerWeek: h.minutes_per_week === null ? null : Number(h.minutes_per_week),
    startsAt: new Date(h.starts_at as string),
    endsAt: h.ends_at ? new Date(h.ends_at as string) : null,
    stoppedAt: h.stopped_at ? new Date(h.stopped_at as string) : null,
    leftAt: h.left_at ? new Date(h.left_at as string) : null,
    creditedUnitIds: creditedOf(h),
    units: byMember.get(Number(h.member_id)) ?? [],
  }));
}
