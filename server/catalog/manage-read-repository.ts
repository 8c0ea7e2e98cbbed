import type { Knex } from 'knex';
import { attachmentFromRow, closedContentBindings, closedContentColumns, holdingGroupsFromRow, type ClosedContentRow } from '../groups/closed-content-sql';
import type { ContentLanguage } from './catalog-schemas';
import type { GroupAttachment, Viewer } from './content-access';
import { readQuestions } from './attempts-repository';
import type { Level } from './exchange-format';

/** What authors read: the whole editable item, raw Markdown and correct flags included, with versions. */

export interface ManageLesson {
  id: number;
  title: string;
  body: string;
  estimatedMinutes: number;
  version: number;
}

export interface ManageUnit {
  id: number;
  title: string;
  topic: { id: number; name: string };
  level: Level;
  version: number;
  lessons: ManageLesson[];
  test: { id: number; title: string; version: number } | null;
}

export interface ManageCourse {
  id: number;
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  language: ContentLanguage | null;
  sourceKey: string | null;
  authorId: number;
  version: number;
  updatedAt: string;
  units: ManageUnit[];
}

const iso = (value: Date | string) => new Date(value).toISOString();

export async function readCourseForManage(db: Knex, portalId: string, courseId: number): Promise<ManageCourse | null> {
  const course = await db('courses').where({ portal_id: portalId, id: courseId }).whereNull('deleted_at').first();
  if (!course) return null;
  const units = await db('units as u')
    .join('topics as t', (j) => j.on('t.portal_id', 'u.portal_id').andOn('t.id', 'u.topic_id'))
    .where({ 'u.portal_id': portalId, 'u.course_id': courseId })
    .whereNull('u.deleted_at')
    .orderBy([{ column: 'u.position' }, { column: 'u.id' }])
    .select('u.id', 'u.title', 'u.level', 'u.version', 't.id as topic_id', 't.name as topic_name');
  const unitIds = units.map((u) => u.id);
  const lessons = unitIds.length
    ? await db('lessons').where('portal_id', portalId).whereIn('unit_id', unitIds).whereNull('deleted_at').orderBy(['position', 'id'])
    : [];
  const tests = unitIds.length
    ? await db('tests').where('portal_id', portalId).whereIn('unit_id', unitIds).whereNull('deleted_at').select('id', 'unit_id', 'title', 'version')
    : [];
  return {
    id: course.id,
    title: course.title,
    description: course.description,
    hiddenFromExtranet: course.hidden_from_extranet,
    language: course.language,
    sourceKey: course.source_key,
    authorId: course.author_id,
    version: course.version,
    updatedAt: iso(course.updated_at),
    units: units.map((u) => {
      const test = tests.find((t) => t.unit_id === u.id);
      return {
        id: u.id,
        title: u.title,
        topic: { id: u.topic_id, name: u.topic_name },
        level: u.level,
        version: u.version,
        lessons: lessons.filter((l) => l.unit_id === u.id).map(manageLessonOf),
        test: test ? { id: test.id, title: test.title, version: test.version } : null,
      };
    }),
  };
}

const manageLessonOf = (l: Record<string, any>): ManageLesson => ({
  id: l.id,
  title: l.title,
  body: l.body_markdown,
  estimatedMinutes: l.estimated_minutes,
  version: l.version,
});

export async function readLessonForManage(db: Knex, portalId: string, lessonId: number): Promise<ManageLesson | null> {
  const row = await db('lessons').where({ portal_id: portalId, id: lessonId }).whereNull('deleted_at').first();
  return row ? manageLessonOf(row) : null;
}

export interface ManageTest {
  id: number;
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  passMark: number;
  attemptsAllowed: number | null;
  estimatedMinutes: number;
  language: ContentLanguage | null;
  sourceKey: string | null;
  authorId: number;
  version: number;
  updatedAt: string;
  unitId: number | null;
  courseId: number | null;
  courseTitle: string | null;
  questions: Array<{ id: number; text: string; kind: 'single' | 'multiple'; version: number; options: Array<{ id: number; text: string; correct: boolean }> }>;
}

export async function readTestForManage(db: Knex, portalId: string, testId: number): Promise<ManageTest | null> {
  const test = await db('tests as t')
    .leftJoin('units as u', (j) => j.on('u.portal_id', 't.portal_id').andOn('u.id', 't.unit_id'))
    .leftJoin('courses as c', (j) => j.on('c.portal_id', 'u.portal_id').andOn('c.id', 'u.course_id'))
    .where({ 't.portal_id': portalId, 't.id': testId })
    .whereNull('t.deleted_at')
    .first('t.*', 'u.course_id', 'c.title as course_title');
  if (!test) return null;
  return {
    id: test.id,
    title: test.title,
    description: test.description,
    hiddenFromExtranet: test.hidden_from_extranet,
    passMark: test.pass_mark,
    attemptsAllowed: test.attempts_allowed,
    estimatedMinutes: test.estimated_minutes,
    language: test.language,
    sourceKey: test.source_key,
    authorId: test.author_id,
    version: test.version,
    updatedAt: iso(test.updated_at),
    unitId: test.unit_id,
    courseId: test.course_id ?? null,
    courseTitle: test.course_title ?? null,
    questions: await readQuestions(db, portalId, testId),
  };
}

export interface ManageListItem {
  id: number;
  title: string;
  hiddenFromExtranet: boolean;
  language: ContentLanguage | null;
  authorId: number;
  version: number;
  updatedAt: string;
  unitsCount?: number;
  lessonsCount?: number;
  questionsCount?: number;
  /** Its training-group attachment as the viewer stands (closed content): content-access judges it. */
  groups: GroupAttachment;
  /** The holding groups the viewer may see as a manager (admins: all). */
  holdingGroups: Array<{ id: number; name: string }>;
}

/** Who reads a manage list, and when: closed items are judged for them, as in the catalog. */
export interface ManageListAccess {
  viewer: Viewer;
  now: Date;
}

const closedFacts = (kind: 'course' | 'test', alias: string, db: Knex, access: ManageListAccess) =>
  db.raw(closedContentColumns(kind, alias), closedContentBindings(access.viewer, access.now));

const closedOf = (row: ClosedContentRow) => ({ groups: attachmentFromRow(row), holdingGroups: holdingGroupsFromRow(row) });

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listCoursesForManage(db: Knex, portalId: string, access: ManageListAccess, q?: string): Promise<ManageListItem[]> {
  const query = db('courses as c').where({ 'c.portal_id': portalId }).whereNull('c.deleted_at');
  if (q?.trim()) query.andWhereILike('c.title', `%${escapeLike(q.trim())}%`);
  const rows = await query.orderBy(['c.title', 'c.id']).limit(1000).select('c.*', closedFacts('course', 'c', db, access));
  return rows.map((c) => ({
    id: c.id,
    title: c.title,
    hiddenFromExtranet: c.hidden_from_extranet,
    language: c.language,
    authorId: c.author_id,
    version: c.version,
    updatedAt: iso(c.updated_at),
    unitsCount: c.units_count,
    lessonsCount: c.lessons_count,
    ...closedOf(c),
  }));
}

export async function listTestsForManage(db: Knex, portalId: string, access: ManageListAccess, q?: string): Promise<ManageListItem[]> {
  const query = db('tests as t').where({ 't.portal_id': portalId }).whereNull('t.unit_id').whereNull('t.deleted_at');
  if (q?.trim()) query.andWhereILike('t.title', `%${escapeLike(q.trim())}%`);
  const rows = await query
    .orderBy(['t.title', 't.id'])
    .limit(1000)
    .select('t.*', db.raw('(SELECT count(*) FROM questions q WHERE q.portal_id = t.portal_id AND q.test_id = t.id) AS questions_count'), closedFacts('test', 't', db, access));
  return rows.map((t) => ({
    id: t.id,
    title: t.title,
    hiddenFromExtranet: t.hidden_from_extranet,
    language: t.language,
    authorId: t.author_id,
    version: t.version,
    updatedAt: iso(t.updated_at),
    questionsCount: Number(t.questions_count),
    ...closedOf(t),
  }));
}
