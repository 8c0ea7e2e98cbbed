import type { Knex } from 'knex';

/**
 * What people have learnt, per unit, from the catalog's tables (lesson_progress, test_attempts),
 * read here as plain facts for the pure progress rules (learning-progress.ts). Two statements
 * for any number of people and units. Every query is scoped to its portal.
 */

type Row = Record<string, unknown>;
const intArray = (ids: ReadonlyArray<number | string>) => `{${ids.map((id) => Math.trunc(Number(id))).join(',')}}`;

export interface UnitFacts {
  lessons: number;
  /** The unit's live test, if any. */
  hasTest: boolean;
  testMinutes: number;
}

export interface PersonUnitFacts {
  personId: number;
  unitId: string;
  lessonsDone: number;
  lessonMinutesDone: number;
  /** Best submitted score of the unit's live test; null before any. */
  bestScore: number | null;
  attempts: number;
}

/** The units' live lessons and test. */
export async function unitFacts(db: Knex, portalId: string, unitIds: ReadonlyArray<number | string>): Promise<Map<string, UnitFacts>> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `SELECT u.id,
            (SELECT count(*) FROM lessons l WHERE l.portal_id = u.portal_id AND l.unit_id = u.id AND l.deleted_at IS NULL) AS lessons,
            t.id AS test_id, coalesce(t.estimated_minutes, 0) AS test_minutes
     FROM units u LEFT JOIN tests t ON t.portal_id = u.portal_id AND t.unit_id = u.id AND t.deleted_at IS NULL
     WHERE u.portal_id = ? AND u.id = ANY (CAST(? AS bigint[]))`,
    [portalId, intArray(unitIds)],
  );
  return new Map(rows.map((r) => [String(r.id), { lessons: Number(r.lessons), hasTest: r.test_id !== null, testMinutes: Number(r.test_minutes) }]));
}

/** Each person's lessons done and test results in these units (absent: nothing yet). */
export async function personUnitFacts(db: Knex, portalId: string, personIds: readonly number[], unitIds: ReadonlyArray<number | string>): Promise<PersonUnitFacts[]> {
  if (personIds.length === 0 || unitIds.length === 0) return [];
  const { rows } = await db.raw<{ rows: Row[] }>(
    `WITH lessons_done AS (
       SELECT lp.person_id, l.unit_id, count(*) AS lessons_done, sum(l.estimated_minutes) AS minutes_done
       FROM lesson_progress lp JOIN lessons l ON l.portal_id = lp.portal_id AND l.id = lp.lesson_id AND l.deleted_at IS NULL
       WHERE lp.portal_id = :portal AND lp.person_id = ANY (CAST(:persons AS integer[])) AND l.unit_id = ANY (CAST(:units AS bigint[]))
       GROUP BY lp.person_id, l.unit_id),
     tests_done AS (
       SELECT a.person_id, t.unit_id, max(a.score) AS best_score, count(*) AS attempts
       FROM test_attempts a JOIN tests t ON t.portal_id = a.portal_id AND t.id = a.test_id AND t.deleted_at IS NULL
       WHERE a.portal_id = :portal AND a.person_id = ANY (CAST(:persons AS integer[])) AND t.unit_id = ANY (CAST(:units AS bigint[])) AND a.submitted_at IS NOT NULL
       GROUP BY a.person_id, t.unit_id)
     SELECT coalesce(l.person_id, t.person_id) AS person_id, coalesce(l.unit_id, t.unit_id) AS unit_id,
            coalesce(l.lessons_done, 0) AS lessons_done, coalesce(l.minutes_done, 0) AS minutes_done, t.best_score, coalesce(t.attempts, 0) AS attempts
     FROM lessons_done l FULL JOIN tests_done t ON t.person_id = l.person_id AND t.unit_id = l.unit_id`,
    { portal: portalId, persons: intArray(personIds), units: intArray(unitIds) },
  );
  return rows.map((r) => ({
    personId: Number(r.person_id),
    unitId: String(r.unit_id),
    lessonsDone: Number(r.lessons_done),
    lessonMinutesDone: Number(r.minutes_done),
    bestScore: r.best_score === null ? null : Number(r.best_score),
    attempts: Number(r.attempts),
  }));
}
