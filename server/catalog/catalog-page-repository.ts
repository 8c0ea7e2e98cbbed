import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { queryNamedRows } from '../db/driver-query';
import type { ContentLanguage } from './catalog-schemas';
import type { CatalogScope } from './content-access';
import { attachedSql, catalogClosedFilter, holdingGroupsJsonSql } from '../groups/closed-content-sql';
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
  language: ContentLanguage | null;
  topics: Array<{ id: number; name: string }>;
  levels: string[];
  unitsCount: number;
  lessonsCount: number;
  estimatedMinutes: number;
  lessonsDone: number;
  authorId: number;
  /** Attached to a training group: listed only to admins and its groups' managers (content-access catalogEntry). */
  closed: boolean;
  /** The holding groups the viewer manages (admins: all); empty for open items. */
  groups: Array<{ id: number; name: string }>;
}

export interface CatalogTestRow {
  id: number;
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  language: ContentLanguage | null;
  questionsCount: number;
  estimatedMinutes: number;
  passMark: number;
  attemptsAllowed: number | null;
  attemptsUsed: number;
  bestScore: number | null;
  passed: boolean;
  authorId: number;
  closed: boolean;
  groups: Array<{ id: number; name: string }>;
}

export interface CatalogPage {
  /** Whether courses follow this page (a count of all matches would read every course row). */
  hasMore: boolean;
  courses: CatalogCourseRow[];
  tests: CatalogTestRow[];
  topics: Array<{ id: number; name: string }>;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Which filters a request uses: each combination is a statement of its own (see catalogSql). */
interface StatementShape {
  limitPlusOne: number;
  skips: boolean;
  excludeHidden: boolean;
  topic: boolean;
  level: boolean;
  q: boolean;
}

/**
 * The statement's text for a page size, whether it skips rows and which filters apply. LIMIT is
 * written into the text (a checked integer), not bound: a prepared statement's generic plan cannot
 * see a bound LIMIT and then sorts every course instead of reading the first ones from the
 * courses_catalog index. Filters that do not apply are left out of the text, not switched off by
 * a bound flag ("$1 IS NULL OR ..."): PostgreSQL multiplies the guessed selectivities of such
 * terms into an estimate of ~1 course, and its generic plan then scans and sorts every course
 * (18 ms at 2,000 courses), so it kept re-planning the statement on every request instead
 * (~10 ms of planning for ~1 ms of work). With only the real filters in the text, the generic
 * plan is the ordered index scan, planned once per connection.
 */
const catalogSql = (shape: StatementShape) => `
    WITH page AS (
      SELECT c.portal_id, c.id, c.title, c.description, c.hidden_from_extranet, c.language, c.topic_ids, c.levels,
             c.units_count, c.lessons_count, c.estimated_minutes, c.author_id
      FROM courses c
      WHERE c.portal_id = :portal AND c.deleted_at IS NULL
        ${shape.excludeHidden ? 'AND NOT c.hidden_from_extranet' : ''}
        -- Closed content (attached to a training group) only for admins and its groups' managers.
        AND ${catalogClosedFilter('course', 'c')}
        ${shape.topic ? 'AND CAST(:topic AS bigint) = ANY (c.topic_ids)' : ''}
        ${shape.level ? 'AND CAST(:level AS text) = ANY (c.levels)' : ''}
        ${shape.q ? 'AND (c.title ILIKE :q OR c.description ILIKE :q)' : ''}
      ORDER BY c.title, c.id LIMIT ${shape.limitPlusOne}${shape.skips ? ' OFFSET :offset' : ''}
    ), extras AS (
      SELECT
        (SELECT coalesce(json_agg(json_build_object(
            'id', t.id, 'title', t.title, 'description', t.description, 'hiddenFromExtranet', t.hidden_from_extranet,
            'language', t.language, 'estimatedMinutes', t.estimated_minutes, 'passMark', t.pass_mark,
            'attemptsAllowed', t.attempts_allowed, 'authorId', t.author_id,
            'questionsCount', (SELECT count(*) FROM questions qn WHERE qn.portal_id = t.portal_id AND qn.test_id = t.id),
            'attemptsUsed', (SELECT count(*) FROM test_attempts a WHERE a.portal_id = t.portal_id AND a.person_id = :person AND a.test_id = t.id),
            'bestScore', (SELECT max(a.score) FROM test_attempts a WHERE a.portal_id = t.portal_id AND a.person_id = :person AND a.test_id = t.id),
            'passed', EXISTS (SELECT 1 FROM test_attempts a WHERE a.portal_id = t.portal_id AND a.person_id = :person AND a.test_id = t.id AND a.passed),
            'closed', ${attachedSql('test', 't')}, 'groups', ${holdingGroupsJsonSql('test', 't')}
          ) ORDER BY t.title, t.id), '[]')
         FROM (SELECT * FROM tests t WHERE t.portal_id = :portal AND t.unit_id IS NULL AND t.deleted_at IS NULL
                 -- Standalone tests have no topic or level: a filter by either leaves them out.
                 ${shape.topic || shape.level ? 'AND false' : ''}
                 ${shape.excludeHidden ? 'AND NOT t.hidden_from_extranet' : ''}
                 AND ${catalogClosedFilter('test', 't')}
                 ${shape.q ? 'AND (t.title ILIKE :q OR t.description ILIKE :q)' : ''}
               ORDER BY t.title, t.id LIMIT 100) t) AS tests,
        -- Topics some live unit uses (a deleted course's units go with it), of a course the viewer may see.
        (SELECT coalesce(json_agg(json_build_object('id', tp.id, 'name', tp.name) ORDER BY tp.name), '[]')
         FROM topics tp WHERE tp.portal_id = :portal AND EXISTS (
           SELECT 1 FROM units u WHERE u.portal_id = tp.portal_id AND u.topic_id = tp.id AND u.deleted_at IS NULL
             ${
               shape.excludeHidden
                 ? 'AND EXISTS (SELECT 1 FROM courses c WHERE c.portal_id = u.portal_id AND c.id = u.course_id AND NOT c.hidden_from_extranet)'
                 : ''
             })) AS topics
    )
    -- Plain rows, one per course (no JSON building per row); the lists every page needs once ride
    -- on an extra row of their own. Progress is an index-only count per course (lesson_progress_live_course).
    SELECT 0 AS kind, p.id, p.title, p.description, p.hidden_from_extranet, p.language, p.topic_ids, p.levels,
           p.units_count, p.lessons_count, p.estimated_minutes, p.author_id,
           (SELECT count(*) FROM lesson_progress lp
            WHERE lp.portal_id = :portal AND lp.person_id = :person AND lp.course_id = p.id AND lp.lesson_live) AS lessons_done,
           ${attachedSql('course', 'p')} AS closed, ${holdingGroupsJsonSql('course', 'p')} AS groups,
           NULL::json AS tests, NULL::json AS topics
    FROM page p
    UNION ALL
    SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, e.tests, e.topics FROM extras e
    ORDER BY kind, title, id`;

const statements = new Map<string, { sql: string; name: string }>();

function statementFor(shape: StatementShape): { sql: string; name: string } {
  const limit = shape.limitPlusOne - 1;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error(`catalog page size out of range: ${limit}`);
  const key = JSON.stringify(shape);
  let statement = statements.get(key);
  if (!statement) {
    const sql = catalogSql(shape);
    statement = { sql, name: `catalog-page-${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 16)}` };
    statements.set(key, statement);
  }
  return statement;
}

interface Row {
  kind: 0 | 1;
  id: number;
  title: string;
  description: string;
  hidden_from_extranet: boolean;
  language: ContentLanguage | null;
  topic_ids: Array<number | string>;
  levels: string[];
  units_count: number;
  lessons_count: number;
  estimated_minutes: number;
  author_id: number;
  lessons_done: number;
  closed: boolean | null;
  groups: Array<{ id: number | string; name: string }> | string | null;
  tests: CatalogTestRow[] | string | null;
  topics: CatalogPage['topics'] | string | null;
}

/** `now` is the instant training groups' access windows are judged at (closed content), each on its group's time zone. */
export async function readCatalogPage(db: Knex, portalId: string, personId: number, scope: CatalogScope, filters: CatalogFilters, now: Date): Promise<CatalogPage> {
  const q = filters.q?.trim() ? `%${escapeLike(filters.q.trim())}%` : null;
  const topicId = filters.topicId ?? null;
  const level = filters.level ?? null;
  const statement = statementFor({
    limitPlusOne: filters.limit + 1,
    skips: filters.offset > 0,
    excludeHidden: scope.excludeHiddenFromExtranet,
    topic: topicId !== null,
    level: level !== null,
    q: q !== null,
  });
  // Through the driver (db/driver-query.ts): the statement knex would send, without its runner.
  const rows = await queryNamedRows<Row>(
    db,
    statement.sql,
    {
      portal: portalId,
      person: personId,
      ...(topicId !== null ? { topic: topicId } : {}),
      ...(level !== null ? { level } : {}),
      ...(q !== null ? { q } : {}),
      ...(filters.offset > 0 ? { offset: filters.offset } : {}),
      // Closed content (groups/closed-content-sql.ts): who is asking, as the scope says.
      ccPerson: personId,
      ccNow: now.toISOString(),
      ccAdmin: scope.closedListed === 'all',
      ccModerator: scope.closedListed === 'managed',
    },
    // A named statement, one per filter combination: planned once per connection instead of on
    // every request (planning this statement costs more than running it); on PGlite through PREPARE.
    statement.name,
  );
  const parse = <T>(value: T | string | null): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
  const all = rows;
  const extras = all.find((row) => row.kind === 1)!;
  const topics = parse(extras.topics);
  const topicById = new Map(topics.map((topic) => [Number(topic.id), topic]));
  const courses: CatalogCourseRow[] = all
    .filter((row) => row.kind === 0)
    .map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      hiddenFromExtranet: row.hidden_from_extranet,
      language: row.language,
      topics: row.topic_ids
        .map((id) => topicById.get(Number(id)))
        .filter((topic): topic is { id: number; name: string } => Boolean(topic))
        .sort((x, y) => x.name.localeCompare(y.name)),
      levels: row.levels,
      unitsCount: row.units_count,
      lessonsCount: row.lessons_count,
      estimatedMinutes: row.estimated_minutes,
      lessonsDone: Number(row.lessons_done),
      authorId: row.author_id,
      closed: Boolean(row.closed),
      groups: parse(row.groups ?? []).map((g) => ({ id: Number(g.id), name: g.name })),
    }));
  const tests = parse(extras.tests).map((t) => ({ ...t, groups: (t.groups ?? []).map((g) => ({ id: Number(g.id), name: g.name })) }));
  return { hasMore: courses.length > filters.limit, courses: courses.slice(0, filters.limit), tests, topics };
}
