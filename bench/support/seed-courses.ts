import type { Knex } from 'knex';
import { refreshCourseSummary } from '../../server/catalog/course-authoring-repository';

export interface CourseShape {
  courses: number;
  unitsPerCourse: number;
  lessonsPerUnit: number;
}

/**
 * A catalog written set-based: six topics, `courses` courses ('Course 001'..., every tenth hidden
 * from extranet users) of `unitsPerCourse` units (topics and levels in turn) of `lessonsPerUnit`
 * lessons of some Markdown each, and each course's summary as authoring keeps it. Returns the
 * course ids in order.
 */
export async function seedCourses(db: Knex, portalId: string, shape: CourseShape): Promise<number[]> {
  const topicIds: number[] = [];
  for (const name of ['Passwords', 'Phishing', 'Safe browsing', 'Devices', 'Personal data', 'Social engineering']) {
    const [row] = await db('topics').insert({ portal_id: portalId, name }).returning('id');
    topicIds.push(Number(row.id));
  }
  await db.raw(
    `INSERT INTO courses (portal_id, title, description, hidden_from_extranet, author_id)
     SELECT ?, 'Course ' || lpad(g::text, ?, '0'), 'What course ' || g || ' teaches, in a sentence or two.', g % 10 = 0, 1
     FROM generate_series(1, ?) g`,
    [portalId, String(shape.courses).length, shape.courses],
  );
  await db.raw(
    `INSERT INTO units (portal_id, course_id, position, topic_id, level, title)
     SELECT c.portal_id, c.id, u, (CAST(? AS bigint[]))[1 + ((c.id + u) % 6)], (ARRAY['beginner','elementary','intermediate','advanced'])[1 + ((c.id + u) % 4)], 'Unit ' || u
     FROM courses c, generate_series(0, ?) u WHERE c.portal_id = ?`,
    [`{${topicIds.join(',')}}`, shape.unitsPerCourse - 1, portalId],
  );
  await db.raw(
    `INSERT INTO lessons (portal_id, unit_id, position, title, body_markdown, estimated_minutes)
     SELECT u.portal_id, u.id, l, 'Lesson ' || l, repeat('Some **Markdown** text of a lesson. ', 30), 3 + (l % 5)
     FROM units u, generate_series(0, ?) l WHERE u.portal_id = ?`,
    [shape.lessonsPerUnit - 1, portalId],
  );
  const courseIds: number[] = (await db('courses').where({ portal_id: portalId }).orderBy('id').pluck('id')).map(Number);
  for (const id of courseIds) await refreshCourseSummary(db, portalId, id);
  return courseIds;
}
