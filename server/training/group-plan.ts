import { DateTime } from 'luxon';

/**
 * The group plan (PRODUCT.md section 5): which units a group learns, in which order, and when
 * each opens and is due. Pure arithmetic on plain data; the database and the screens wrap it.
 *
 * Program: from the units of the courses attached to the group, the units whose topic is in the
 * program at a level at or below the topic's target level ("all topics up to <level>" takes every
 * topic). Order: level (beginner < elementary < intermediate < advanced), then topic order, then
 * position, then id (so equal positions still give one stable order). A unit's minutes are its
 * lessons' plus its test's.
 *
 * Paces:
 * - weekly (minutes per week, a positive whole number): unit k opens at
 *   start + 7 days * (minutes before k) / intensity and is due when the next opens; the planned end
 *   is start + 7 days * (all minutes) / intensity.
 * - no waiting: the first unit opens at start, each next one when the previous is passed
 *   (opensAt null: only progress knows when). No due dates and no planned end: there is no
 *   intensity to promise one, so nobody in such a group is ever behind.
 * - express: every unit opens at start and is due `durationDays` calendar days later.
 *
 * Dates are calendar days in the portal's IANA time zone, kept as UTC instants at local midnight.
 * The formula is counted in calendar days (luxon's `plus({ days })`), never in hours, so a
 * daylight-saving change or a month end cannot move a date by an hour or a day. Fractions of a
 * day round generously both ways: a unit opens at the local midnight that begins the day holding
 * the exact instant (round down) and is due at the first local midnight at or after it (round up).
 * So nothing opens later or is due earlier than the formula says, a unit with minutes always has
 * at least one whole day, and "due when the next opens" holds to the day: when the boundary falls
 * inside a day, the next unit opens that morning and the current one is due that night. Where a
 * DST change skips midnight itself (America/Santiago), the day begins at its first instant.
 */

export type Level = 'beginner' | 'elementary' | 'intermediate' | 'advanced';
export const LEVELS: readonly Level[] = ['beginner', 'elementary', 'intermediate', 'advanced'];

export interface CourseUnit {
  id: string;
  topicId: string;
  level: Level;
  /** Order of the unit within its topic and level, as the course lists it. */
  position: number;
  lessonMinutes: number;
  /** 0 when the unit has no test. */
  testMinutes: number;
}

export type Program = { allTopicsUpTo: Level } | { topics: readonly { topicId: string; upTo: Level }[] };

/** A unit of a plan: what the schedule needs of it. */
export interface PlanUnit {
  id: string;
  minutes: number;
}

export type Pace = { kind: 'weekly'; minutesPerWeek: number } | { kind: 'noWaiting' } | { kind: 'express'; durationDays: number };

export interface GroupSchedule {
  /** IANA name, e.g. Europe/Moscow. */
  timeZone: string;
  /** Any instant of the start day (stored: its local midnight). */
  startsAt: Date;
  pace: Pace;
  /** Own pace (the default), or catch up by the group's end: see personal-plan.ts. */
  lateJoiners: 'ownPace' | 'catchUp';
}

export interface ScheduledUnit extends PlanUnit {
  /** null: with no waiting, when the previous unit is passed. */
  opensAt: Date | null;
  /** null: no waiting has no due dates. */
  dueAt: Date | null;
}

export interface Plan {
  pace: Pace['kind'];
  startsAt: Date;
  /** null with no waiting. */
  endsAt: Date | null;
  /** The intensity the dates were computed with (raised by catch-up); null unless weekly. */
  minutesPerWeek: number | null;
  units: ScheduledUnit[];
}

const levelRank = (level: Level) => LEVELS.indexOf(level);

export function selectProgram(units: readonly CourseUnit[], topicOrder: readonly string[], program: Program): PlanUnit[] {
  const upTo = (topicId: string): Level | undefined =>
    'allTopicsUpTo' in program ? program.allTopicsUpTo : program.topics.find((entry) => entry.topicId === topicId)?.upTo;
  // Topics missing from topicOrder go last rather than vanish.
  const topicRank = (topicId: string) => {
    const index = topicOrder.indexOf(topicId);
    return index === -1 ? topicOrder.length : index;
  };
  return units
    .filter((unit) => {
      const target = upTo(unit.topicId);
      return target !== undefined && levelRank(unit.level) <= levelRank(target);
    })
    .sort(
      (a, b) =>
        levelRank(a.level) - levelRank(b.level) ||
        topicRank(a.topicId) - topicRank(b.topicId) ||
        a.position - b.position ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map((unit) => ({ id: unit.id, minutes: unit.lessonMinutes + unit.testMinutes }));
}

export function groupPlan(units: readonly PlanUnit[], group: GroupSchedule): Plan {
  const minutesPerWeek = group.pace.kind === 'weekly' ? group.pace.minutesPerWeek : null;
  return schedule(units, startOfLocalDay(group.startsAt, group.timeZone), group.timeZone, group.pace, minutesPerWeek);
}

/** Lays the units out from `start` (a local midnight); `minutesPerWeek` overrides a weekly pace. */
export function schedule(units: readonly PlanUnit[], start: Date, timeZone: string, pace: Pace, minutesPerWeek: number | null): Plan {
  units.forEach((unit) => assertWhole('unit minutes', unit.minutes, 0));
  const day0 = localDay(start, timeZone);
  const at = (days: number) => day0.plus({ days }).startOf('day').toJSDate();
  const plan = (endsAt: Date | null, scheduled: ScheduledUnit[]): Plan => ({ pace: pace.kind, startsAt: at(0), endsAt, minutesPerWeek, units: scheduled });
  if (pace.kind === 'express') {
    assertWhole('durationDays', pace.durationDays, 1);
    const due = at(pace.durationDays);
    return plan(due, units.map((unit) => ({ ...unit, opensAt: at(0), dueAt: due })));
  }
  if (pace.kind === 'noWaiting') {
    return plan(null, units.map((unit, index) => ({ ...unit, opensAt: index === 0 ? at(0) : null, dueAt: null })));
  }
  const intensity = minutesPerWeek ?? pace.minutesPerWeek;
  assertWhole('minutesPerWeek', intensity, 1);
  let before = 0;
  const scheduled = units.map((unit) => {
    const opensAt = at(floorDiv(7 * before, intensity));
    before += unit.minutes;
    return { ...unit, opensAt, dueAt: at(ceilDiv(7 * before, intensity)) };
  });
  return plan(at(ceilDiv(7 * before, intensity)), scheduled);
}

/** The local midnight that begins the calendar day holding `instant` in `timeZone`. */
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  return localDay(instant, timeZone).toJSDate();
}

/** Whole calendar days from the day holding `from` to the day holding `to` (negative if earlier). */
export function calendarDaysBetween(from: Date, to: Date, timeZone: string): number {
  return Math.round(localDay(to, timeZone).diff(localDay(from, timeZone), 'days').days);
}

/** The local midnight that begins the day `days` calendar days after the day holding `instant`. */
export function addCalendarDays(instant: Date, days: number, timeZone: string): Date {
  return localDay(instant, timeZone).plus({ days }).startOf('day').toJSDate();
}

function localDay(instant: Date, timeZone: string): DateTime {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Bad date or time zone: ${instant.toString()} in ${timeZone}`);
  return local.startOf('day');
}

function assertWhole(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be a whole number >= ${min}, got ${value}`);
}

// Exact on non-negative whole numbers, whatever the float rounding of a / b.
const floorDiv = (a: number, b: number) => (a - (a % b)) / b;
export const ceilDiv = (a: number, b: number) => floorDiv(a + b - 1, b);
