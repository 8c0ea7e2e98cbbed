import type { GroupSchedule, PlanUnit } from '../../server/training/group-plan';
import {
  catchUpMinutesPerWeek,
  openUnitIds,
  personalPlan,
  progress,
  type Membership,
  type Progress,
  type UnitProgress,
} from '../../server/training/personal-plan';
import { localAt, localMidnight, localTime, MOSCOW, rows, UNITS, weeklyGroup } from './plan-fixtures';

// The group (Moscow, from Monday 3 March 2025, 20 minutes a week) plans:
//   u1 03-03 -> 03-07, u2 03-06 -> 03-10, u3 03-10 -> 03-17, u4 03-17 -> 03-23 (its end).
const at = (isoDateTime: string) => localAt(isoDateTime, MOSCOW);
const day = (instant: Date | null) => (instant === null ? '-' : localTime(instant, MOSCOW).slice(5, 10));
const NOW = at('2025-03-10T12:00');

describe('personalPlan: start, late joiners and catch-up', () => {
  it.each<[string, GroupSchedule['lateJoiners'], string, string[], number]>([
    [
      'a member who joined before the start follows the group plan',
      'ownPace',
      '2025-02-20T10:00',
      ['u1 03-03 -> 03-07', 'u2 03-06 -> 03-10', 'u3 03-10 -> 03-17', 'u4 03-17 -> 03-23'],
      20,
    ],
    [
      'a late joiner at their own pace starts on the day they join, at the group intensity',
      'ownPace',
      '2025-03-12T15:30',
      ['u1 03-12 -> 03-16', 'u2 03-15 -> 03-19', 'u3 03-19 -> 03-26', 'u4 03-26 -> 04-01'],
      20,
    ],
    [
      // 11 days left to the group's end for 55 minutes: 7 * 55 / 11 = 35 minutes a week.
      'a late joiner catching up ends with the group',
      'catchUp',
      '2025-03-12T15:30',
      ['u1 03-12 -> 03-14', 'u2 03-14 -> 03-16', 'u3 03-16 -> 03-20', 'u4 03-20 -> 03-23'],
      35,
    ],
    [
      // 3 days left would need 129 minutes a week; the cap is 3 x 20 = 60, so they end on 03-27.
      'catch-up hitting the 3x cap ends after the group',
      'catchUp',
      '2025-03-20T09:00',
      ['u1 03-20 -> 03-22', 'u2 03-21 -> 03-23', 'u3 03-22 -> 03-25', 'u4 03-24 -> 03-27'],
      60,
    ],
  ])('%s', (_name, lateJoiners, joined, expected, minutesPerWeek) => {
    const plan = personalPlan(UNITS, { ...weeklyGroup, lateJoiners }, { joinedAt: at(joined) }, NOW);
    expect(rows(plan!, MOSCOW)).toEqual(expected);
    expect(plan!.minutesPerWeek).toBe(minutesPerWeek);
    expect(plan!.endsAt).toEqual(plan!.units[3].dueAt);
  });

  it('never has a late joiner behind on the day they join, though the group is behind by then', () => {
    const joined: Membership = { joinedAt: at('2025-03-12T15:30') };
    const endOfDay = at('2025-03-12T23:59');
    expect(progress(personalPlan(UNITS, weeklyGroup, joined, endOfDay), joined, [], endOfDay)).toMatchObject({ expectedMinutes: 0, behind: false });
    const sinceStart: Membership = { joinedAt: at('2025-03-01T10:00') };
    expect(progress(personalPlan(UNITS, weeklyGroup, sinceStart, endOfDay), sinceStart, [], endOfDay)).toMatchObject({ expectedMinutes: 20, behind: true });
  });

  it.each<[string, string, string[], ReturnType<typeof catchUpMinutesPerWeek>]>([
    ['before the start: the group intensity', '2025-02-20T10:00', [], { minutesPerWeek: 20, capped: false }],
    ['11 days before the group ends', '2025-03-12T15:30', [], { minutesPerWeek: 35, capped: false }],
    ['11 days before the end, u3 (20 minutes) already passed', '2025-03-12T15:30', ['u3'], { minutesPerWeek: 23, capped: false }],
    ['3 days before the end: capped at 3x', '2025-03-20T09:00', [], { minutesPerWeek: 60, capped: true }],
    ['on the day the group ends: capped', '2025-03-23T09:00', [], { minutesPerWeek: 60, capped: true }],
    ['after the group ended: capped', '2025-04-10T09:00', [], { minutesPerWeek: 60, capped: true }],
  ])('catchUpMinutesPerWeek, shown before saving: joining %s', (_name, joined, credited, expected) => {
    expect(catchUpMinutesPerWeek(UNITS, { ...weeklyGroup, lateJoiners: 'catchUp' }, at(joined), credited)).toEqual(expected);
  });

  it('has no catch-up for a pace without an intensity', () => {
    expect(catchUpMinutesPerWeek(UNITS, { ...weeklyGroup, pace: { kind: 'express', durationDays: 10 } }, at('2025-03-12T10:00'))).toBeNull();
    expect(catchUpMinutesPerWeek(UNITS, { ...weeklyGroup, pace: { kind: 'noWaiting' } }, at('2025-03-12T10:00'))).toBeNull();
  });

  it('gives a late joiner of an express group the full duration from the day they join', () => {
    const plan = personalPlan(UNITS, { ...weeklyGroup, pace: { kind: 'express', durationDays: 10 } }, { joinedAt: at('2025-03-12T15:30') }, NOW);
    expect(rows(plan!, MOSCOW)).toEqual(['u1 03-12 -> 03-22', 'u2 03-12 -> 03-22', 'u3 03-12 -> 03-22', 'u4 03-12 -> 03-22']);
  });
});

describe('personalPlan: pause, stop, move', () => {
  // From Monday 17 March: u1 03-17 -> 03-21, u2 03-20 -> 03-24, u3 03-24 -> 03-31, u4 03-31 -> 04-06.
  const group: GroupSchedule = { ...weeklyGroup, startsAt: localMidnight('2025-03-17', MOSCOW) };
  const joinedAt = at('2025-03-01T10:00');
  const pause = (from: string, to: string | null) => ({ from: at(from), to: to === null ? null : at(to) });

  it.each<[string, Membership['pauses'], string, string[], string]>([
    ['no pause', [], '2025-04-20T12:00', ['u1 03-17 -> 03-21', 'u2 03-20 -> 03-24', 'u3 03-24 -> 03-31', 'u4 03-31 -> 04-06'], '04-06'],
    [
      'a pause across the month end (28 March to 2 April: 5 days) shifts every later date by 5 days',
      [pause('2025-03-28T10:00', '2025-04-02T09:00')],
      '2025-04-20T12:00',
      ['u1 03-17 -> 03-21', 'u2 03-20 -> 03-24', 'u3 03-24 -> 04-05', 'u4 04-05 -> 04-11'],
      '04-11',
    ],
    [
      'a second pause (7 to 9 April: 2 days) adds its own shift',
      [pause('2025-04-07T12:00', '2025-04-09T08:00'), pause('2025-03-28T10:00', '2025-04-02T09:00')],
      '2025-04-20T12:00',
      ['u1 03-17 -> 03-21', 'u2 03-20 -> 03-24', 'u3 03-24 -> 04-05', 'u4 04-05 -> 04-13'],
      '04-13',
    ],
    [
      'an open pause lasts until today (7 to 10 April: 3 days so far)',
      [pause('2025-03-28T10:00', '2025-04-02T09:00'), pause('2025-04-07T12:00', null)],
      '2025-04-10T12:00',
      ['u1 03-17 -> 03-21', 'u2 03-20 -> 03-24', 'u3 03-24 -> 04-05', 'u4 04-05 -> 04-14'],
      '04-14',
    ],
    [
      'only the part of a pause after the start counts (10 to 19 March: 2 days)',
      [pause('2025-03-10T10:00', '2025-03-19T10:00')],
      '2025-04-20T12:00',
      ['u1 03-19 -> 03-23', 'u2 03-22 -> 03-26', 'u3 03-26 -> 04-02', 'u4 04-02 -> 04-08'],
      '04-08',
    ],
    [
      "the group's pause and the member's own inside it count once (28 March to 2 April: 5 days)",
      [pause('2025-03-28T10:00', '2025-04-02T09:00'), pause('2025-03-29T10:00', '2025-04-01T10:00')],
      '2025-04-20T12:00',
      ['u1 03-17 -> 03-21', 'u2 03-20 -> 03-24', 'u3 03-24 -> 04-05', 'u4 04-05 -> 04-11'],
      '04-11',
    ],
    [
      'overlapping pauses count as their union (28 March to 4 April: 7 days, not 5 + 3)',
      [pause('2025-04-01T10:00', '2025-04-04T09:00'), pause('2025-03-28T10:00', '2025-04-02T09:00')],
      '2025-04-20T12:00',
      ['u1 03-17 -> 03-21', 'u2 03-20 -> 03-24', 'u3 03-24 -> 04-07', 'u4 04-07 -> 04-13'],
      '04-13',
    ],
    [
      "an open pause swallows a member's pause that began inside it (7 to 10 April: 3 days so far)",
      [pause('2025-03-28T10:00', '2025-04-02T09:00'), pause('2025-04-07T12:00', null), pause('2025-04-08T12:00', '2025-04-09T12:00')],
      '2025-04-10T12:00',
      ['u1 03-17 -> 03-21', 'u2 03-20 -> 03-24', 'u3 03-24 -> 04-05', 'u4 04-05 -> 04-14'],
      '04-14',
    ],
    ['a pause over before the start changes nothing', [pause('2025-03-01T10:00', '2025-03-05T10:00')], '2025-04-20T12:00', ['u1 03-17 -> 03-21', 'u2 03-20 -> 03-24', 'u3 03-24 -> 03-31', 'u4 03-31 -> 04-06'], '04-06'],
    ['a pause within one day shifts nothing', [pause('2025-03-25T09:00', '2025-03-25T17:00')], '2025-04-20T12:00', ['u1 03-17 -> 03-21', 'u2 03-20 -> 03-24', 'u3 03-24 -> 03-31', 'u4 03-31 -> 04-06'], '04-06'],
  ])('%s', (_name, pauses, now, expected, end) => {
    const plan = personalPlan(UNITS, group, { joinedAt, pauses }, at(now))!;
    expect(rows(plan, MOSCOW)).toEqual(expected);
    expect(day(plan.endsAt)).toBe(end);
  });

  it('drops the plan of a stopped membership', () => {
    const stopped: Membership = { joinedAt, stoppedAt: at('2025-03-25T10:00') };
    expect(personalPlan(UNITS, group, stopped, NOW)).toBeNull();
    expect(progress(null, stopped, [], NOW)).toEqual({ status: 'stopped', completedMinutes: 0, expectedMinutes: 0, behind: false });
  });

  it('moves a member to a group with its program from the move date, crediting the two units already passed', () => {
    // The new group (from 03-03) teaches u1, u2 (passed in the old group), u5 (30 minutes) and u3.
    const newUnits: PlanUnit[] = [UNITS[0], UNITS[1], { id: 'u5', minutes: 30 }, UNITS[2]];
    const moved: Membership = { joinedAt: at('2025-03-12T11:00'), creditedUnitIds: ['u1', 'u2'] };
    const plan = personalPlan(newUnits, weeklyGroup, moved, NOW)!;
    // 50 minutes left from 03-12: u5 is due at day 10.5 -> 11, u3 at day 17.5 -> 18.
    expect(rows(plan, MOSCOW)).toEqual(['u5 03-12 -> 03-23', 'u3 03-22 -> 03-30']);
    // The credited minutes count neither as planned nor as done.
    const done: UnitProgress[] = [
      { unitId: 'u1', minutesDone: 10, passed: true },
      { unitId: 'u5', minutesDone: 5, passed: false },
    ];
    expect(progress(plan, moved, done, at('2025-03-23T12:00'))).toEqual({ status: 'inProgress', completedMinutes: 5, expectedMinutes: 30, behind: true });
  });
});

describe('progress: behind or on track by the personal plan, at an injected now', () => {
  const member: Membership = { joinedAt: at('2025-03-01T10:00') };
  const unit = (unitId: string, minutesDone: number, passed: boolean): UnitProgress => ({ unitId, minutesDone, passed });
  const u1u2 = [unit('u1', 10, true), unit('u2', 10, true)];

  it.each<[string, Partial<GroupSchedule>, Membership, string, UnitProgress[], Progress]>([
    ['day one: nothing expected yet', {}, member, '2025-03-03T20:00', [], { status: 'notStarted', completedMinutes: 0, expectedMinutes: 0, behind: false }],
    ['u1 was due at 03-07 00:00 and nothing is done', {}, member, '2025-03-08T09:00', [], { status: 'notStarted', completedMinutes: 0, expectedMinutes: 10, behind: true }],
    ['lessons of u1 done, its test failed: behind', {}, member, '2025-03-08T09:00', [unit('u1', 7, false)], { status: 'inProgress', completedMinutes: 7, expectedMinutes: 10, behind: true }],
    ['the test passed on retake: on track', {}, member, '2025-03-08T09:00', [unit('u1', 10, true)], { status: 'inProgress', completedMinutes: 10, expectedMinutes: 10, behind: false }],
    ['a minute before u2 is due only u1 is expected', {}, member, '2025-03-09T23:59', [unit('u1', 10, true)], { status: 'inProgress', completedMinutes: 10, expectedMinutes: 10, behind: false }],
    ['once u2 is due, u1 alone is behind', {}, member, '2025-03-10T00:00', [unit('u1', 10, true)], { status: 'inProgress', completedMinutes: 10, expectedMinutes: 20, behind: true }],
    ['minutes beyond a unit estimate do not make up for another unit', {}, member, '2025-03-10T12:00', [unit('u1', 30, true)], { status: 'inProgress', completedMinutes: 10, expectedMinutes: 20, behind: true }],
    ['on track with u1 and u2', {}, member, '2025-03-10T12:00', u1u2, { status: 'inProgress', completedMinutes: 20, expectedMinutes: 20, behind: false }],
    ['every unit passed: completed', {}, member, '2025-04-01T12:00', [...u1u2, unit('u3', 20, true), unit('u4', 15, true)], { status: 'completed', completedMinutes: 55, expectedMinutes: 55, behind: false }],
    [
      'paused since 03-08: what is expected stays where it was',
      {},
      { ...member, pauses: [{ from: at('2025-03-08T12:00'), to: null }] },
      '2025-03-20T12:00',
      [unit('u1', 10, true)],
      { status: 'paused', completedMinutes: 10, expectedMinutes: 10, behind: false },
    ],
    ['no waiting: nothing is ever due', { pace: { kind: 'noWaiting' } }, member, '2025-06-01T12:00', [], { status: 'notStarted', completedMinutes: 0, expectedMinutes: 0, behind: false }],
    ['express, before the due date', { pace: { kind: 'express', durationDays: 10 } }, member, '2025-03-12T23:59', [], { status: 'notStarted', completedMinutes: 0, expectedMinutes: 0, behind: false }],
    ['express, after the due date', { pace: { kind: 'express', durationDays: 10 } }, member, '2025-03-13T00:00', [...u1u2, unit('u3', 20, true)], { status: 'inProgress', completedMinutes: 40, expectedMinutes: 55, behind: true }],
  ])('%s', (_name, groupChanges, membership, now, done, expected) => {
    const plan = personalPlan(UNITS, { ...weeklyGroup, ...groupChanges }, membership, at(now));
    expect(progress(plan, membership, done, at(now))).toEqual(expected);
  });
});

describe('openUnitIds', () => {
  const member: Membership = { joinedAt: at('2025-03-01T10:00') };
  const planOf = (pace: GroupSchedule['pace']) => personalPlan(UNITS, { ...weeklyGroup, pace }, member, NOW)!;

  it.each<[string, GroupSchedule['pace'], string, string[], string[]]>([
    ['weekly, before the start', { kind: 'weekly', minutesPerWeek: 20 }, '2025-03-02T12:00', [], []],
    ['weekly: by date, passed or not', { kind: 'weekly', minutesPerWeek: 20 }, '2025-03-06T12:00', [], ['u1', 'u2']],
    ['no waiting: the first unit at the start', { kind: 'noWaiting' }, '2025-03-03T00:00', [], ['u1']],
    ['no waiting: the next one once the previous is passed', { kind: 'noWaiting' }, '2025-03-04T12:00', ['u1', 'u2'], ['u1', 'u2', 'u3']],
    ['no waiting: all, once all are passed', { kind: 'noWaiting' }, '2025-03-04T12:00', ['u1', 'u2', 'u3', 'u4'], ['u1', 'u2', 'u3', 'u4']],
    ['express: all at the start', { kind: 'express', durationDays: 10 }, '2025-03-03T08:00', [], ['u1', 'u2', 'u3', 'u4']],
  ])('%s', (_name, pace, now, passed, expected) => {
    expect(openUnitIds(planOf(pace), passed, at(now))).toEqual(expected);
  });
});
