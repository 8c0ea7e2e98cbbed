import type { Knex } from 'knex';

/**
 * The facts access is decided on (which course or test an id belongs to, its extranet flag, its
 * author), read in one indexed query per request. Deleted content has no head: it is not found.
 * A unit's test is judged as its course (it is part of it); a standalone test as itself.
 * (bigint ids come back as numbers from both databases: see db/database.ts.)
 */

export interface CourseHead {
  courseId: number;
  title: string;
  hiddenFromExtranet: boolean;
  authorId: number;
  version: number;
}

export interface UnitHead extends CourseHead {
  unitId: number;
  unitVersion: number;
}

export interface LessonHead extends UnitHead {
  lessonId: number;
}

export interface TestHead {
  testId: number;
  title: string;
  /** Of the test itself, or of its course for a unit's test. */
  hiddenFromExtranet: boolean;
  authorId: number;
  version: number;
  passMark: number;
  attemptsAllowed: number | null;
  unitId: number | null;
  courseId: number | null;
  courseTitle: string | null;
}

const COURSE_COLUMNS = `c.id AS "courseId", c.title, c.hidden_from_extranet AS "hiddenFromExtranet", c.author_id AS "authorId", c.version`;

export async function courseHead(db: Knex, portalId: string, courseId: number): Promise<CourseHead | null> {
  const { rows } = await db.raw(`SELECT ${COURSE_COLUMNS} FROM courses c WHERE c.portal_id = ? AND c.id = ? AND c.deleted_at IS NULL`, [portalId, courseId]);
  return (rows[0] as CourseHead | undefined) ?? null;
}

export async function unitHead(db: Knex, portalId: string, unitId: number): Promise<UnitHead | null> {
  const { rows } = await db.raw(
    `SELECT ${COURSE_COLUMNS}, u.id AS "unitId", u.version AS "unitVersion"
     FROM units u JOIN courses c ON c.portal_id = u.portal_id AND c.id = u.course_id
     WHERE u.portal_id = ? AND u.id = ? AND u.deleted_at IS NULL AND c.deleted_at IS NULL`,
    [portalId, unitId],
  );
  return (rows[0] as UnitHead | undefined) ?? null;
}

export async function lessonHead(db: Knex, portalId: string, lessonId: number): Promise<LessonHead | null> {
  const { rows } = await db.raw(
    `SELECT ${COURSE_COLUMNS}, u.id AS "unitId", u.version AS "unitVersion", l.id AS "lessonId"
     FROM lessons l
     JOIN units u ON u.portal_id = l.portal_id AND u.id = l.unit_id
     JOIN courses c ON c.portal_id = u.portal_id AND c.id = u.course_id
     WHERE l.portal_id = ? AND l.id = ? AND l.deleted_at IS NULL AND u.deleted_at IS NULL AND c.deleted_at IS NULL`,
    [portalId, lessonId],
  );
  return (rows[0] as LessonHead | undefined) ?? null;
}

export async function testHead(db: Knex, portalId: string, testId: number): Promise<TestHead | null> {
  const { rows } = await db.raw(
    `SELECT t.id AS "testId", t.title, t.version, t.pass_mark AS "passMark", t.attempts_allowed AS "attemptsAllowed",
            t.unit_id AS "unitId", u.course_id AS "courseId", c.title AS "courseTitle",
            coalesce(c.hidden_from_extranet, t.hidden_from_extranet) AS "hiddenFromExtranet",
            coalesce(c.author_id, t.author_id) AS "authorId"
     FROM tests t
     LEFT JOIN units u ON u.portal_id = t.portal_id AND u.id = t.unit_id
     LEFT JOIN courses c ON c.portal_id = u.portal_id AND c.id = u.course_id
     WHERE t.portal_id = ? AND t.id = ? AND t.deleted_at IS NULL
       AND (t.unit_id IS NULL OR (u.deleted_at IS NULL AND c.deleted_at IS NULL))`,
    [portalId, testId],
  );
  return (rows[0] as TestHead | undefined) ?? null;
}

export async function questionTestId(db: Knex, portalId: string, questionId: number): Promise<{ testId: number; version: number } | null> {
  const row = await db('questions').where({ portal_id: portalId, id: questionId }).first('test_id', 'version');
  return row ? { testId: row.test_id, version: row.version } : null;
}
