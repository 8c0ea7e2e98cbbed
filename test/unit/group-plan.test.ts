import { groupPlan, selectProgram, type CourseUnit, type GroupSchedule } from '../../server/training/group-plan';
import { localMidnight, localTime, MOSCOW, rows, UNITS, weeklyGroup } from './plan-fixtures';

describe('groupPlan', () => {
  it.each<[string, GroupSchedule['pace'], string[], string]>([
    [
      // u1 is due at day 3.5 -> day 4 (round up); u2 opens on day 3 (round down), the day u1 is due by its end.
      'weekly: unit k opens at 7 days * minutes before k / intensity and is due when the next opens',
      { kind: 'weekly', minutesPerWeek: 20 },
      ['u1 03-03 -> 03-07', 'u2 03-06 -> 03-10', 'u3 03-10 -> 03-17', 'u4 03-17 -> 03-23'],
      '03-23',
    ],
    [
      'weekly at twice the intensity ends in half the days (rounded up)',
      { kind: 'weekly', minutesPerWeek: 40 },
      ['u1 03-03 -> 03-05', 'u2 03-04 -> 03-07', 'u3 03-06 -> 03-10', 'u4 03-10 -> 03-13'],
      '03-13',
    ],
    ['no waiting: the first unit opens at start, the others when the previous is passed; nothing is due', { kind: 'noWaiting' }, ['u1 03-03 -> -', 'u2 - -> -', 'u3 - -> -', 'u4 - -> -'], '-'],
    [
      'express: every unit opens at start and is due after the duration',
      { kind: 'express', durationDays: 10 },
      ['u1 03-03 -> 03-13', 'u2 03-03 -> 03-13', 'u3 03-03 -> 03-13', 'u4 03-03 -> 03-13'],
      '03-13',
    ],
  ])('%s', (_name, pace, expected, end) => {
    const plan = groupPlan(UNITS, { ...weeklyGroup, pace });
    expect(rows(plan, MOSCOW)).toEqual(expected);
    expect(plan.endsAt === null ? '-' : localTime(plan.endsAt, MOSCOW).slice(5, 10)).toBe(end);
    expect(plan.startsAt).toEqual(localMidnight('2025-03-03', MOSCOW));
  });

  it('starts on the local day of any instant of the start day, kept at its local midnight', () => {
    const plan = groupPlan(UNITS, { ...weeklyGroup, startsAt: new Date('2025-03-03T20:59:00Z') }); // 23:59 in Moscow
    expect(plan.startsAt.toISOString()).toBe('2025-03-02T21:00:00.000Z');
  });

  it.each([
    // Berlin moves to summer time on Sunday 30 March 2025 and back on Sunday 26 October 2025.
    ['Europe/Berlin', '2025-03-24', '2025-03-23T23:00:00.000Z', '2025-03-30T22:00:00.000Z', '2025-04-06T22:00:00.000Z'],
    ['Europe/Berlin', '2025-10-20', '2025-10-19T22:00:00.000Z', '2025-10-26T23:00:00.000Z', '2025-11-02T23:00:00.000Z'],
    // New York: 9 March and 2 November 2025.
    ['America/New_York', '2025-03-03', '2025-03-03T05:00:00.000Z', '2025-03-10T04:00:00.000Z', '2025-03-17T04:00:00.000Z'],
    ['America/New_York', '2025-10-27', '2025-10-27T04:00:00.000Z', '2025-11-03T05:00:00.000Z', '2025-11-10T05:00:00.000Z'],
  ])('keeps due dates at local midnight of the right day across a daylight-saving change (%s from %s)', (zone, start, opens, firstDue, end) => {
    const plan = groupPlan(
      [
        { id: 'a', minutes: 20 },
        { id: 'b', minutes: 20 },
      ],
      { ...weeklyGroup, timeZone: zone, startsAt: localMidnight(start, zone) },
    );
    expect(plan.units.map((unit) => [unit.opensAt?.toISOString(), unit.dueAt?.toISOString()])).toEqual([
      [opens, firstDue],
      [firstDue, end],
    ]);
    rows(plan, zone); // every date at 00:00 local
  });

  it('starts a day whose midnight a DST change skips at its first instant (Santiago, 8 September 2024)', () => {
    const zone = 'America/Santiago';
    const plan = groupPlan([{ id: 'a', minutes: 20 }], { ...weeklyGroup, timeZone: zone, startsAt: localMidnight('2024-09-01', zone), pace: { kind: 'weekly', minutesPerWeek: 20 } });
    expect(localTime(plan.units[0].dueAt as Date, zone)).toBe('2024-09-08 01:00');
  });

  it('refuses a bad time zone, a pace of no minutes and fractional minutes', () => {
    expect(() => groupPlan(UNITS, { ...weeklyGroup, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => groupPlan(UNITS, { ...weeklyGroup, pace: { kind: 'weekly', minutesPerWeek: 0 } })).toThrow(RangeError);
    expect(() => groupPlan([{ id: 'x', minutes: 1.5 }], weeklyGroup)).toThrow(RangeError);
    expect(() => groupPlan(UNITS, { ...weeklyGroup, pace: { kind: 'express', durationDays: 0 } })).toThrow(RangeError);
  });

  it('gives an empty program a plan that ends where it starts', () => {
    const plan = groupPlan([], weeklyGroup);
    expect(plan.units).toEqual([]);
    expect(plan.endsAt).toEqual(plan.startsAt);
  });
});

describe('selectProgram', () => {
  const unit = (id: string, topicId: string, level: CourseUnit['level'], position: number): CourseUnit => ({ id, topicId, level, position, lessonMinutes: 7, testMinutes: 3 });
  // Two courses' units, in no particular order; "social" is a topic the ordering does not know.
  const units = [
    unit('w-e1', 'passwords', 'elementary', 1),
    unit('p-i1', 'phishing', 'intermediate', 1),
    unit('d-a1', 'devices', 'advanced', 1),
    unit('p-b2', 'phishing', 'beginner', 2),
    unit('x-b1', 'social', 'beginner', 1),
    unit('d-b1', 'devices', 'beginner', 1),
    unit('p-e1', 'phishing', 'elementary', 1),
    unit('w-b1', 'passwords', 'beginner', 1),
    unit('p-b1', 'phishing', 'beginner', 1),
  ];
  const topicOrder = ['phishing', 'passwords', 'devices'];

  it.each<[string, Parameters<typeof selectProgram>[2], string[]]>([
    ['all topics up to Beginner', { allTopicsUpTo: 'beginner' }, ['p-b1', 'p-b2', 'w-b1', 'd-b1', 'x-b1']],
    ['all topics up to Elementary: by level, then topic, then position', { allTopicsUpTo: 'elementary' }, ['p-b1', 'p-b2', 'w-b1', 'd-b1', 'x-b1', 'p-e1', 'w-e1']],
    [
      'chosen topics, each up to its own level; other topics left out',
      {
        topics: [
          { topicId: 'phishing', upTo: 'intermediate' },
          { topicId: 'passwords', upTo: 'beginner' },
        ],
      },
      ['p-b1', 'p-b2', 'w-b1', 'p-e1', 'p-i1'],
    ],
    ['no topics, no units', { topics: [] }, []],
  ])('%s', (_name, program, expected) => {
    expect(selectProgram(units, topicOrder, program).map((selected) => selected.id)).toEqual(expected);
  });

  it("counts a unit's lessons and its test", () => {
    expect(selectProgram(units, topicOrder, { allTopicsUpTo: 'beginner' })[0]).toEqual({ id: 'p-b1', minutes: 10 });
  });
});
