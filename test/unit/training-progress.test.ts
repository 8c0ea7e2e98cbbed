import { unitPassed, unitProgress } from '../../server/training/learning-progress';
import { learnerWeek, readProgress, type StoredPlanShape } from '../../server/training/plan-view';

/**
 * Progress as read from a stored plan (issue 10 part 6): a unit test passes against the group's
 * threshold, best retake counting; a unit without a test passes with all its lessons; an open
 * pause freezes what is expected; the learner's week runs Monday to Sunday in the plan's zone.
 */

const d = (iso: string) => new Date(iso);
// Europe/Moscow is UTC+3 all year: local midnight of day D is D-1 21:00 UTC.
const stored: StoredPlanShape = {
  minutesPerWeek: 20,
  startsAt: d('2026-03-01T21:00:00Z'),
  endsAt: d('2026-03-07T21:00:00Z'),
  stoppedAt: null,
  units: [
    { unitId: '1', minutes: 12, opensAt: d('2026-03-01T21:00:00Z'), dueAt: d('2026-03-06T21:00:00Z') },
    { unitId: '2', minutes: 4, opensAt: d('2026-03-05T21:00:00Z'), dueAt: d('2026-03-07T21:00:00Z') },
  ],
};
const withTest = { lessons: 2, hasTest: true, testMinutes: 4 };
const noTest = { lessons: 1, hasTest: false, testMinutes: 0 };

describe('unit progress', () => {
  it.each([
    ['a failed first attempt', withTest, { lessonsDone: 2, lessonMinutesDone: 8, bestScore: 60, attempts: 1 }, false],
    ['a retake at the threshold', withTest, { lessonsDone: 2, lessonMinutesDone: 8, bestScore: 80, attempts: 2 }, true],
    ['all lessons but no test passed', withTest, { lessonsDone: 2, lessonMinutesDone: 8, bestScore: null, attempts: 0 }, false],
    ['a unit without a test, lessons done', noTest, { lessonsDone: 1, lessonMinutesDone: 4, bestScore: null, attempts: 0 }, true],
    ['a unit without a test or lessons', { lessons: 0, hasTest: false, testMinutes: 0 }, { lessonsDone: 0, lessonMinutesDone: 0, bestScore: null, attempts: 0 }, false],
  ])('%s', (_name, shape, done, passed) => {
    expect(unitPassed(shape, done, 80)).toBe(passed);
  });

  it('counts the test minutes only once the test is passed', () => {
    expect(unitProgress('1', withTest, { lessonsDone: 2, lessonMinutesDone: 8, bestScore: 60, attempts: 1 }, 80)).toEqual({ unitId: '1', passed: false, minutesDone: 8 });
    expect(unitProgress('1', withTest, { lessonsDone: 2, lessonMinutesDone: 8, bestScore: 90, attempts: 2 }, 80)).toEqual({ unitId: '1', passed: true, minutesDone: 12 });
  });
});

describe('readProgress', () => {
  const nothing = [
    { unitId: '1', minutesDone: 0, passed: false },
    { unitId: '2', minutesDone: 0, passed: false },
  ];

  it('is behind once a unit is due and not done, on track when it is', () => {
    const now = d('2026-03-07T09:00:00Z');
    expect(readProgress(stored, 'weekly', false, [], nothing, now)).toMatchObject({ status: 'notStarted', expectedMinutes: 12, behind: true });
    const done = [{ unitId: '1', minutesDone: 12, passed: true }, nothing[1]];
    expect(readProgress(stored, 'weekly', false, [], done, now)).toMatchObject({ status: 'inProgress', completedMinutes: 12, behind: false });
  });

  it('freezes what is expected while a pause lasts', () => {
    const pause = { personId: 5, from: d('2026-03-03T09:00:00Z'), to: null };
    expect(readProgress(stored, 'weekly', false, [pause], nothing, d('2026-03-20T09:00:00Z'))).toMatchObject({ status: 'paused', expectedMinutes: 0, behind: false });
  });

  it('reads a stopped plan, or a stopped launch, as stopped', () => {
    expect(readProgress({ ...stored, stoppedAt: d('2026-03-04T09:00:00Z') }, 'weekly', false, [], nothing, d('2026-03-20T09:00:00Z')).status).toBe('stopped');
    expect(readProgress(stored, 'weekly', true, [], nothing, d('2026-03-20T09:00:00Z')).status).toBe('stopped');
  });
});

describe('learnerWeek', () => {
  const units = stored.units.map((u) => ({ ...u, passed: false }));

  it('lists what is due by Sunday night (overdue included) and what comes next', () => {
    // Monday 2 March, Moscow: both units are due by the end of the week (Sunday 8 March).
    const week = learnerWeek(units, 'Europe/Moscow', d('2026-03-02T09:00:00Z'));
    expect(week.dueThisWeek.map((u) => u.unitId)).toEqual(['1', '2']);
    expect(week.next).toBeNull();
    expect(week.weekEndsAt).toEqual(d('2026-03-08T21:00:00Z'));
  });

  it('skips passed units and shows the next one after this week', () => {
    const later = [...units, { unitId: '3', minutes: 5, opensAt: d('2026-03-09T21:00:00Z'), dueAt: d('2026-03-12T21:00:00Z'), passed: false }];
    const week = learnerWeek(later.map((u) => (u.unitId === '1' ? { ...u, passed: true } : u)), 'Europe/Moscow', d('2026-03-03T09:00:00Z'));
    expect(week.dueThisWeek.map((u) => u.unitId)).toEqual(['2']);
    expect(week.next?.unitId).toBe('3');
  });
});
