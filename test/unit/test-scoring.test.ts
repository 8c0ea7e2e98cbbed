import { scoreAttempt, type ScoredQuestion } from '../../server/catalog/test-scoring';

const questions: ScoredQuestion[] = [
  { id: 1, text: 'single', kind: 'single', options: [{ id: 11, text: 'a', correct: true }, { id: 12, text: 'b', correct: false }] },
  {
    id: 2,
    text: 'multiple',
    kind: 'multiple',
    options: [{ id: 21, text: 'a', correct: true }, { id: 22, text: 'b', correct: true }, { id: 23, text: 'c', correct: false }],
  },
  { id: 3, text: 'third', kind: 'single', options: [{ id: 31, text: 'a', correct: false }, { id: 32, text: 'b', correct: true }] },
];

describe('test scoring', () => {
  it('counts a question right only when exactly its correct options are chosen', () => {
    const result = scoreAttempt(questions, [{ questionId: 1, optionIds: [11] }, { questionId: 2, optionIds: [21] }, { questionId: 3, optionIds: [32] }], 60);
    expect(result).toMatchObject({ correctCount: 2, questionsCount: 3, score: 66, passed: true });
    expect(result.review.map((r) => r.correct)).toEqual([true, false, true]);
    expect(result.review[1]).toMatchObject({ chosenOptionIds: [21], correctOptionIds: [21, 22] });
  });

  it('fails below the pass mark; unanswered and foreign options count as wrong', () => {
    const result = scoreAttempt(questions, [{ questionId: 1, optionIds: [11, 31] }, { questionId: 2, optionIds: [22, 21] }], 80);
    expect(result).toMatchObject({ correctCount: 2, score: 66, passed: false });
    expect(result.review[0]!.chosenOptionIds).toEqual([11]);
    expect(result.review[2]).toMatchObject({ chosenOptionIds: [], correct: false });
  });

  it('does not credit choosing every option of a single-choice question', () => {
    expect(scoreAttempt(questions.slice(0, 1), [{ questionId: 1, optionIds: [11, 12] }], 100)).toMatchObject({ score: 0, passed: false });
    expect(scoreAttempt(questions, questions.map((q) => ({ questionId: q.id, optionIds: q.options.filter((o) => o.correct).map((o) => o.id) })), 100)).toMatchObject({
      score: 100,
      passed: true,
    });
  });
});
