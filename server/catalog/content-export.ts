import type { Knex } from 'knex';
import type { CourseFile, TestFile } from './exchange-format';
import { readCourseForManage, readTestForManage, type ManageTest } from './manage-read-repository';

/**
 * A course or standalone test as one exchange file (version 1), ready for import elsewhere. An
 * item imported from a file keeps that file's key; one authored here gets a key made of this
 * portal and its id, so importing the same export twice into another portal does not duplicate it.
 */

const keyOf = (portalId: string, kind: string, id: number, sourceKey: string | null) => sourceKey ?? `${kind}-${portalId.slice(0, 8)}-${id}`;

const questionsOf = (test: ManageTest) =>
  test.questions.map((q) => ({ text: q.text, kind: q.kind, options: q.options.map((o) => ({ text: o.text, correct: o.correct })) }));

const asLanguage = (value: string | null) => (value === 'en' || value === 'ru' ? value : null);

export async function exportCourse(db: Knex, portalId: string, courseId: number): Promise<CourseFile | null> {
  const course = await readCourseForManage(db, portalId, courseId);
  if (!course) return null;
  const units = [];
  for (const unit of course.units) {
    const test = unit.test ? await readTestForManage(db, portalId, unit.test.id) : null;
    units.push({
      topic: unit.topic.name,
      level: unit.level,
      title: unit.title,
      lessons: unit.lessons.map((l) => ({ title: l.title, body: l.body, estimatedMinutes: l.estimatedMinutes })),
      test:
        test && test.questions.length > 0
          ? { title: test.title, passMark: test.passMark, attemptsAllowed: test.attemptsAllowed, estimatedMinutes: test.estimatedMinutes, questions: questionsOf(test) }
          : null,
    });
  }
  return {
    format: 'training-groups/course',
    version: 1,
    key: keyOf(portalId, 'course', course.id, course.sourceKey),
    language: asLanguage(course.language),
    course: { title: course.title, description: course.description, hiddenFromExtranet: course.hiddenFromExtranet, units },
  };
}

export async function exportTest(db: Knex, portalId: string, testId: number): Promise<TestFile | null> {
  const test = await readTestForManage(db, portalId, testId);
  if (!test) return null;
  return {
    format: 'training-groups/test',
    version: 1,
    key: keyOf(portalId, 'test', test.id, test.sourceKey),
    language: asLanguage(test.language),
    test: {
      title: test.title,
      description: test.description,
      hiddenFromExtranet: test.hiddenFromExtranet,
      passMark: test.passMark,
      attemptsAllowed: test.attemptsAllowed,
      estimatedMinutes: test.estimatedMinutes,
      questions: questionsOf(test),
    },
  };
}
