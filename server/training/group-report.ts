import { DateTime } from 'luxon';
import type { Status } from './personal-plan';

/**
 * The report's arithmetic (issue 10 part 8), pure: a member's estimated end from their pace so
 * far, why they need attention, and the group's progress week by week for the chart. Days are
 * ISO calendar dates in the launch's time zone; callers pass "today" already in that zone.
 */

export interface PaceFacts {
  status: Status;
  startsOn: string;
  completedMinutes: number;
  totalMinutes: number;
}

const daysBetween = (from: string, to: string) => Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days);
const addDays = (day: string, days: number) => DateTime.fromISO(day, { zone: 'utc' }).plus({ days }).toISODate() as string;

/**
 * When the member will finish at the pace they kept since their plan started: the minutes left
 * divided by the minutes a day done so far. null when there is nothing to extrapolate from (no
 * minutes done yet, or not a single day elapsed), when the plan is over (completed, stopped) or
 * frozen (paused: their pace says nothing while they are not expected to learn).
 */
export function estimatedEnd(facts: PaceFacts, today: string): string | null {
  if (facts.status !== 'inProgress') return null;
  if (facts.completedMinutes <= 0) return null;
  const elapsed = daysBetween(facts.startsOn, today) + 1; // the start day counts: a day of work done on day one is one day
  if (elapsed < 1) return null;
  const left = Math.max(0, facts.totalMinutes - facts.completedMinutes);
  return addDays(today, Math.ceil((left * elapsed) / facts.completedMinutes));
}

export type AttentionReason = 'behind' | 'failedTest' | 'notStarted';

export interface AttentionFacts {
  status: Status;
  behind: boolean;
  startsOn: string;
  units: ReadonlyArray<{ passed: boolean; attempts: number }>;
}

/**
 * Why a manager should look at this member, in the order the report lists them: behind their
 * plan; a unit test tried and not (yet) passed at the group's threshold; nothing done although
 * their plan began before today (a plan starting today is not late). Stopped and completed
 * people need nobody's attention; a paused person is not behind, but a failed test still counts.
 */
export function attentionReasons(facts: AttentionFacts, today: string): AttentionReason[] {
  if (facts.status === 'stopped' || facts.status === 'completed') return [];
  const reasons: AttentionReason[] = [];
  if (facts.behind && facts.status !== 'paused') reasons.push('behind');
  if (facts.units.some((u) => !u.passed && u.attempts > 0)) reasons.push('failedTest');
  if (facts.status === 'notStarted' && facts.startsOn < today) reasons.push('notStarted');
  return reasons;
}

export interface WeekPoint {
  /** Monday of the week. */
  weekOf: string;
  /** Units due by the week's end (Sunday), summed over the members' plans. */
  planned: number;
  /** Units passed by the week's end; null for weeks that have not begun. */
  actual: number | null;
}

/** At most two years of weeks: a chart of more says nothing a table would not. */
export const MAX_WEEKS = 104;

/**
 * The group's progress over time: per week from the launch's start, planned vs actual cumulative
 * units. The weeks run until the later of this week and the last due date in any plan.
 */
export function weeklyProgress(startsOn: string, today: string, dueDays: readonly string[], passedDays: readonly string[]): WeekPoint[] {
  const monday = (day: string) => DateTime.fromISO(day, { zone: 'utc' }).startOf('week');
  const first = monday(startsOn);
  const lastDue = dueDays.reduce((max, d) => (d > max ? d : max), today);
  const last = monday(lastDue < startsOn ? startsOn : lastDue);
  const weeks = Math.min(MAX_WEEKS, Math.round(last.diff(first, 'weeks').weeks) + 1);
  const due = [...dueDays].sort();
  const passed = [...passedDays].sort();
  const countUpTo = (sorted: readonly string[], day: string) => {
    let n = 0;
    while (n < sorted.length && sorted[n] <= day) n += 1;
    return n;
  };
  const points: WeekPoint[] = [];
  for (let w = 0; w < weeks; w += 1) {
    const start = first.plus({ weeks: w });
    const weekOf = start.toISODate() as string;
    const sunday = start.plus({ days: 6 }).toISODate() as string;
    points.push({ weekOf, planned: countUpTo(due, sunday), actual: weekOf <= today ? countUpTo(passed, sunday) : null });
  }
  return points;
}

/** Units planned by today: due on or before it. */
export function plannedByToday(dueDays: ReadonlyArray<string | null>, today: string): number {
  return dueDays.filter((d) => d !== null && d <= today).length;
}
