import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { queryNamedRows, runnerOf, type RunStatement } from '../db/driver-query';
import type { ContentLanguage } from './catalog-schemas';
import type { CatalogScope } from './content-access';
import { catalogClosedFilter, catalogHoldingGroupsSql, type ClosedListed } from '../groups/closed-content-sql';
import { LEVELS, type Level } from './exchange-format';

/**
 * The catalog page in ONE statement (one round trip): a page of courses with the viewer's
 * progress, the standalone tests and the topics to filter by. Courses carry their summary (counts, minutes, topics,
 * levels) and the groups holding them in their own row, kept up to date on every write, so a page
 * is an ordered index scan over courses_catalog stopped after `limit` rows plus one index-only
 * probe per course (progress); only closed courses listed to their managers visit their groups.
 *
 * The answer is ONE row of three JSON texts (courses and tests as positional arrays): the driver
 * hands each over as a string and JSON.parse reads it, instead of the driver parsing ~50 rows of
 * a dozen columns, arrays among them, value by value (measured: that parsing was most of the
 * route's Node time).
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
  levels: Level[];
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
  /** Which closed items the viewer's scope lists: written into the text, so employees' pages never look at groups. */
  closedListed: ClosedListed;
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
    SELECT
      -- Each course's own facts are JSON text on its row (catalog_head, migrations/0061): only the viewer's part is built here.
      (SELECT '[' || string_agg(p.catalog_head
          -- Progress: an index-only count per course (lesson_progress_live_course).
          || ',' || (SELECT count(*) FROM lesson_progress lp
                     WHERE lp.portal_id = p.portal_id AND lp.person_id = :person AND lp.course_id = p.id AND lp.lesson_live)
          || ',' || (p.holding_group_ids <> '{}') || ',' || coalesce(${catalogHoldingGroupsSql('p', shape.closedListed)}::text, 'null') || ']',
        ',' ORDER BY p.title, p.id) || ']'
       FROM (SELECT c.portal_id, c.id, c.title, c.catalog_head, c.holding_group_ids
             FROM courses c
             WHERE c.portal_id = :portal AND c.deleted_at IS NULL
               ${shape.excludeHidden ? 'AND NOT c.hidden_from_extranet' : ''}
               -- Closed content (attached to a training group) only for admins and its groups' managers.
               AND ${catalogClosedFilter('c', shape.closedListed)}
               ${shape.topic ? 'AND CAST(:topic AS bigint) = ANY (c.topic_ids)' : ''}
               ${shape.level ? 'AND CAST(:level AS text) = ANY (c.levels)' : ''}
               ${shape.q ? 'AND (c.title ILIKE :q OR c.description ILIKE :q)' : ''}
             ORDER BY c.title, c.id LIMIT ${shape.limitPlusOne}${shape.skips ? ' OFFSET :offset' : ''}) p) AS courses,
      ${
        // Standalone tests have no topic or level: a filter by either leaves them out.
        shape.topic || shape.level
          ? 'NULL'
          : `(SELECT json_agg(json_build_array(
          t.id, t.title, t.description, t.hidden_from_extranet, t.language, t.estimated_minutes, t.pass_mark,
          t.attempts_allowed, t.author_id,
          (SELECT count(*) FROM questions qn WHERE qn.portal_id = t.portal_id AND qn.test_id = t.id),
          a.used, a.best, a.passed, t.holding_group_ids <> '{}', ${catalogHoldingGroupsSql('t', shape.closedListed)}
        ) ORDER BY t.title, t.id)::text
       FROM (SELECT * FROM tests t WHERE t.portal_id = :portal AND t.unit_id IS NULL AND t.deleted_at IS NULL
               ${shape.excludeHidden ? 'AND NOT t.hidden_from_extranet' : ''}
               AND ${catalogClosedFilter('t', shape.closedListed)}
               ${shape.q ? 'AND (t.title ILIKE :q OR t.description ILIKE :q)' : ''}
             ORDER BY t.title, t.id LIMIT 100) t
       -- The viewer's attempts at the test, in one probe.
       CROSS JOIN LATERAL (SELECT count(*) AS used, max(a.score) AS best, coalesce(bool_or(a.passed), false) AS passed
         FROM test_attempts a WHERE a.portal_id = t.portal_id AND a.person_id = :person AND a.test_id = t.id) a)`
      } AS tests,
      -- Topics some live unit uses (a deleted course's units go with it), of a course the viewer may see.
      (SELECT json_agg(json_build_object('id', tp.id, 'name', tp.name) ORDER BY tp.name)::text
       FROM topics tp WHERE tp.portal_id = :portal AND EXISTS (
         SELECT 1 FROM units u WHERE u.portal_id = tp.portal_id AND u.topic_id = tp.id AND u.deleted_at IS NULL
           ${
             shape.excludeHidden
               ? 'AND EXISTS (SELECT 1 FROM courses c WHERE c.portal_id = u.portal_id AND c.id = u.course_id AND NOT c.hidden_from_extranet)'
               : ''
           })) AS topics`;

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

type HoldingGroups = Array<[id: number, name: string]> | null;

/** A course as the statement lists it: catalog_head (migrations/0061) up to authorId, then the viewer's part. */
type CourseTuple = [
  id: number,
  title: string,
  description: string,
  hiddenFromExtranet: boolean,
  language: ContentLanguage | null,
  topicIds: number[],
  levels: Level[],
  unitsCount: number,
  lessonsCount: number,
  estimatedMinutes: number,
  authorId: number,
  lessonsDone: number,
  closed: boolean,
  groups: HoldingGroups,
];

/** A standalone test as the statement's json_build_array lists it. */
type TestTuple = [
  id: number,
  title: string,
  description: string,
  hiddenFromExtranet: boolean,
  language: ContentLanguage | null,
  estimatedMinutes: number,
  passMark: number,
  attemptsAllowed: number | null,
  authorId: number,
  questionsCount: number,
  attemptsUsed: number,
  bestScore: number | null,
  passed: boolean,
  closed: boolean,
  groups: HoldingGroups,
];

/** The statement's one row: JSON texts (null for an empty list); pg hands a `::text` over as it is, and so does PGlite. */
interface Row {
  courses: string | null;
  tests: string | null;
  topics: string | null;
}

const parsed = <T>(text: string | null): T[] => (text === null ? [] : (JSON.parse(text) as T[]));
const groupsOf = (groups: HoldingGroups) => (groups === null ? [] : groups.map(([id, name]) => ({ id, name })));
const levelRank = new Map<string, number>(LEVELS.map((level, i) => [level, i]));
const byLevel = (a: string, b: string) => levelRank.get(a)! - levelRank.get(b)!;

/**
 * The page as the viewer's scope allows. Closed items are listed by who manages their groups, not
 * by access windows (those open an item from My groups), so no instant is needed here.
 */
export async function readCatalogPage(db: Knex, portalId: string, personId: number, scope: CatalogScope, filters: CatalogFilters, run: RunStatement = runnerOf(db)): Promise<CatalogPage> {
  const q = filters.q?.trim() ? `%${escapeLike(filters.q.trim())}%` : null;
  const topicId = filters.topicId ?? null;
  const level = filters.level ?? null;
  const statement = statementFor({
    limitPlusOne: filters.limit + 1,
    skips: filters.offset > 0,
    excludeHidden: scope.excludeHiddenFromExtranet,
    closedListed: scope.closedListed,
    topic: topicId !== null,
    level: level !== null,
    q: q !== null,
  });
  const managed = scope.closedListed === 'managed';
  // Through the driver (db/driver-query.ts): the statement knex would send, without its runner.
  const [row] = await queryNamedRows<Row>(
    db,
    statement.sql,
    {
      portal: portalId,
      person: personId,
      ...(topicId !== null ? { topic: topicId } : {}),
      ...(level !== null ? { level } : {}),
      ...(q !== null ? { q } : {}),
      ...(filters.offset > 0 ? { offset: filters.offset } : {}),
      // Closed content (groups/closed-content-sql.ts): who manages which groups, for a moderator's page only.
      ...(managed ? { ccPerson: personId, ccModerator: true } : {}),
    },
    // A named statement, one per filter combination: planned once per connection instead of on
    // every request (planning this statement costs more than running it); on PGlite through PREPARE.
    statement.name,
    run,
  );
  const topics = parsed<{ id: number; name: string }>(row!.topics);
  // A course's topics by name as localeCompare orders them: the page's few topics ranked once.
  const topicById = new Map(topics.map((topic) => [topic.id, topic]));
  const topicRank = new Map([...topics].sort((x, y) => x.name.localeCompare(y.name)).map((topic, i) => [topic.id, i]));
  const courses: CatalogCourseRow[] = parsed<CourseTuple>(row!.courses).map(
    ([id, title, description, hiddenFromExtranet, language, topicIds, levels, unitsCount, lessonsCount, estimatedMinutes, authorId, lessonsDone, closed, groups]) => ({
      id,
      title,
      description,
      hiddenFromExtranet,
      language,
      topics: topicIds
        .filter((topicId) => topicRank.has(topicId))
        .sort((x, y) => topicRank.get(x)! - topicRank.get(y)!)
        .map((topicId) => topicById.get(topicId)!),
      levels: levels.sort(byLevel),
      unitsCount,
      lessonsCount,
      estimatedMinutes,
      lessonsDone,
      authorId,
      closed,
      groups: groupsOf(groups),
    }),
  );
  const tests: CatalogTestRow[] = parsed<TestTuple>(row!.tests).map(
    ([id, title, description, hiddenFromExtranet, language, estimatedMinutes, passMark, attemptsAllowed, authorId, questionsCount, attemptsUsed, bestScore, passed, closed, groups]) => ({
      id,
      title,
      description,
      hiddenFromExtranet,
      language,
      questionsCount,
      estimatedMinutes,
      passMark,
      attemptsAllowed,
      attemptsUsed,
      bestScore,
      passed,
      authorId,
      closed,
      groups: groupsOf(groups),
    }),
  );
  return { hasMore: courses.length > filters.limit, courses: courses.slice(0, filters.limit), tests, topics };
}
