import { parseExchangeFile } from '../../server/catalog/exchange-format';

const course = {
  format: 'training-groups/course',
  version: 1,
  key: 'demo',
  language: 'en',
  course: {
    title: 'Security awareness',
    description: 'Short',
    hiddenFromExtranet: false,
    units: [
      {
        topic: 'Passwords',
        level: 'beginner',
        title: 'Strong passwords',
        lessons: [{ title: 'Why', body: 'Because.', estimatedMinutes: 5 }],
        test: {
          title: 'Check',
          passMark: 80,
          attemptsAllowed: null,
          estimatedMinutes: 5,
          questions: [{ text: 'Q?', kind: 'single', options: [{ text: 'a', correct: true }, { text: 'b', correct: false }] }],
        },
      },
    ],
  },
};

describe('exchange file parsing', () => {
  it('accepts a valid course file', () => {
    const outcome = parseExchangeFile(JSON.stringify(course, null, 2));
    expect(outcome.ok).toBe(true);
  });

  it('names the JSON pointer and the line of a wrong field', () => {
    const bad = structuredClone(course) as any;
    bad.course.units[0].lessons[0].estimatedMinutes = 'five';
    const text = JSON.stringify(bad, null, 2);
    const outcome = parseExchangeFile(text);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const line = text.split('\n').findIndex((l) => l.includes('"estimatedMinutes": "five"')) + 1;
    expect(outcome.errors).toEqual([{ path: '/course/units/0/lessons/0/estimatedMinutes', line, message: expect.any(String) }]);
  });

  it('names a missing field and points at the object that lacks it', () => {
    const bad = structuredClone(course) as any;
    delete bad.course.units[0].title;
    bad.course.units[0].colour = 'red';
    const outcome = parseExchangeFile(JSON.stringify(bad, null, 2));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map((e) => [e.path, e.message])).toEqual(
      expect.arrayContaining([
        ['/course/units/0/title', 'is required'],
        ['/course/units/0/colour', 'is not a field of this format'],
      ]),
    );
    expect(outcome.errors.every((e) => typeof e.line === 'number')).toBe(true);
  });

  it('checks the correct options of each question', () => {
    const bad = structuredClone(course) as any;
    bad.course.units[0].test.questions[0].options[1].correct = true;
    const outcome = parseExchangeFile(JSON.stringify(bad));
    expect(outcome).toEqual({
      ok: false,
      errors: [{ path: '/course/units/0/test/questions/0/options', line: 1, message: expect.stringMatching(/exactly one correct/) }],
    });
  });

  it('reports JSON syntax errors with their line, and unknown formats', () => {
    const outcome = parseExchangeFile('{\n  "format": "training-groups/course",\n  "version": 1,,\n}');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors[0]).toEqual({ path: '', line: 3, message: expect.stringMatching(/not valid JSON/) });
    const unknown = parseExchangeFile('{"format": "x"}');
    expect(unknown).toEqual({ ok: false, errors: [{ path: '/format', line: 1, message: expect.any(String) }] });
    expect(parseExchangeFile('').ok).toBe(false);
  });
});
