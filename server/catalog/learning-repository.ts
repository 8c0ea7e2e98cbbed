import type { Knex } from 'knex';
import type { ContentLanguage } from './catalog-schemas';
import type { Level } from './exchange-format';

/** What a learner reads: a course's structure with their progress, a lesson, lesson completion. */

export interface LearnerUnitTest {
  id: number;
  title: string;
  passMark: number;
  attemptsAllowed: number | null;
  estimatedMinutes: number;
  questionsCount: number;
  attemptsUsed: number;
  bestScore: number | null;
  passed: boolean;
}

export interface LearnerUnit {
  id: number;
  title: string;
  topic: { id: number; name: string };
  level: Level;
  lessons: Array<{ id: number; title: string; estimatedMinutes: number; done: boolean }>;
  test: LearnerUnitTest | null;
}

export interface CourseForLearner {
  id: number;
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  language: ContentLanguage | null;
  units: LearnerUnit[];
}

export async function readCourseForLearner(db: Knex, portalId: string, courseId: number, personId: number): Promise<CourseForLearner | null> {
  const course = await db('courses')
    .where({ portal_id: portalId, id: courseId })
    .whereNull('deleted_at')
    .first('id', 'title', 'description', 'hidden_from_extranet', 'language');
  if (!course) return null;
  const units = await db('units as u')
    .join('topics as t', (j) => j.on('t.portal_id', 'u.portal_id').andOn('t.id', 'u.topic_id'))
    .where({ 'u.portal_id': portalId, 'u.course_id': courseId })
    .whereNull('u.deleted_at')
    .orderBy([{ column: 'u.position' }, { column: 'u.id' }])
    .select('u.id', 'u.title', 'u.level', 't.id as topic_id', 't.name as topic_name');
  const unitIds = units.map((u) => u.id);
  const lessons = unitIds.length
    ? await db('lessons as l')
        .leftJoin('lesson_progress as lp', (j) =>
          j.on('lp.portal_id', 'l.portal_id').andOn('lp.lesson_id', 'l.id').andOn('lp.person_id', db.raw('?', [personId])),
        )
        .where('l.portal_id', portalId)
        .whereIn('l.unit_id', unitIds)
        .whereNull('l.deleted_at')
        .orderBy([{ column: 'l.position' }, { column: 'l.id' }])
        .select('l.id', 'l.unit_id', 'l.title', 'l.estimated_minutes', db.raw('lp.lesson_id IS NOT NULL AS done'))
    : [];
  const tests = unitIds.length
    ? await db('tests as t')
        .where('t.portal_id', portalId)
        .whereIn('t.unit_id', unitIds)
        .whereNull('t.deleted_at')
        .select(
          't.id',
          't.unit_id',
          't.title',
          't.pass_mark',
          't.attempts_allowed',
          't.estimated_minutes',
          db.raw('(SELECT count(*) FROM questions q WHERE q.portal_id = t.portal_id AND q.test_id = t.id) AS questions_count'),
          db.raw('(SELECT count(*) FROM test_attempts a WHERE a.portal_id = t.portal_id AND a.test_id = t.id AND a.person_id = ?) AS attempts_used', [personId]),
          db.raw('(SELECT max(a.score) FROM test_attempts a WHERE a.portal_id = t.portal_id AND a.test_id = t.id AND a.person_id = ?) AS best_score', [personId]),
          db.raw('EXISTS (SELECT 1 FROM test_attempts a WHERE a.portal_id = t.portal_id AND a.test_id = t.id AND a.person_id = ? AND a.passed) AS passed', [personId]),
        )
    : [];
  return {
    id: course.id,
    title: course.title,
    description: course.description,
    hiddenFromExtranet: course.hidden_from_extranet,
    language: course.language,
    units: units.map((u) => {
      const test = tests.find((t) => t.unit_id === u.id);
      return {
        id: u.id,
        title: u.title,
        topic: { id: u.topic_id, name: u.topic_name },
        level: u.level,
        lessons: lessons
          .filter((l) => l.unit_id === u.id)
          .map((l) => ({ id: l.id, title: l.title, estimatedMinutes: l.estimated_minutes, done: Boolean(l.done) })),
        test: test
          ? {
              id: test.id,
              title: test.title,
              passMark: test.pass_mark,
              attemptsAllowed: test.attempts_allowed,
              estimatedMinutes: test.estimated_minutes,
              questionsCount: Number(test.questions_count),
              attemptsUsed: Number(test.attempts_used),
              bestScore: test.best_score === null ? null : Number(test.best_score),
              passed: Boolean(test.passed),
            }
          : null,
      };
    }),
  };
}

export interface LessonForLearner {
  id: number;
  title: string;
  bodyMarkdown: string;
  estimatedMinutes: number;
  completedAt: Date | null;
  previousLessonId: number | null;
  nextLessonId: number | null;
}

/** A lesson, the learner's completion, and its neighbours in the course's reading order. */
export async function readLessonForLearner(db: Knex, portalId: string, courseId: number, lessonId: number, personId: number): Promise<LessonForLearner | null> {
  const { rows } = await db.raw(
    `WITH ordered AS (
       SELECT l.id, lag(l.id) OVER w AS previous_id, lead(l.id) OVER w AS next_id
       FROM lessons l JOIN units u ON u.portal_id = l.portal_id AND u.id = l.unit_id
       WHERE u.portal_id = ? AND u.course_id = ? AND u.deleted_at IS NULL AND l.deleted_at IS NULL
       WINDOW w AS (ORDER BY u.position, u.id, l.position, l.id))
     SELECT l.id, l.title, l.body_markdown, l.estimated_minutes, lp.completed_at, o.previous_id, o.next_id
     FROM lessons l JOIN ordered o ON o.id = l.id
     LEFT JOIN lesson_progress lp ON lp.portal_id = l.portal_id AND lp.lesson_id = l.id AND lp.person_id = ?
     WHERE l.portal_id = ? AND l.id = ?`,
    [portalId, courseId, personId, portalId, lessonId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    title: row.title,
    bodyMarkdown: row.body_markdown,
    estimatedMinutes: row.estimated_minutes,
    completedAt: row.completed_at ? new Date(row.completed_at) : null,
    previousLessonId: row.previous_id,
    nextLessonId: row.next_id,
  };
}

/** Marks a lesson done; a second call keeps the first time. Returns when it was first completed. */
export async function completeLesson(db: Knex, portalId: string, personId: number, lessonId: number, courseId: number): Promise<Date> {
  await db('lesson_progress')
    .insert({ portal_id: portalId, person_id: personId, lesson_id: lessonId, course_id: courseId })
    .onConflict(['portal_id', 'person_id', 'lesson_id'])
    .ignore();
  const row = await db('lesson_progress').where({ portal_id: portalId, person_id: personId, lesson_id: lessonId }).first('completed_at');
  return new Date(row.completed_at);
}
