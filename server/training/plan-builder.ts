import type { GroupSchedule, Plan, PlanUnit } from './group-plan';
import { personalPlan, type Pause } from './personal-plan';

/**
 * From members to the rows of their stored plans (migration 0043), with the plan module's
 * arithmetic. Pure: the launch, the late-joiner hook and the rebuild after a resume all call it
 * with whatever they read, and write what it returns in a few set-based statements.
 *
 * Stored dates are shifted by the CLOSED pauses only (see migration 0042): an open pause is left
 * out here and frozen by the readers.
 */

export interface MemberToPlan {
  memberId: number;
  personId: number;
  /** When the plan starts from (before max with the group start): the join or move date. */
  joinedAt: Date;
  creditedUnitIds: readonly string[];
}

export interface LaunchPause extends Pause {
  /** null: the whole group. */
  personId: number | null;
}

export interface PlanHeaderRow {
  member_id: number;
  person_id: number;
  plan_joined_at: string;
  credited_unit_ids: number[];
  minutes_per_week: number | null;
  starts_at: string;
  ends_at: string | null;
}

export interface PlanUnitRow {
  member_id: number;
  unit_id: number;
  position: number;
  minutes: number;
  opens_at: string | null;
  due_at: string | null;
}

/** The pauses that concern one member: the group's and their own, closed ones only. */
export function closedPausesOf(pauses: readonly LaunchPause[], personId: number): Pause[] {
  return pauses.filter((p) => p.to !== null && (p.personId === null || p.personId === personId)).map((p) => ({ from: p.from, to: p.to }));
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function buildPlanRows(
  units: readonly PlanUnit[],
  schedule: GroupSchedule,
  members: readonly MemberToPlan[],
  pauses: readonly LaunchPause[],
  now: Date,
): { headers: PlanHeaderRow[]; units: PlanUnitRow[] } {
  const headers: PlanHeaderRow[] = [];
  const rows: PlanUnitRow[] = [];
  // A plan depends on the member only through their start, credits and pauses, and at a launch
  // most members share all three: each distinct plan is computed once (the date arithmetic is
  // most of a 10,000-member launch's time, see bench/training-launch.ts).
  const computed = new Map<string, Plan>();
  for (const member of members) {
    const memberPauses = closedPausesOf(pauses, member.personId);
    const key = `${member.joinedAt.getTime()}|${member.creditedUnitIds.join(',')}|${memberPauses.map((p) => `${p.from.getTime()}-${p.to?.getTime()}`).join(',')}`;
    let plan = computed.get(key);
    if (!plan) {
      plan = personalPlan(units, schedule, { joinedAt: member.joinedAt, pauses: memberPauses, creditedUnitIds: member.creditedUnitIds }, now) as Plan;
      computed.set(key, plan);
    }
    headers.push({
      member_id: member.memberId,
      person_id: member.personId,
      plan_joined_at: member.joinedAt.toISOString(),
      credited_unit_ids: member.creditedUnitIds.map(Number),
      minutes_per_week: plan.minutesPerWeek,
      starts_at: plan.startsAt.toISOString(),
      ends_at: iso(plan.endsAt),
    });
    plan.units.forEach((unit, position) =>
      rows.push({ member_id: member.memberId, unit_id: Number(unit.id), position, minutes: unit.minutes, opens_at: iso(unit.opensAt), due_at: iso(unit.dueAt) }),
    );
  }
  return { headers, units: rows };
}
