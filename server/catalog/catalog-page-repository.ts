import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { CatalogScope } from './content-access';
import type { Level } from './exchange-format';

/**
 * The catalog page in ONE statement (one round trip): a page of courses with the viewer's
 * progress, the standalone tests and the topics to filter by. Courses carry their summary (counts, minutes, topics,
 * levels) in their own row, kept up to date on every write, so a page is an ordered index scan
 * over courses_catalog stopped after `limit` rows plus a few primary-key probes per course.
 */

export interface CatalogFilters {
  topicId?: number;
  level?: Level;
  q?: string;
  limit: number;
  offset: number;
}

export interface CatalogCourseRow {
  id: number;
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  language: string | null;
  topics: Array<{ id: number; name: string }>;
  levels: string[];
  unitsCount: number;
  lessonsCount: number;
  estimatedMinutes: number;
  lessonsDone: number;
  authorId: number;
}

export interface CatalogTestRow {
  id: number;
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  language: string | null;
  questionsCount: number;
  estimatedMinutes: number;
  passMark: number;
  attemptsAllowed: number | null;
  attemptsUsed: number;
  bestScore: number | null;
  passed: boolean;
  authorId: number;
}

export interface CatalogPage {
  /** Whether courses follow this page (a count of all matches would read every course row). */
  hasMore: boolean;
  courses: CatalogCourseRow[];
  tests: CatalogTestRow[];
  topics: Array<{ id: number; name: string }>;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

// Built once: the text must not vary between calls, because PostgreSQL prepares it by name.
const CATALOG_SQL = `
    WITH page AS (
      SELECT c.id, c.title, c.description, c.hidden_from_extranet, c.language, c.topic_ids, c.levels,
             c.units_count, c.lessons_count, c.estimated_minutes, c.author_id
      FROM courses c
      WHERE c.portal_id = :portal AND c.deleted_at IS NULL
        AND (NOT :excludeHidden OR NOT c.hidden_from_extranet)
        AND (CAST(:topic AS bigint) IS NULL OR CAST(:topic AS bigint) = ANY (c.topic_ids))
        AND (CAST(:level AS text) IS NULL OR CAST(:level AS text) = ANY (c.levels))
        AND (CAST(:q AS text) IS NULL OR c.title ILIKE :q OR c.description ILIKE :q)
      ORDER BY c.title, c.id LIMIT :limitPlusOne OFFSET :offset
    ), done AS (
      SELECT lp.course_id, count(*) AS n
      FROM lesson_progress lp
      JOIN lessons l ON l.portal_id = lp.portal_id AND l.id = lp.lesson_id AND l.deleted_at IS NULL
      WHERE lp.portal_id = :portal AND lp.person_id = :person AND lp.course_id IN (SELECT id FROM page)
      GROUP BY lp.course_id
    )
    SELECT
      (SELECT coalesce(json_agg(json_build_object(
          'id', p.id, 'title', p.title, 'description', p.description, 'hiddenFromExtranet', p.hidden_from_extranet,
          'language', p.language, 'topicIds', p.topic_ids, 'levels', p.levels, 'unitsCount', p.units_count,
          'lessonsCount', p.lessons_count, 'estimatedMinutes', p.estimated_minutes, 'authorId', p.author_id,
          'lessonsDone', coalesce(d.n, 0)
        ) ORDER BY p.title, p.id), '[]')
       FROM page p LEFT JOIN done d ON d.course_id = p.id) AS courses,
      (SELECT coalesce(json_agg(json_build_object(
          'id', t.id, 'title', t.title, 'description', t.description, 'hiddenFromExtranet', t.hidden_from_extranet,
          'language', t.language, 'estimatedMinutes', t.estimated_minutes, 'passMark', t.pass_mark,
          'attemptsAllowed', t.attempts_allowed, 'authorId', t.author_id,
          'questionsCount', (SELECT count(*) FROM questions qn WHERE qn.portal_id = t.portal_id AND qn.test_id = t.id),
          'attemptsUsed', (SELECT count(*) FROM test_attempts a WHERE a.portal_id = t.portal_id AND a.person_id = :person AND a.test_id = t.id),
          'bestScore', (SELECT max(a.score) FROM test_attempts a WHERE a.portal_id = t.portal_id AND a.person_id = :person AND a.test_id = t.id),
          'passed', EXISTS (SELECT 1 FROM test_attempts a WHERE a.portal_id = t.portal_id AND a.person_id = :person AND a.test_id = t.id AND a.passed)
        ) ORDER BY t.title, t.id), '[]')
       FROM (SELECT * FROM tests t WHERE t.portal_id = :portal AND t.unit_id IS NULL AND t.deleted_at IS NULL AND :testsShown
               AND (NOT :excludeHidden OR NOT t.hidden_from_extranet)
               AND (CAST(:q AS text) IS NULL OR t.title ILIKE :q OR t.description ILIKE :q)
             ORDER BY t.title, t.id LIMIT 100) t) AS tests,
      -- Topics some live unit uses (a deleted course's units are deleted with it), of a course the viewer may see.
      (SELECT coalesce(json_agg(json_build_object('id', tp.id, 'name', tp.name) ORDER BY tp.name), '[]')
       FROM topics tp WHERE tp.portal_id = :portal AND EXISTS (
         SELECT 1 FROM units u WHERE u.portal_id = tp.portal_id AND u.topic_id = tp.id AND u.deleted_at IS NULL
           AND (NOT :excludeHidden OR EXISTS (
             SELECT 1 FROM courses c WHERE c.portal_id = u.portal_id AND c.id = u.course_id AND NOT c.hidden_from_extranet)))) AS topics`;

const STATEMENT_NAME = `catalog-page-${crypto.createHash('sha1').update(CATALOG_SQL).digest('hex').slice(0, 12)}`;

type Row = { courses: Array<Omit<CatalogCourseRow, 'topics'> & { topicIds: number[] }> | string; tests: CatalogTestRow[] | string; topics: CatalogPage['topics'] | string };

export async function readCatalogPage(db: Knex, portalId: string, personId: number, scope: CatalogScope, filters: CatalogFilters): Promise<CatalogPage> {
  const q = filters.q?.trim() ? `%${escapeLike(filters.q.trim())}%` : null;
  const topicId = filters.topicId ?? null;
  const level = filters.level ?? null;
  const { rows } = await db
    .raw(CATALOG_SQL, {
      portal: portalId,
      person: personId,
      excludeHidden: scope.excludeHiddenFromExtranet,
      topic: topicId,
      level,
      q,
      limitPlusOne: filters.limit + 1,
      offset: filters.offset,
      // Standalone tests have no topic or level: a filter by either leaves them out.
      testsShown: topicId === null && level === null,
    })
    // A named statement: PostgreSQL plans it once per connection instead of on every request
    // (planning this statement costs more than running it). PGlite ignores the name.
    .options({ name: STATEMENT_NAME });
  const row = rows[0] as Row;
  const parse = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
  const topics = parse(row.topics);
  const topicById = new Map(topics.map((topic) => [Number(topic.id), topic]));
  const courses = parse(row.courses).map(({ topicIds, ...course }) => ({
    ...course,
    topics: topicIds.map((id) => topicById.get(Number(id))).filter((topic): topic is { id: number; name: string } => Boolean(topic)).sort((a, b) => a.name.localeCompare(b.name)),
  }));
  return { hasMore: courses.length > filters.limit, courses: courses.slice(0, filters.limit), tests: parse(row.tests), topics };
}
