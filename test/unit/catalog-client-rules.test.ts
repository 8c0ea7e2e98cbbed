import { ApiError } from '../../client/api';
import { translator } from '../../client/i18n/i18n';
import { catalogPath } from '../../client/pages/catalog/catalog-client';
import { countOf, fileNameOf, formatMinutes, plainText } from '../../client/pages/catalog/catalog-format';
import type { CourseReply } from '../../client/pages/catalog/catalog-types';
import { nextStepOf, unitsOpenAtFirst } from '../../client/pages/catalog/course/course-page';
import { importProblemsOf, readablePath } from '../../client/pages/catalog/manage/import-problems';
import { markCorrect, questionProblems, withKind } from '../../client/pages/catalog/manage/question-model';
import { idsOf, moveBy } from '../../client/pages/catalog/manage/reorder';

describe('catalog words and numbers', () => {
  const en = translator('en');
  const ru = translator('ru');

  it('writes durations in minutes and hours', () => {
    expect(formatMinutes(en, 45)).toBe('45 min');
    expect(formatMinutes(en, 60)).toBe('1 h');
    expect(formatMinutes(ru, 80)).toBe('1 ч 20 мин');
  });

  it('uses each language\'s plural forms', () => {
    expect(countOf(en, 'en', 'lessons', 1)).toBe('1 lesson');
    expect(countOf(en, 'en', 'lessons', 3)).toBe('3 lessons');
    expect([1, 3, 5, 21].map((n) => countOf(ru, 'ru', 'lessons', n))).toEqual(['1 урок', '3 урока', '5 уроков', '21 урок']);
    expect(countOf(ru, 'ru', 'attemptsLeft', 2)).toBe('осталось 2 попытки');
  });

  it('shows a Markdown description as plain text, and names export files after titles in any alphabet', () => {
    expect(plainText('# Title\n**Bold** and [a link](https://x.example) _here_')).toBe('Title Bold and a link here');
    expect(fileNameOf('Информационная безопасность: итог', 'course')).toBe('информационная-безопасность-итог.json');
    expect(fileNameOf('!!!', 'test')).toBe('test.json');
  });

  it('asks the catalog only for the filters that are set', () => {
    expect(catalogPath({ topicId: null, level: null, q: '  ' })).toBe('/api/catalog?limit=24&offset=0');
    expect(catalogPath({ topicId: 4, level: 'advanced', q: ' wifi ' }, 100)).toBe('/api/catalog?topicId=4&level=advanced&q=wifi&limit=100&offset=0');
  });
});

describe('a course: where "Continue" goes', () => {
  const course = (units: CourseReply['units']): CourseReply => ({
    id: 1, title: 'C', description: '', descriptionHtml: '', hiddenFromExtranet: false, language: 'en', canManage: false, units,
    progress: { lessonsDone: 0, lessonsTotal: 0, minutesDone: 0, minutesTotal: 0, testsPassed: 0, testsTotal: 0 },
  });
  const unit = (id: number, lessons: Array<[number, boolean]>, test: null | { id: number; passed: boolean }) => ({
    id, title: `U${id}`, topic: { id: 1, name: 'T' }, level: 'beginner' as const, estimatedMinutes: 5,
    lessons: lessons.map(([lid, done]) => ({ id: lid, title: `L${lid}`, estimatedMinutes: 2, done })),
    test: test && { id: test.id, title: 'T', passMark: 80, attemptsAllowed: null, attemptsUsed: 0, bestScore: null, passed: test.passed, questionsCount: 3, estimatedMinutes: 3 },
  });

  it('goes to the first unread lesson, then to the unit test not passed yet, then nowhere', () => {
    expect(nextStepOf(course([unit(1, [[10, true], [11, false]], { id: 5, passed: false })]))).toEqual({ view: 'lesson', lessonId: 11 });
    expect(nextStepOf(course([unit(1, [[10, true]], { id: 5, passed: false }), unit(2, [[20, false]], null)]))).toEqual({ view: 'test', testId: 5 });
    expect(nextStepOf(course([unit(1, [[10, true]], { id: 5, passed: true })]))).toBeNull();
  });

  it('opens every unit of a short course; of a long one, the unit to continue with and those begun', () => {
    const short = course([unit(1, [[10, false]], null), unit(2, [[20, false]], null)]);
    expect([...unitsOpenAtFirst(short, nextStepOf(short))]).toEqual([1, 2]);
    const long = course([
      unit(1, [[10, true], [11, true]], { id: 5, passed: true }), // finished: closed
      unit(2, [[20, true], [21, false]], null), // begun, holds the next lesson
      unit(3, [[30, false]], null),
      unit(4, [[40, true]], { id: 6, passed: false }), // begun: its test is still to pass
      unit(5, [[50, false]], null),
    ]);
    expect([...unitsOpenAtFirst(long, nextStepOf(long))]).toEqual([2, 4]);
  });
});

describe('authoring rules in the browser', () => {
  it('moves an item one place up or down, and not past the ends', () => {
    const items = [{ id: 1 }, { id: 2 }, { id: 3 }];
    expect(idsOf(moveBy(items, 3, -1))).toEqual([1, 3, 2]);
    expect(idsOf(moveBy(items, 1, 1))).toEqual([2, 1, 3]);
    expect(idsOf(moveBy(items, 1, -1))).toEqual([1, 2, 3]);
    expect(idsOf(moveBy(items, 3, 1))).toEqual([1, 2, 3]);
  });

  it('checks a question as the server will: text, 2 to 10 options with text, one right answer or at least one', () => {
    const ok = { text: 'Q', kind: 'single' as const, options: [{ text: 'a', correct: true }, { text: 'b', correct: false }] };
    expect(questionProblems(ok)).toEqual([]);
    expect(questionProblems({ ...ok, text: ' ' })).toEqual([{ field: 'text', problem: 'empty' }]);
    expect(questionProblems({ ...ok, options: [{ text: 'a', correct: true }] })).toEqual([{ field: 'options', problem: 'tooFew' }]);
    expect(questionProblems({ ...ok, options: ok.options.map((o) => ({ ...o, correct: true })) })).toEqual([{ field: 'options', problem: 'oneCorrect' }]);
    expect(questionProblems({ ...ok, kind: 'multiple', options: ok.options.map((o) => ({ ...o, correct: false })) })).toEqual([{ field: 'options', problem: 'noCorrect' }]);
    expect(questionProblems({ ...ok, options: [{ text: 'a', correct: true }, { text: '', correct: false }] })).toEqual([{ field: 'options.1.text', problem: 'empty' }]);
  });

  it('keeps one right answer when a question becomes single choice, and marks right answers by kind', () => {
    const options = [{ text: 'a', correct: true }, { text: 'b', correct: true }, { text: 'c', correct: false }];
    expect(withKind(options, 'single').map((o) => o.correct)).toEqual([true, false, false]);
    expect(markCorrect(options, 'single', 2, true).map((o) => o.correct)).toEqual([false, false, true]);
    expect(markCorrect(options, 'multiple', 2, true).map((o) => o.correct)).toEqual([true, true, true]);
  });

  it('lists import errors by line, with their JSON pointer readable, counting from 1', () => {
    const refused = new ApiError(400, 'IMPORT_INVALID', 'The file is not valid', undefined, {
      errors: [
        { path: '/course/units/2/lessons/0/estimatedMinutes', line: 41, message: 'must be >= 0' },
        { path: '/course/title', line: 3, message: 'must not be empty' },
      ],
    });
    const problems = importProblemsOf(refused);
    expect(problems?.map((p) => p.line)).toEqual([3, 41]);
    expect(readablePath('/course/units/2/lessons/0/estimatedMinutes')).toBe('course › units › 3 › lessons › 1 › estimatedMinutes');
    expect(importProblemsOf(new ApiError(400, 'IMPORT_INVALID', 'Not JSON at all', 'text'))).toEqual([{ path: 'text', line: null, message: 'Not JSON at all' }]);
    expect(importProblemsOf(new ApiError(403, 'FORBIDDEN', 'No'))).toBeNull();
  });
});
