/**
 * Scoring a test attempt: pure. A question counts when the chosen options are exactly its correct
 * ones (no partial credit: a multiple-choice question half right is wrong). Options that are not
 * the question's are ignored; an unanswered question is wrong. score = floor(100 * right / all).
 */

export interface ScoredQuestion {
  id: number;
  text: string;
  kind: 'single' | 'multiple';
  options: Array<{ id: number; text: string; correct: boolean }>;
}

export interface GivenAnswer {
  questionId: number;
  optionIds: number[];
}

export interface ReviewItem {
  questionId: number;
  text: string;
  kind: 'single' | 'multiple';
  options: Array<{ id: number; text: string }>;
  chosenOptionIds: number[];
  correctOptionIds: number[];
  correct: boolean;
}

/** What a submitted attempt keeps: enough to show it again after the test is edited or deleted. */
export interface AttemptResult {
  score: number;
  passed: boolean;
  correctCount: number;
  questionsCount: number;
  review: ReviewItem[];
}

export function scoreAttempt(questions: readonly ScoredQuestion[], answers: readonly GivenAnswer[], passMark: number): AttemptResult {
  const given = new Map<number, Set<number>>();
  for (const answer of answers) given.set(answer.questionId, new Set(answer.optionIds));
  const review = questions.map((question): ReviewItem => {
    const own = new Set(question.options.map((option) => option.id));
    const chosen = [...(given.get(question.id) ?? [])].filter((id) => own.has(id)).sort((a, b) => a - b);
    const correctIds = question.options.filter((option) => option.correct).map((option) => option.id).sort((a, b) => a - b);
    const exact = chosen.length === correctIds.length && chosen.every((id, i) => id === correctIds[i]);
    return {
      questionId: question.id,
      text: question.text,
      kind: question.kind,
      options: question.options.map((option) => ({ id: option.id, text: option.text })),
      chosenOptionIds: chosen,
      correctOptionIds: correctIds,
      correct: exact && (question.kind === 'multiple' || chosen.length === 1),
    };
  });
  const correctCount = review.filter((item) => item.correct).length;
  const score = questions.length === 0 ? 0 : Math.floor((100 * correctCount) / questions.length);
  return { score, passed: score >= passMark, correctCount, questionsCount: questions.length, review };
}
