import { answersOf, attemptsLeft, bestScoreOf, choose, optionMark, unansweredOf } from '../../client/pages/catalog/test/test-model';
import type { AttemptResult, TestQuestion } from '../../client/pages/catalog/catalog-types';

/** Taking a test in the browser (client/pages/catalog/test/test-model.ts); the server scores. */
const single: TestQuestion = { id: 1, text: 'Strongest?', kind: 'single', options: [{ id: 11, text: 'a' }, { id: 12, text: 'b' }] };
const multiple: TestQuestion = { id: 2, text: 'Which?', kind: 'multiple', options: [{ id: 21, text: 'x' }, { id: 22, text: 'y' }, { id: 23, text: 'z' }] };

describe('choosing answers', () => {
  it('keeps one option for a single-choice question and toggles options of a multiple-choice one', () => {
    let choices = choose({}, single, 11, true);
    choices = choose(choices, single, 12, true);
    expect(choices[1]).toEqual([12]);
    choices = choose(choices, multiple, 21, true);
    choices = choose(choices, multiple, 23, true);
    choices = choose(choices, multiple, 21, false);
    expect(choices[2]).toEqual([23]);
  });

  it('lists unanswered questions and sends only answered ones, in the test order', () => {
    const choices = choose({}, multiple, 22, true);
    expect(unansweredOf([single, multiple], choices).map((q) => q.id)).toEqual([1]);
    expect(answersOf([single, multiple], choices)).toEqual([{ questionId: 2, optionIds: [22] }]);
    expect(answersOf([single, multiple], choose(choices, multiple, 22, false))).toEqual([]);
  });

  it('never sends an option that is not the question\'s', () => {
    expect(answersOf([single], { 1: [11, 99] })).toEqual([{ questionId: 1, optionIds: [11] }]);
  });
});

describe('attempts and results', () => {
  it('counts attempts left, with null for unlimited and never below zero', () => {
    expect(attemptsLeft(3, 1)).toBe(2);
    expect(attemptsLeft(3, 5)).toBe(0);
    expect(attemptsLeft(null, 10)).toBeNull();
  });

  it('takes the best submitted score; an open attempt has none', () => {
    const attempt = (score: number | null): AttemptResult => ({ id: 1, number: 1, startedAt: '', submittedAt: score === null ? null : '', score, passed: null, correctCount: null, questionsCount: null, review: null });
    expect(bestScoreOf([attempt(40), attempt(null), attempt(100)])).toBe(100);
    expect(bestScoreOf([attempt(null)])).toBeNull();
  });

  it('marks each reviewed option: chosen and right, chosen and wrong, missed, or neither', () => {
    expect(optionMark(1, [1], [1])).toBe('right');
    expect(optionMark(2, [2], [1])).toBe('wrong');
    expect(optionMark(1, [2], [1])).toBe('missed');
    expect(optionMark(3, [2], [1])).toBe('none');
  });
});
