import { attentionReasons, estimatedEnd, plannedByToday, weeklyProgress, MAX_WEEKS } from '../../server/training/group-report';
import { BOM, CSV_HEADERS, csvCell, toCsv } from '../../server/training/report-csv';
import { sortMembers, type ReportMember } from '../../client/pages/groups/report/report-client';

/**
 * The report's arithmetic (issue 10 part 8): estimated end from the pace so far, who needs
 * attention and why, the weekly planned-vs-actual series, and CSV cells Excel reads safely.
 */

describe('estimated end', () => {
  it.each([
    // 10 of 40 minutes in the 5 days 03-02..03-06: 2 min/day, 30 left -> 15 days after 03-06.
    ['at their pace', { status: 'inProgress', startsOn: '2026-03-02', completedMinutes: 10, totalMinutes: 40 }, '2026-03-06', '2026-03-21'],
    // Day one counts as a day: 12 of 24 minutes on the start day -> one more day.
    ['half done on day one', { status: 'inProgress', startsOn: '2026-03-02', completedMinutes: 12, totalMinutes: 24 }, '2026-03-02', '2026-03-03'],
    // A month end is crossed in calendar days: 1 of 3 minutes in 28 days (02-01..02-28) -> 56 more.
    ['across a month end', { status: 'inProgress', startsOn: '2026-02-01', completedMinutes: 1, totalMinutes: 3 }, '2026-02-28', '2026-04-25'],
    ['all done but not yet completed (a test pending): today', { status: 'inProgress', startsOn: '2026-03-02', completedMinutes: 40, totalMinutes: 40 }, '2026-03-06', '2026-03-06'],
    ['nothing done yet: unknown', { status: 'inProgress', startsOn: '2026-03-02', completedMinutes: 0, totalMinutes: 40 }, '2026-03-06', null],
    ['not started: unknown', { status: 'notStarted', startsOn: '2026-03-02', completedMinutes: 0, totalMinutes: 40 }, '2026-03-06', null],
    ['completed: no estimate', { status: 'completed', startsOn: '2026-03-02', completedMinutes: 40, totalMinutes: 40 }, '2026-03-06', null],
    ['paused: no estimate', { status: 'paused', startsOn: '2026-03-02', completedMinutes: 10, totalMinutes: 40 }, '2026-03-06', null],
    ['stopped: no estimate', { status: 'stopped', startsOn: '2026-03-02', completedMinutes: 10, totalMinutes: 40 }, '2026-03-06', null],
  ] as const)('%s', (_name, facts, today, expected) => {
    expect(estimatedEnd(facts, today)).toBe(expected);
  });
});

describe('needs attention', () => {
  const passed = { passed: true, attempts: 1 };
  const failed = { passed: false, attempts: 2 };
  const untried = { passed: false, attempts: 0 };
  it.each([
    ['on track', { status: 'inProgress', behind: false, startsOn: '2026-03-02', units: [passed, untried] }, []],
    ['behind plan', { status: 'inProgress', behind: true, startsOn: '2026-03-02', units: [passed, untried] }, ['behind']],
    ['failed a test, not retaken yet', { status: 'inProgress', behind: false, startsOn: '2026-03-02', units: [failed] }, ['failedTest']],
    ['failed, then passed on retake: fine', { status: 'inProgress', behind: false, startsOn: '2026-03-02', units: [{ passed: true, attempts: 2 }] }, []],
    ['nothing done since a plan that began yesterday, and behind', { status: 'notStarted', behind: true, startsOn: '2026-03-05', units: [untried] }, ['behind', 'notStarted']],
    ['a plan starting today is not late', { status: 'notStarted', behind: false, startsOn: '2026-03-06', units: [untried] }, []],
    ['paused: not behind, a failed test still shows', { status: 'paused', behind: true, startsOn: '2026-03-02', units: [failed] }, ['failedTest']],
    ['completed: nobody looks', { status: 'completed', behind: false, startsOn: '2026-03-02', units: [failed] }, []],
    ['stopped: nobody looks', { status: 'stopped', behind: false, startsOn: '2026-03-02', units: [failed] }, []],
  ] as const)('%s', (_name, facts, expected) => {
    expect(attentionReasons(facts, '2026-03-06')).toEqual(expected);
  });
});

describe('weekly progress', () => {
  it('counts cumulative units due and passed by each Sunday, actual only for weeks begun', () => {
    // Launch Wednesday 03-04: weeks start Monday 03-02. Today is Tuesday 03-10.
    const weeks = weeklyProgress('2026-03-04', '2026-03-10', ['2026-03-07', '2026-03-08', '2026-03-08', '2026-03-15', '2026-03-20'], ['2026-03-06', '2026-03-09', '2026-03-10']);
    expect(weeks).toEqual([
      { weekOf: '2026-03-02', planned: 3, actual: 1 },
      { weekOf: '2026-03-09', planned: 4, actual: 3 },
      { weekOf: '2026-03-16', planned: 5, actual: null },
    ]);
  });

  it('runs to this week when every due date is past, and is one week on the launch day', () => {
    expect(weeklyProgress('2026-03-02', '2026-03-20', ['2026-03-03'], [])).toHaveLength(3);
    expect(weeklyProgress('2026-03-02', '2026-03-02', [], [])).toEqual([{ weekOf: '2026-03-02', planned: 0, actual: 0 }]);
  });

  it('shows a launch in the future as its first week, planned only', () => {
    expect(weeklyProgress('2026-03-16', '2026-03-10', ['2026-03-20'], [])).toEqual([{ weekOf: '2026-03-16', planned: 1, actual: null }]);
  });

  it('stops at two years of weeks', () => {
    expect(weeklyProgress('2026-01-05', '2026-01-05', ['2030-01-01'], [])).toHaveLength(MAX_WEEKS);
  });

  it('counts units planned by today, no-waiting units (no due date) never', () => {
    expect(plannedByToday(['2026-03-05', '2026-03-06', '2026-03-07', null], '2026-03-06')).toBe(2);
  });
});

describe('CSV for Excel', () => {
  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+7 999', "'+7 999"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['Иванова, Анна', '"Иванова, Анна"'],
    ['line\nbreak', '"line\nbreak"'],
    ['Пётр', 'Пётр'],
  ])('guards and quotes %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('leaves numbers (even negative) and empty values alone', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('starts with the BOM, a header row in the viewer\'s language, CRLF lines', () => {
    const row = { name: 'Анна', status: 'В процессе', onTrack: 'да', unitsPlanned: 1, unitsDone: 1, unitsTotal: 2, plannedEnd: '2026-03-08', estimatedEnd: null, averageScore: 90, attempts: 2, attention: '' };
    const csv = toCsv('ru', [row]);
    expect(csv.startsWith(BOM)).toBe(true);
    const [header, line, end] = csv.slice(1).split('\r\n');
    expect(header.split(',')).toEqual(Object.values(CSV_HEADERS.ru));
    expect(line).toBe('Анна,В процессе,да,1,1,2,2026-03-08,,90,2,');
    expect(end).toBe('');
  });
});

describe('the members table order', () => {
  const member = (name: string, estimatedEnd: string | null, averageScore: number | null) =>
    ({ personId: name.length, name, status: 'inProgress', onTrack: true, unitsPlanned: 0, unitsDone: 0, unitsTotal: 2, plannedEnd: null, estimatedEnd, completedMinutes: 0, expectedMinutes: 0, totalMinutes: 0, averageScore, attempts: 0, attention: [] }) as ReportMember;
  const people = [member('Яна', '2026-03-09', 90), member('Анна', null, null), member('Борис', '2026-03-01', 60)];
  const collator = new Intl.Collator('ru');
  it.each([
    ['name', true, ['Анна', 'Борис', 'Яна']],
    ['name', false, ['Яна', 'Борис', 'Анна']],
    ['estimatedEnd', true, ['Борис', 'Яна', 'Анна']],
    ['estimatedEnd', false, ['Яна', 'Борис', 'Анна']],
    ['score', false, ['Яна', 'Борис', 'Анна']],
  ] as const)('by %s (ascending: %s), nulls last', (key, ascending, names) => {
    expect(sortMembers(people, key, ascending, collator).map((m) => m.name)).toEqual(names);
  });
});
