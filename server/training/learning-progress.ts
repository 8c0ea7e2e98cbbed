import type { UnitProgress } from './personal-plan';

/**
 * A person's progress in one unit, from what they did (PRODUCT.md §5 "Progress"): a lesson is done
 * when read to its end; a unit test passes at a score at or above the GROUP's threshold (not the
 * test's own pass mark: the group decides), retakes allowed, so the best attempt counts. A unit
 * without a test is passed when all its lessons are done (and it has some). Pure.
 */

export interface UnitShape {
  lessons: number;
  hasTest: boolean;
  testMinutes: number;
}

export interface UnitDone {
  lessonsDone: number;
  lessonMinutesDone: number;
  bestScore: number | null;
  attempts: number;
}

export const NOTHING_DONE: UnitDone = { lessonsDone: 0, lessonMinutesDone: 0, bestScore: null, attempts: 0 };

export function unitPassed(shape: UnitShape, done: UnitDone, thresholdPercent: number): boolean {
  if (shape.hasTest) return done.bestScore !== null && done.bestScore >= thresholdPercent;
  return shape.lessons > 0 && done.lessonsDone >= shape.lessons;
}

export function unitProgress(unitId: string, shape: UnitShape, done: UnitDone, thresholdPercent: number): UnitProgress {
  const passed = unitPassed(shape, done, thresholdPercent);
  return { unitId, passed, minutesDone: done.lessonMinutesDone + (passed && shape.hasTest ? shape.testMinutes : 0) };
}
