import { DateTime } from 'luxon';
import type { Plan } from './group-plan';
import { progress, type Membership, type Progress, type UnitProgress } from './personal-plan';
import type { LaunchPause } from './plan-builder';

/**
 * How a stored plan reads at a given moment (pure): its progress, and the learner's view of it -
 * what is due this week, what comes next, the end date. Stored dates carry the closed pauses only
 * (migration 0042); while a pause is open the plan is read as of the pause's start, which freezes
 * what is expected until it ends (the rebuild on resume then shifts the dates for good).
 */

export interface StoredPlanShape {
  minutesPerWeek: number | null;
  startsAt: Date;
  endsAt: Date | null;
  stoppedAt: Date | null;
  units: Array<{ unitId: string; minutes: number; opensAt: Date | null; dueAt: Date | null }>;
}

export function asPlan(stored: StoredPlanShape, pace: Plan['pace']): Plan {
  return {
    pace,
    startsAt: stored.startsAt,
    endsAt: stored.endsAt,
    minutesPerWeek: stored.minutesPerWeek,
    units: stored.units.map((u) => ({ id: u.unitId, minutes: u.minutes, opensAt: u.opensAt, dueAt: u.dueAt })),
  };
}

/** The member's pauses: the group's and their own. */
export function pausesOf(pauses: readonly LaunchPause[], personId: number): LaunchPause[] {
  return pauses.filter((p) => p.personId === null || p.personId === personId);
}

export function readProgress(stored: StoredPlanShape, pace: Plan['pace'], launchStopped: boolean, pauses: readonly LaunchPause[], done: readonly UnitProgress[], now: Date): Progress {
  const stoppedAt = stored.stoppedAt ?? (launchStopped ? now : null);
  const membership: Membership = { joinedAt: stored.startsAt, stoppedAt, pauses };
  if (stoppedAt) return progress(null, membership, done, now);
  const open = pauses.find((p) => p.to === null && p.from <= now);
  return progress(asPlan(stored, pace), membership, done, open ? open.from : now);
}

export interface LearnerUnit {
  opensAt: Date | null;
  dueAt: Date | null;
  passed: boolean;
}

/**
 * This week (Monday to Sunday in the plan's zone): the units not yet passed that are due by the
 * week's end (overdue ones included) or open now without a due date (no waiting). Next: the first
 * unit not passed and not in this week's list.
 */
export function learnerWeek<T extends LearnerUnit>(units: readonly T[], timeZone: string, now: Date): { dueThisWeek: T[]; next: T | null; weekEndsAt: Date } {
  const weekEndsAt = DateTime.fromJSDate(now, { zone: timeZone }).startOf('week').plus({ weeks: 1 }).toJSDate();
  const pending = units.filter((u) => !u.passed);
  const dueThisWeek = pending.filter((u) => (u.dueAt !== null ? u.dueAt <= weekEndsAt : u.opensAt !== null && u.opensAt <= now));
  const inWeek = new Set(dueThisWeek);
  return { dueThisWeek, next: pending.find((u) => !inWeek.has(u)) ?? null, weekEndsAt };
}
