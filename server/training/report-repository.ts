import type { Knex } from 'knex';

/**
 * What the report reads beyond progress: when each unit was passed (for the chart) and a person's
 * test attempts (for their history), from the catalog's tables as plain facts. One statement each,
 * whatever the number of people. Every query is scoped to its portal.
 */

type Row = Record<string, unknown>;
const intArray = (ids: ReadonlyArray<number | string>) => `{${ids.map((id) => Math.trunc(Number(id))).join(',')}}`;

export interface PassMoments {
  personId: number;
  unitId: number;
  /** The first submitted attempt at or above the threshold. */
  firstPassAt: Date | null;
  /** The latest lesson read to its end. */
  lastLessonAt: Date | null;
}

export async function passMoments(db: Knex, portalId: string, personIds: readonly number[], unitIds: readonly number[], thresholdPercent: number): Promise<PassMoments[]> {
  if (personIds.length === 0 || unitIds.length === 0) return [];
  const { rows } = await db.raw<{ rows: Row[] }>(
    `WITH lessons_read AS (
       SELECT lp.person_id, l.unit_id, max(lp.completed_at) AS last_at
       FROM lesson_progress lp JOIN lessons l ON l.portal_id = lp.portal_id AND l.id = lp.lesson_id AND l.deleted_at IS NULL
       WHERE lp.portal_id = :portal AND lp.person_id = ANY (CAST(:persons AS integer[])) AND l.unit_id = ANY (CAST(:units AS bigint[]))
       GROUP BY lp.person_id, l.unit_id),
     tests_passed AS (
       SELECT a.person_id, t.unit_id, min(a.submitted_at) AS first_at
       FROM test_attempts a JOIN tests t ON t.portal_id = a.portal_id AND t.id = a.test_id AND t.deleted_at IS NULL
       WHERE a.portal_id = :portal AND a.person_id = ANY (CAST(:persons AS integer[])) AND t.unit_id = ANY (CAST(:units AS bigint[]))
         AND a.submitted_at IS NOT NULL AND a.score >= :threshold
       GROUP BY a.person_id, t.unit_id)
     SELECT coalesce(l.person_id, t.person_id) AS person_id, coalesce(l.unit_id, t.unit_id) AS unit_id, t.first_at, l.last_at
     FROM lessons_read l FULL JOIN tests_passed t ON t.person_id = l.person_id AND t.unit_id = l.unit_id`,
    { portal: portalId, persons: intArray(personIds), units: intArray(unitIds), threshold: thresholdPercent },
  );
  return rows.map((r) => ({
    personId: Number(r.person_id),
    unitId: Number(r.unit_id),
    firstPassAt: r.first_at ? new Date(r.first_at as string) : null,
    lastLessonAt: r.last_at ? new Date(r.last_at as string) : null,
  }));
}

export interface AttemptRow {
  unitId: number;
  number: number;
  submittedAt: Date;
  score: number;
}

/** A person's submitted attempts at these units' tests, oldest first. */
export async function attemptsOf(db: Knex, portalId: string, personId: number, unitIds: readonly number[]): Promise<AttemptRow[]> {
  if (unitIds.length === 0) return [];
  const { rows } = await db.raw<{ rows: Row[] }>(
    `SELECT t.unit_id, a.number, a.submitted_at, a.score
     FROM test_attempts a JOIN tests t ON t.portal_id = a.portal_id AND t.id = a.test_id AND t.deleted_at IS NULL
     WHERE a.portal_id = ? AND a.person_id = ? AND t.unit_id = ANY (CAST(? AS bigint[])) AND a.submitted_at IS NOT NULL
     ORDER BY a.submitted_at, a.id`,
    [portalId, personId, intArray(unitIds)],
  );
  return rows.map((r) => ({ unitId: Number(r.unit_id), number: Number(r.number), submittedAt: new Date(r.submitted_at as string), score: Number(r.score) }));
}
