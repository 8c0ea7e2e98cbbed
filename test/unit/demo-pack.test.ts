import { readFileSync } from 'fs';
import { join } from 'path';

// The demo pack is data we wrote by hand in two languages. These checks keep the files to the
// exchange format and keep the English and Russian versions answer-for-answer identical, so a
// learner scores the same in either language. The importer validates the format on its own.

type Option = { text: string; correct: boolean };
type Question = { text: string; kind: 'single' | 'multiple'; options: Option[] };
type UnitTest = { title: string; passMark: number; attemptsAllowed: number | null; estimatedMinutes: number; questions: Question[] };
type Lesson = { title: string; body: string; estimatedMinutes: number };
type Unit = { topic: string; level: string; title: string; lessons: Lesson[]; test: UnitTest };
type CourseFile = {
  format: string; version: number; key: string; language: string;
  course: { title: string; description: string; hiddenFromExtranet: boolean; units: Unit[] };
};
type TestFile = {
  format: string; version: number; key: string; language: string;
  test: UnitTest & { description: string; hiddenFromExtranet: boolean };
};

const dir = join(__dirname, '../../server/catalog/demo-pack');
const load = <T>(name: string): T => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
const course = { en: load<CourseFile>('security-awareness.en.json'), ru: load<CourseFile>('security-awareness.ru.json') };
const finalCheck = { en: load<TestFile>('final-check.en.json'), ru: load<TestFile>('final-check.ru.json') };
const languages = ['en', 'ru'] as const;

const LEVELS = ['beginner', 'elementary', 'intermediate', 'advanced'];
const TOPICS = {
  en: ['Passwords', 'Phishing', 'Safe browsing', 'Devices', 'Personal data', 'Social engineering'],
  ru: ['Пароли', 'Фишинг', 'Безопасный интернет', 'Устройства', 'Персональные данные', 'Социальная инженерия'],
};
const cyrillic = /[А-Яа-яЁё]/;

/** Every question in a file: unit tests for a course, the questions of a standalone test. */
const questionsOf = (units: Unit[]) => units.flatMap((u) => u.test.questions);

function expectWellFormedQuestion(q: Question, where: string): void {
  expect({ where, text: q.text.trim().length > 0 }).toEqual({ where, text: true });
  expect({ where, options: q.options.length >= 3 && q.options.length <= 4 }).toEqual({ where, options: true });
  const correct = q.options.filter((o) => o.correct).length;
  if (q.kind === 'single') expect({ where, correct }).toEqual({ where, correct: 1 });
  else {
    expect({ where, kind: q.kind }).toEqual({ where, kind: 'multiple' });
    // at least two right answers, and at least one wrong one, or the question asks nothing
    expect({ where, correct: correct >= 2 && correct < q.options.length }).toEqual({ where, correct: true });
  }
  for (const o of q.options) expect({ where, option: typeof o.text === 'string' && o.text.length > 0 && typeof o.correct === 'boolean' }).toEqual({ where, option: true });
}

/** What must match between the languages: everything except the words. */
const courseShape = (f: CourseFile) => f.course.units.map((u) => ({
  topic: TOPICS[f.language as 'en' | 'ru'].indexOf(u.topic),
  level: u.level,
  lessons: u.lessons.map((l) => l.estimatedMinutes),
  test: [u.test.passMark, u.test.attemptsAllowed, u.test.estimatedMinutes],
  questions: u.test.questions.map((q) => [q.kind, q.options.map((o) => o.correct)]),
}));
const testShape = (f: TestFile) => ({
  settings: [f.test.passMark, f.test.attemptsAllowed, f.test.estimatedMinutes, f.test.hiddenFromExtranet],
  questions: f.test.questions.map((q) => [q.kind, q.options.map((o) => o.correct)]),
});

describe('demo pack "Security awareness"', () => {
  describe.each(languages)('course in %s', (lang) => {
    const file = course[lang];
    const units = file.course.units;

    it('carries the exchange format header', () => {
      expect({ format: file.format, version: file.version, key: file.key, language: file.language })
        .toEqual({ format: 'training-groups/course', version: 1, key: 'security-awareness', language: lang });
      expect(file.course.title.length).toBeGreaterThan(0);
      expect(file.course.description.length).toBeGreaterThan(0);
      expect(file.course.hiddenFromExtranet).toBe(false);
    });

    it('has six topics, each at beginner, elementary and intermediate, and at least three at advanced', () => {
      expect([...new Set(units.map((u) => u.topic))].sort()).toEqual([...TOPICS[lang]].sort());
      for (const topic of TOPICS[lang]) {
        const levels = units.filter((u) => u.topic === topic).map((u) => u.level);
        expect({ topic, levels: [...new Set(levels)].length === levels.length }).toEqual({ topic, levels: true });
        expect({ topic, has: levels.filter((l) => l !== 'advanced').sort() }).toEqual({ topic, has: ['beginner', 'elementary', 'intermediate'] });
      }
      expect(units.filter((u) => u.level === 'advanced').length).toBeGreaterThanOrEqual(3);
    });

    it('orders units by level, then by topic', () => {
      const order = units.map((u) => [LEVELS.indexOf(u.level), TOPICS[lang].indexOf(u.topic)]);
      expect(order.every(([level, topic]) => level >= 0 && topic >= 0)).toBe(true);
      const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(order).toEqual(sorted);
    });

    it('gives every unit 1 to 3 lessons with a Markdown body and a positive estimate', () => {
      for (const u of units) {
        expect({ unit: u.title, lessons: u.lessons.length >= 1 && u.lessons.length <= 3 }).toEqual({ unit: u.title, lessons: true });
        for (const l of u.lessons) {
          const where = `${u.title} / ${l.title}`;
          expect({ where, minutes: Number.isInteger(l.estimatedMinutes) && l.estimatedMinutes > 0 }).toEqual({ where, minutes: true });
          expect({ where, body: l.body.trim().length > 0 }).toEqual({ where, body: true });
          // Markdown only: no raw HTML tags and no script links, whatever the renderer would do with them
          expect({ where, html: /<\s*[a-z!/]/i.test(l.body) || /javascript:/i.test(l.body) }).toEqual({ where, html: false });
          if (lang === 'ru') expect({ where, russian: cyrillic.test(l.body) && cyrillic.test(l.title) }).toEqual({ where, russian: true });
        }
      }
    });

    it('gives every unit a test of 3 to 5 well-formed questions, pass mark 80, unlimited attempts', () => {
      for (const u of units) {
        const t = u.test;
        expect({ unit: u.title, count: t.questions.length >= 3 && t.questions.length <= 5 }).toEqual({ unit: u.title, count: true });
        expect({ unit: u.title, passMark: t.passMark, attemptsAllowed: t.attemptsAllowed, minutes: t.estimatedMinutes > 0 })
          .toEqual({ unit: u.title, passMark: 80, attemptsAllowed: null, minutes: true });
        expect(t.title.length).toBeGreaterThan(0);
        t.questions.forEach((q, i) => expectWellFormedQuestion(q, `${u.title} / question ${i + 1}`));
      }
      const kinds = new Set(questionsOf(units).map((q) => q.kind));
      expect([...kinds].sort()).toEqual(['multiple', 'single']);
    });
  });

  it('has the same shape and the same correct answers in English and Russian', () => {
    expect(courseShape(course.ru)).toEqual(courseShape(course.en));
  });

  describe.each(languages)('final check in %s', (lang) => {
    const file = finalCheck[lang];

    it('is a standalone test of 8 to 10 mixed questions, pass mark 80, three attempts', () => {
      expect({ format: file.format, version: file.version, key: file.key, language: file.language })
        .toEqual({ format: 'training-groups/test', version: 1, key: 'security-awareness-final-check', language: lang });
      const t = file.test;
      expect(t.title.length).toBeGreaterThan(0);
      expect(t.description.length).toBeGreaterThan(0);
      expect(typeof t.hiddenFromExtranet).toBe('boolean');
      expect({ passMark: t.passMark, attemptsAllowed: t.attemptsAllowed }).toEqual({ passMark: 80, attemptsAllowed: 3 });
      expect(t.estimatedMinutes).toBeGreaterThan(0);
      expect(t.questions.length).toBeGreaterThanOrEqual(8);
      expect(t.questions.length).toBeLessThanOrEqual(10);
      expect([...new Set(t.questions.map((q) => q.kind))].sort()).toEqual(['multiple', 'single']);
      t.questions.forEach((q, i) => expectWellFormedQuestion(q, `final check / question ${i + 1}`));
      if (lang === 'ru') expect(t.questions.every((q) => cyrillic.test(q.text))).toBe(true);
    });
  });

  it('final check has the same shape and the same correct answers in English and Russian', () => {
    expect(testShape(finalCheck.ru)).toEqual(testShape(finalCheck.en));
  });
});
