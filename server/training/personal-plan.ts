import {
  addCalendarDays,
  calendarDaysBetween,
  ceilDiv,
  groupPlan,
  schedule,
  startOfLocalDay,
  type GroupSchedule,
  type Plan,
  type PlanUnit,
  type ScheduledUnit,
} from './group-plan';

/**
 * Each member's own plan and progress (PRODUCT.md section 5), laid out with the group plan's
 * arithmetic (group-plan.ts: the paces, the calendar-day rounding).
 *
 * - Start: max(group start, joined_at), by calendar day in the portal's zone, so a late joiner
 *   starts on the day they join and is never behind on day one (a unit with minutes is due at the
 *   earliest a whole day after it opens).
 * - Catch-up (weekly pace, group setting "catch up by the group's end"): the member's intensity
 *   is raised so that their plan ends no later than the group's planned end, to at most 3x the
 *   group's. Rounded up to whole minutes per week, and never below the group's.
 * - Pauses keep the plan and shift every date after the pause's start by its length in whole
 *   calendar days (day of resume minus day of pause; an open pause lasts until today, which
 *   freezes what is expected while it lasts). Part of a pause before the plan's start does not
 *   count. Several pauses apply in order of their start; overlapping ones (the group's and the
 *   member's own over the same days) count as one, their union.
 * - Stop drops the plan: a stopped membership has none (null). A restart is a fresh membership
 *   (a new joinedAt); results and history stay where they are kept, outside this module.
 * - Move: the new group's plan, joined at the move date, with the units already passed
 *   credited: they leave the plan, and their minutes count neither as planned nor as done.
 * - Progress: minutes done of the plan's units vs the minutes of the units due by now; behind
 *   when fewer. With no waiting nothing is ever due, so nobody is behind.
 */

export interface Pause {
  from: Date;
  /** null while the pause lasts. */
  to: Date | null;
}

export interface Membership {
  /** When this membership began: joining, the move into this group, or a restart after a stop. */
  joinedAt: Date;
  stoppedAt?: Date | null;
  pauses?: readonly Pause[];
  /** Units passed before (in the group moved from): left out of the plan. */
  creditedUnitIds?: readonly string[];
}

export interface CatchUp {
  minutesPerWeek: number;
  /** The 3x cap held it back: the member will end after the group. */
  capped: boolean;
}

export const CATCH_UP_CAP = 3;

export function personalStart(group: GroupSchedule, joinedAt: Date): Date {
  const groupStart = startOfLocalDay(group.startsAt, group.timeZone);
  const joinedDay = startOfLocalDay(joinedAt, group.timeZone);
  return joinedDay > groupStart ? joinedDay : groupStart;
}

/**
 * The minutes per week a member joining at `joinedAt` needs to end with the group (for the card
 * to show before the setting is saved, and for the plan itself). null unless the pace is weekly.
 */
export function catchUpMinutesPerWeek(
  units: readonly PlanUnit[],
  group: GroupSchedule,
  joinedAt: Date,
  creditedUnitIds: readonly string[] = [],
): CatchUp | null {
  if (group.pace.kind !== 'weekly') return null;
  const groupIntensity = group.pace.minutesPerWeek;
  const groupEnd = groupPlan(units, group).endsAt as Date;
  const daysLeft = calendarDaysBetween(personalStart(group, joinedAt), groupEnd, group.timeZone);
  const minutes = totalMinutes(withoutCredited(units, creditedUnitIds));
  const cap = CATCH_UP_CAP * groupIntensity;
  // Rounded up, so that the plan's end (7 * minutes / intensity days, rounded up) fits in daysLeft.
  const needed = minutes === 0 ? 0 : daysLeft > 0 ? ceilDiv(7 * minutes, daysLeft) : Infinity;
  return { minutesPerWeek: Math.max(groupIntensity, Math.min(needed, cap)), capped: needed > cap };
}

/** The member's plan as of `now` (which only an open pause needs); null once stopped. */
export function personalPlan(units: readonly PlanUnit[], group: GroupSchedule, membership: Membership, now: Date): Plan | null {
  if (membership.stoppedAt) return null;
  const credited = membership.creditedUnitIds ?? [];
  const start = personalStart(group, membership.joinedAt);
  const minutesPerWeek =
    group.pace.kind !== 'weekly'
      ? null
      : group.lateJoiners === 'catchUp'
        ? (catchUpMinutesPerWeek(units, group, membership.joinedAt, credited) as CatchUp).minutesPerWeek
        : group.pace.minutesPerWeek;
  const plan = schedule(withoutCredited(units, credited), start, group.timeZone, group.pace, minutesPerWeek);
  return applyPauses(plan, membership.pauses ?? [], group.timeZone, now);
}

/**
 * Pauses that overlap as one: a person paused while their whole group is paused is paused once,
 * not twice. Sorted by start; an open pause (to null) swallows every later one.
 */
function mergedPauses(pauses: readonly Pause[], now: Date): Pause[] {
  const merged: Pause[] = [];
  for (const pause of [...pauses].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    const last = merged[merged.length - 1];
    if (last && pause.from <= (last.to ?? now)) {
      last.to = last.to === null || pause.to === null ? null : pause.to > last.to ? pause.to : last.to;
    } else {
      merged.push({ ...pause });
    }
  }
  return merged;
}

function applyPauses(plan: Plan, pauses: readonly Pause[], timeZone: string, now: Date): Plan {
  let shifted = plan;
  for (const pause of mergedPauses(pauses, now)) {
    const countedFrom = pause.from > shifted.startsAt ? pause.from : shifted.startsAt;
    const days = Math.max(0, calendarDaysBetween(countedFrom, pause.to ?? now, timeZone));
    if (days === 0) continue;
    const shift = (date: Date | null) => (date !== null && date > pause.from ? addCalendarDays(date, days, timeZone) : date);
    shifted = {
      ...shifted,
      startsAt: shift(shifted.startsAt) as Date,
      endsAt: shift(shifted.endsAt),
      units: shifted.units.map((unit) => ({ ...unit, opensAt: shift(unit.opensAt), dueAt: shift(unit.dueAt) })),
    };
  }
  return shifted;
}

/** Units the member may work on now: opened by date, or (no waiting) the previous one passed. */
export function openUnitIds(plan: Plan, passedUnitIds: readonly string[], now: Date): string[] {
  if (now < plan.startsAt) return [];
  const passed = new Set(passedUnitIds);
  if (plan.pace !== 'noWaiting') return plan.units.filter((unit) => unit.opensAt !== null && unit.opensAt <= now).map((unit) => unit.id);
  const firstOpen = plan.units.findIndex((unit) => !passed.has(unit.id));
  return plan.units.slice(0, firstOpen === -1 ? plan.units.length : firstOpen + 1).map((unit) => unit.id);
}

export type Status = 'notStarted' | 'inProgress' | 'paused' | 'completed' | 'stopped';

export interface UnitProgress {
  unitId: string;
  /** Minutes of lessons done, plus the test's minutes once it is passed. */
  minutesDone: number;
  /** The unit test passed at or above the group's threshold (retakes allowed). */
  passed: boolean;
}

export interface Progress {
  status: Status;
  completedMinutes: number;
  /** Minutes of the plan's units due by now. */
  expectedMinutes: number;
  behind: boolean;
}

export function progress(plan: Plan | null, membership: Membership, done: readonly UnitProgress[], now: Date): Progress {
  if (plan === null || membership.stoppedAt) return { status: 'stopped', completedMinutes: 0, expectedMinutes: 0, behind: false };
  const byUnit = new Map(done.map((entry) => [entry.unitId, entry]));
  const completedMinutes = plan.units.reduce((sum, unit) => sum + Math.min(unit.minutes, byUnit.get(unit.id)?.minutesDone ?? 0), 0);
  const expectedMinutes = totalMinutes(plan.units.filter((unit) => unit.dueAt !== null && unit.dueAt <= now));
  const allPassed = plan.units.every((unit) => byUnit.get(unit.id)?.passed === true);
  const status: Status = allPassed
    ? 'completed'
    : isPaused(membership, now)
      ? 'paused'
      : completedMinutes === 0 && !plan.units.some((unit) => byUnit.get(unit.id)?.passed)
        ? 'notStarted'
        : 'inProgress';
  return { status, completedMinutes, expectedMinutes, behind: status !== 'completed' && completedMinutes < expectedMinutes };
}

function isPaused(membership: Membership, now: Date): boolean {
  return (membership.pauses ?? []).some((pause) => pause.from <= now && (pause.to === null || pause.to > now));
}

function withoutCredited(units: readonly PlanUnit[], credited: readonly string[]): PlanUnit[] {
  const skip = new Set(credited);
  return units.filter((unit) => !skip.has(unit.id));
}

const totalMinutes = (units: readonly Pick<ScheduledUnit, 'minutes'>[]) => units.reduce((sum, unit) => sum + unit.minutes, 0);
