import type { Knex } from 'knex';
import type { Level } from './exchange-format';

/** Writes to courses, units and lessons. Callers run multi-row changes in one transaction (`db` is then the trx). */

export interface CourseFields {
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
}

export async function insertCourse(
  db: Knex,
  portalId: string,
  authorId: number,
  fields: CourseFields,
  source: { key: string | null; language: string | null } = { key: null, language: null },
): Promise<number> {
  const [row] = await db('courses')
    .insert({
      portal_id: portalId,
      title: fields.title,
      description: fields.description,
      hidden_from_extranet: fields.hiddenFromExtranet,
      author_id: authorId,
      source_key: source.key,
      language: source.language,
    })
    .returning('id');
  return row.id;
}

export async function insertUnit(db: Knex, portalId: string, courseId: number, fields: { title: string; topicId: number; level: Level }): Promise<number> {
  const { rows } = await db.raw(
    `INSERT INTO units (portal_id, course_id, position, topic_id, level, title)
     SELECT ?, ?, coalesce(max(position) + 1, 0), ?, ?, ? FROM units WHERE portal_id = ? AND course_id = ?
     RETURNING id`,
    [portalId, courseId, fields.topicId, fields.level, fields.title, portalId, courseId],
  );
  return rows[0].id;
}

export interface LessonFields {
  title: string;
  body: string;
  estimatedMinutes: number;
}

export async function insertLesson(db: Knex, portalId: string, unitId: number, fields: LessonFields): Promise<number> {
  const { rows } = await db.raw(
    `INSERT INTO lessons (portal_id, unit_id, position, title, body_markdown, estimated_minutes)
     SELECT ?, ?, coalesce(max(position) + 1, 0), ?, ?, ? FROM lessons WHERE portal_id = ? AND unit_id = ?
     RETURNING id`,
    [portalId, unitId, fields.title, fields.body, fields.estimatedMinutes, portalId, unitId],
  );
  return rows[0].id;
}

export async function liveUnitIds(db: Knex, portalId: string, courseId: number): Promise<number[]> {
  return db('units').where({ portal_id: portalId, course_id: courseId }).whereNull('deleted_at').orderBy(['position', 'id']).pluck('id');
}

export async function liveLessonIds(db: Knex, portalId: string, unitId: number): Promise<number[]> {
  return db('lessons').where({ portal_id: portalId, unit_id: unitId }).whereNull('deleted_at').orderBy(['position', 'id']).pluck('id');
}

/** Progress on deleted lessons is kept as history but stops counting (migration 0030). */
export async function markProgressOfDeletedLessons(db: Knex, portalId: string, lessonIds: readonly number[]): Promise<void> {
  if (lessonIds.length === 0) return;
  await db('lesson_progress').where('portal_id', portalId).whereIn('lesson_id', lessonIds).andWhere('lesson_live', true).update({ lesson_live: false });
}

/**
 * Soft-deletes a course with its units, lessons and unit tests (one timestamp, one transaction).
 * Attempts and progress rows stay: reports keep them.
 */
export async function softDeleteCourseTree(db: Knex, portalId: string, courseId: number): Promise<void> {
  const at = new Date();
  const units = db('units').where({ portal_id: portalId, course_id: courseId }).select('id');
  await db('tests').where('portal_id', portalId).whereIn('unit_id', units).whereNull('deleted_at').update({ deleted_at: at });
  const lessons = await db('lessons').where('portal_id', portalId).whereIn('unit_id', units).whereNull('deleted_at').update({ deleted_at: at }).returning('id');
  await markProgressOfDeletedLessons(db, portalId, lessons.map((row) => row.id));
  await db('units').where({ portal_id: portalId, course_id: courseId }).whereNull('deleted_at').update({ deleted_at: at });
  await db('courses').where({ portal_id: portalId, id: courseId }).update({ deleted_at: at, updated_at: at });
}

export async function softDeleteUnitTree(db: Knex, portalId: string, unitId: number): Promise<void> {
  const at = new Date();
  await db('tests').where({ portal_id: portalId, unit_id: unitId }).whereNull('deleted_at').update({ deleted_at: at });
  const lessons = await db('lessons').where({ portal_id: portalId, unit_id: unitId }).whereNull('deleted_at').update({ deleted_at: at }).returning('id');
  await markProgressOfDeletedLessons(db, portalId, lessons.map((row) => row.id));
  await db('units').where({ portal_id: portalId, id: unitId }).update({ deleted_at: at, updated_at: at });
}

/**
 * Recomputes the summary the catalog page reads from the course row (see catalog-page-repository).
 * Called in the transaction of every write that changes units, lessons or unit tests.
 */
export async function refreshCourseSummary(db: Knex, portalId: string, courseId: number): Promise<void> {
  await db.raw(
    `WITH live_units AS (
       SELECT id, topic_id, level FROM units WHERE portal_id = :portal AND course_id = :course AND deleted_at IS NULL),
     live_lessons AS (
       SELECT l.estimated_minutes FROM lessons l JOIN live_units u ON u.id = l.unit_id WHERE l.portal_id = :portal AND l.deleted_at IS NULL),
     live_tests AS (
       SELECT t.estimated_minutes FROM tests t JOIN live_units u ON u.id = t.unit_id WHERE t.portal_id = :portal AND t.deleted_at IS NULL)
     UPDATE courses SET
       units_count = (SELECT count(*) FROM live_units),
       lessons_count = (SELECT count(*) FROM live_lessons),
       estimated_minutes = (SELECT coalesce(sum(estimated_minutes), 0) FROM live_lessons) + (SELECT coalesce(sum(estimated_minutes), 0) FROM live_tests),
       topic_ids = coalesce((SELECT array_agg(DISTINCT topic_id) FROM live_units), '{}'),
       levels = coalesce((SELECT array_agg(DISTINCT level) FROM live_units), '{}')
     WHERE portal_id = :portal AND id = :course`,
    { portal: portalId, course: courseId },
  );
}

export async function coursesDeletePreview(db: Knex, portalId: string, courseId: number): Promise<{ units: number; lessons: number; testIds: number[] }> {
  const unitIds = await liveUnitIds(db, portalId, courseId);
  if (unitIds.length === 0) return { units: 0, lessons: 0, testIds: [] };
  const lessons = await db('lessons').where('portal_id', portalId).whereIn('unit_id', unitIds).whereNull('deleted_at').count<{ count: number }[]>({ count: '*' });
  const testIds = await db('tests').where('portal_id', portalId).whereIn('unit_id', unitIds).whereNull('deleted_at').pluck('id');
  return { units: unitIds.length, lessons: Number(lessons[0]?.count ?? 0), testIds };
}
