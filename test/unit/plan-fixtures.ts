import { DateTime } from 'luxon';
import type { GroupSchedule, Plan, PlanUnit } from '../../server/training/group-plan';

/** Shared by the plan tests: a zone without DST, four units, a weekly group, readable dates. */

export const MOSCOW = 'Europe/Moscow';

/** The local midnight of a calendar day in a zone, as the database would store it. */
export const localMidnight = (isoDate: string, zone: string) => DateTime.fromISO(isoDate, { zone }).toJSDate();
/** An instant given as local wall-clock time, e.g. '2025-03-12T15:30'. */
export const localAt = (isoDateTime: string, zone: string) => DateTime.fromISO(isoDateTime, { zone }).toJSDate();
export const localTime = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');

/** "u1 03-03 -> 03-07" per unit, after checking that every date is a local midnight. */
export function rows(plan: Plan, zone: string): string[] {
  const day = (instant: Date | null) => {
    if (instant === null) return '-';
    const local = localTime(instant, zone);
    expect(local.endsWith(' 00:00')).toBe(true);
    return local.slice(5, 10);
  };
  return plan.units.map((unit) => `${unit.id} ${day(unit.opensAt)} -> ${day(unit.dueAt)}`);
}

// 10 + 10 + 20 + 15 = 55 minutes; at 20 minutes a week that is 19.25 days.
export const UNITS: PlanUnit[] = [
  { id: 'u1', minutes: 10 },
  { id: 'u2', minutes: 10 },
  { id: 'u3', minutes: 20 },
  { id: 'u4', minutes: 15 },
];

export const weeklyGroup: GroupSchedule = {
  timeZone: MOSCOW,
  startsAt: localMidnight('2025-03-03', MOSCOW),
  pace: { kind: 'weekly', minutesPerWeek: 20 },
  lateJoiners: 'ownPace',
};
