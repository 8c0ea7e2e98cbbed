import type { Answer, AttemptResult, TestQuestion } from '../catalog-types';

/**
 * The learner's side of a test, as plain functions (tested in test/unit/catalog-test-model.test.ts):
 * the answers being chosen, what is still unanswered, and how many attempts remain. Scoring is the
 * server's alone: the browser never has the correct answers before submitting.
 */
export type Choices = Record<number, number[]>;

/** Picks an option: a single-choice question holds one, a multiple-choice one toggles. */
export function choose(choices: Choices, question: TestQuestion, optionId: number, checked: boolean): Choices {
  const current = choices[question.id] ?? [];
  if (question.kind === 'single') return { ...choices, [question.id]: checked ? [optionId] : [] };
  const next = checked ? (current.includes(optionId) ? current : [...current, optionId]) : current.filter((id) => id !== optionId);
  return { ...choices, [question.id]: next };
}

export function unansweredOf(questions: readonly TestQuestion[], choices: Choices): TestQuestion[] {
  return questions.filter((q) => (choices[q.id] ?? []).length === 0);
}

/** What is sent on submit: answered questions only, in the test's order (the rest score 0). */
export function answersOf(questions: readonly TestQuestion[], choices: Choices): Answer[] {
  return questions
    .filter((q) => (choices[q.id] ?? []).length > 0)
    .map((q) => {
      const known = new Set(q.options.map((o) => o.id));
      return { questionId: q.id, optionIds: (choices[q.id] ?? []).filter((id) => known.has(id)) };
    });
}

/** Attempts still allowed; null when unlimited. */
export function attemptsLeft(attemptsAllowed: number | null, attemptsUsed: number): number | null {
  return attemptsAllowed === null ? null : Math.max(0, attemptsAllowed - attemptsUsed);
}

/** The best submitted score, or null when nothing was submitted yet. */
export function bestScoreOf(attempts: readonly AttemptResult[]): number | null {
  const scores = attempts.map((a) => a.score).filter((s): s is number => typeof s === 'number');
  return scores.length ? Math.max(...scores) : null;
}

/** How an option of a reviewed question is shown: chosen and right, chosen and wrong, missed, or neither. */
export type OptionMark = 'right' | 'wrong' | 'missed' | 'none';

export function optionMark(optionId: number, chosen: readonly number[], correct: readonly number[]): OptionMark {
  const isChosen = chosen.includes(optionId);
  const isCorrect = correct.includes(optionId);
  if (isChosen && isCorrect) return 'right';
  if (isChosen) return 'wrong';
  if (isCorrect) return 'missed';
  return 'none';
}
