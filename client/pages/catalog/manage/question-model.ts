import type { ManageOption, QuestionKind } from '../catalog-types';

/**
 * What makes a question valid before it is sent (the server checks the same: 2 to 10 options,
 * single choice exactly one correct, multiple choice at least one). Returns the problems as
 * message keys with the option they concern, so the form can point at the field.
 */
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;

export type QuestionProblem =
  | { field: 'text'; problem: 'empty' }
  | { field: 'options'; problem: 'tooFew' | 'tooMany' | 'noCorrect' | 'oneCorrect' }
  | { field: `options.${number}.text`; problem: 'empty' };

export function questionProblems(q: { text: string; kind: QuestionKind; options: ManageOption[] }): QuestionProblem[] {
  const out: QuestionProblem[] = [];
  if (!q.text.trim()) out.push({ field: 'text', problem: 'empty' });
  q.options.forEach((option, index) => {
    if (!option.text.trim()) out.push({ field: `options.${index}.text`, problem: 'empty' });
  });
  if (q.options.length < MIN_OPTIONS) out.push({ field: 'options', problem: 'tooFew' });
  if (q.options.length > MAX_OPTIONS) out.push({ field: 'options', problem: 'tooMany' });
  const correct = q.options.filter((o) => o.correct).length;
  if (q.kind === 'single' && correct !== 1) out.push({ field: 'options', problem: 'oneCorrect' });
  if (q.kind === 'multiple' && correct === 0) out.push({ field: 'options', problem: 'noCorrect' });
  return out;
}

/** Switching to single choice keeps only the first correct option marked. */
export function withKind(options: ManageOption[], kind: QuestionKind): ManageOption[] {
  if (kind === 'multiple') return options;
  let seen = false;
  return options.map((o) => {
    if (!o.correct) return o;
    if (seen) return { ...o, correct: false };
    seen = true;
    return o;
  });
}

/** Marks option `index` correct: the only one for single choice, toggled for multiple. */
export function markCorrect(options: ManageOption[], kind: QuestionKind, index: number, correct: boolean): ManageOption[] {
  return options.map((o, i) => {
    if (i === index) return { ...o, correct };
    return kind === 'single' && correct ? { ...o, correct: false } : o;
  });
}
