import type { Knex } from 'knex';
import type { GroupAttachment, Viewer } from './content-access';
import { attachmentFromRow, attachedSql, closedContentBindings, managesHoldingGroupSql, memberInWindowSql, type ClosedContentRow } from '../groups/closed-content-sql';

/**
 * The facts access is decided on (which course or test an id belongs to, its extranet flag, its
 * author), read in one indexed query per request. Deleted content has no head: it is not found.
 * A unit's test is judged as its course (it is part of it); a standalone test as itself.
 * (bigint ids come back as numbers from both databases: see db/database.ts.)
 */

/**
 * Who is asking, so a head also carries the item's training-group attachment (closed content,
 * groups/closed-content-sql.ts) from the same statement. Without it, `groups` is left undefined.
 */
export interface HeadAccess {
  viewer: Viewer;
  /** The instant access windows are judged at (each group on its own time zone's day). */
  now: Date;
}

export interface CourseHead {
  courseId: number;
  /** Set when read with a HeadAccess. */
  groups?: GroupAttachment;
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
  /** For the learner's breadcrumbs (course / unit / lesson), read in the same statement. */
  unitTitle: string;
}

export interface TestHead {
  testId: number;
  /** Of the test, or of its course for a unit's test; set when read with a HeadAccess. */
  groups?: GroupAttachment;
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

/** The closed-content columns of the item `alias` when access is asked for; named bindings follow in `bind`. */
function accessColumns(kind: 'course' | 'test', alias: string, access: HeadAccess | undefined): string {
  if (!access) return '';
  return `, ${attachedSql(kind, alias)} AS cc_attached, ${memberInWindowSql(kind, alias)} AS cc_member_in_window, ${managesHoldingGroupSql(kind, alias)} AS cc_manages`;
}

function bind(values: Record<string, unknown>, access: HeadAccess | undefined): Record<string, unknown> {
  return access ? { ...values, ...closedContentBindings(access.viewer, access.now) } : values;
}

function withGroups<T>(row: Record<string, unknown> | undefined, access: HeadAccess | undefined): T | null {
  if (!row) return null;
  const { cc_attached, cc_member_in_window, cc_manages, ...head } = row;
  if (!access) return head as T;
  return { ...head, groups: attachmentFromRow({ cc_attached, cc_member_in_window, cc_manages } as ClosedContentRow) } as T;
}

export async function courseHead(db: Knex, portalId: string, courseId: number, access?: HeadAccess): Promise<CourseHead | null> {
  const { rows } = await db.raw(
    `SELECT ${COURSE_COLUMNS}${accessColumns('course', 'c', access)} FROM courses c WHERE c.portal_id = :portal AND c.id = :id AND c.deleted_at IS NULL`,
    bind({ portal: portalId, id: courseId }, access),
  );
  return withGroups<CourseHead>(rows[0], access);
}

export async function unitHead(db: Knex, portalId: string, unitId: number, access?: HeadAccess): Promise<UnitHead | null> {
  const { rows } = await db.raw(
    `SELECT ${COURSE_COLUMNS}, u.id AS "unitId", u.version AS "unitVersion"${accessColumns('course', 'c', access)}
     FROM units u JOIN courses c ON c.portal_id = u.portal_id AND c.id = u.course_id
     WHERE u.portal_id = :portal AND u.id = :id AND u.deleted_at IS NULL AND c.deleted_at IS NULL`,
    bind({ portal: portalId, id: unitId }, access),
  );
  return withGroups<UnitHead>(rows[0], access);
}

export async function lessonHead(db: Knex, portalId: string, lessonId: number, access?: HeadAccess): Promise<LessonHead | null> {
  const { rows } = await db.raw(
    `SELECT ${COURSE_COLUMNS}, u.id AS "unitId", u.version AS "unitVersion", u.title AS "unitTitle", l.id AS "lessonId"${accessColumns('course', 'c', access)}
     FROM lessons l
     JOIN units u ON u.portal_id = l.portal_id AND u.id = l.unit_id
     JOIN courses c ON c.portal_id = u.portal_id AND c.id = u.course_id
     WHERE l.portal_id = :portal AND l.id = :id AND l.deleted_at IS NULL AND u.deleted_at IS NULL AND c.deleted_at IS NULL`,
    bind({ portal: portalId, id: lessonId }, access),
  );
  return withGroups<LessonHead>(rows[0], access);
}

export async function testHead(db: Knex, portalId: string, testId: number, access?: HeadAccess): Promise<TestHead | null> {
  // A unit's test is closed or open as its course; a standalone test as itself. The closed-content
  // columns run on `x`: the course row for a unit's test, the test row otherwise.
  const { rows } = await db.raw(
    `SELECT t.id AS "testId", t.title, t.version, t.pass_mark AS "passMark", t.attempts_allowed AS "attemptsAllowed",
            t.unit_id AS "unitId", u.course_id AS "courseId", c.title AS "courseTitle",
            coalesce(c.hidden_from_extranet, t.hidden_from_extranet) AS "hiddenFromExtranet",
            coalesce(c.author_id, t.author_id) AS "authorId"${access ? `,
            CASE WHEN t.unit_id IS NULL THEN ${attachedSql('test', 't')} ELSE ${attachedSql('course', 'c')} END AS cc_attached,
            CASE WHEN t.unit_id IS NULL THEN ${memberInWindowSql('test', 't')} ELSE ${memberInWindowSql('course', 'c')} END AS cc_member_in_window,
            CASE WHEN t.unit_id IS NULL THEN ${managesHoldingGroupSql('test', 't')} ELSE ${managesHoldingGroupSql('course', 'c')} END AS cc_manages` : ''}
     FROM tests t
     LEFT JOIN units u ON u.portal_id = t.portal_id AND u.id = t.unit_id
     LEFT JOIN courses c ON c.portal_id = u.portal_id AND c.id = u.course_id
     WHERE t.portal_id = :portal AND t.id = :id AND t.deleted_at IS NULL
       AND (t.unit_id IS NULL OR (u.deleted_at IS NULL AND c.deleted_at IS NULL))`,
    bind({ portal: portalId, id: testId }, access),
  );
  return withGroups<TestHead>(rows[0], access);
}

export async function questionTestId(db: Knex, portalId: string, questionId: number): Promise<{ testId: number; version: number } | null> {
  const row = await db('questions').where({ portal_id: portalId, id: questionId }).first('test_id', 'version');
  return row ? { testId: row.test_id, version: row.version } : null;
}
