import type { Knex } from 'knex';
import type { AttemptResult, ScoredQuestion } from './test-scoring';

/**
 * Test questions and attempts. The rules that must hold under concurrency live in the table's
 * constraints (see migration 0011); the functions here lean on them instead of on locks.
 */

export async function readQuestions(db: Knex, portalId: string, testId: number): Promise<Array<ScoredQuestion & { version: number }>> {
  const questions = await db('questions')
    .where({ portal_id: portalId, test_id: testId })
    .orderBy([{ column: 'position' }, { column: 'id' }])
    .select('id', 'text', 'kind', 'version');
  if (questions.length === 0) return [];
  const options = await db('question_options')
    .where('portal_id', portalId)
    .whereIn(
      'question_id',
      questions.map((q) => q.id),
    )
    .orderBy([{ column: 'position' }, { column: 'id' }])
    .select('id', 'question_id', 'text', 'correct');
  return questions.map((q) => ({
    id: q.id,
    text: q.text,
    kind: q.kind,
    version: q.version,
    options: options.filter((o) => o.question_id === q.id).map((o) => ({ id: o.id, text: o.text, correct: o.correct })),
  }));
}

export interface AttemptRow {
  id: number;
  testId: number;
  personId: number;
  number: number;
  startedAt: Date;
  submittedAt: Date | null;
  score: number | null;
  passed: boolean | null;
  result: AttemptResult | null;
}

const ATTEMPT_COLUMNS = 'id, test_id, person_id, number, started_at, submitted_at, score, passed, answers';

function attemptOf(row: Record<string, any>): AttemptRow {
  const answers = typeof row.answers === 'string' ? JSON.parse(row.answers) : row.answers;
  return {
    id: row.id,
    testId: row.test_id,
    personId: row.person_id,
    number: row.number,
    startedAt: new Date(row.started_at),
    submittedAt: row.submitted_at ? new Date(row.submitted_at) : null,
    score: row.score,
    passed: row.passed,
    result: answers ?? null,
  };
}

export async function findAttempt(db: Knex, portalId: string, attemptId: number): Promise<AttemptRow | null> {
  const { rows } = await db.raw(`SELECT ${ATTEMPT_COLUMNS} FROM test_attempts WHERE portal_id = ? AND id = ?`, [portalId, attemptId]);
  return rows[0] ? attemptOf(rows[0]) : null;
}

export async function listAttempts(db: Knex, portalId: string, testId: number, personId: number): Promise<AttemptRow[]> {
  const { rows } = await db.raw(
    `SELECT ${ATTEMPT_COLUMNS} FROM test_attempts WHERE portal_id = ? AND test_id = ? AND person_id = ? ORDER BY number DESC`,
    [portalId, testId, personId],
  );
  return rows.map(attemptOf);
}

export type StartOutcome = { kind: 'created' | 'open'; attempt: AttemptRow } | { kind: 'limit'; used: number };

/**
 * Starts attempt N+1, or returns the person's unsubmitted attempt if there is one. Two racing
 * starts both compute N+1; the unique (test, person, number) and one-open-attempt indexes let one
 * insert win and turn the other into ON CONFLICT DO NOTHING, and it then looks again. The limit is
 * checked in the same statement and, through attempt_limit, by a CHECK constraint.
 */
export async function startAttempt(
  db: Knex,
  portalId: string,
  test: { testId: number; attemptsAllowed: number | null; title: string },
  personId: number,
): Promise<StartOutcome> {
  for (let round = 0; round < 20; round += 1) {
    const open = await db.raw(`SELECT ${ATTEMPT_COLUMNS} FROM test_attempts WHERE portal_id = ? AND test_id = ? AND person_id = ? AND submitted_at IS NULL`, [
      portalId,
      test.testId,
      personId,
    ]);
    if (open.rows[0]) return { kind: 'open', attempt: attemptOf(open.rows[0]) };
    const inserted = await db.raw(
      `INSERT INTO test_attempts (portal_id, test_id, person_id, number, attempt_limit, title_snapshot)
       SELECT :portal, :test, :person, coalesce(max(number), 0) + 1, CAST(:limit AS integer), :title
       FROM test_attempts WHERE portal_id = :portal AND test_id = :test AND person_id = :person
       HAVING CAST(:limit AS integer) IS NULL OR coalesce(max(number), 0) < CAST(:limit AS integer)
       ON CONFLICT DO NOTHING
       RETURNING ${ATTEMPT_COLUMNS}`,
      { portal: portalId, test: test.testId, person: personId, limit: test.attemptsAllowed, title: test.title },
    );
    if (inserted.rows[0]) return { kind: 'created', attempt: attemptOf(inserted.rows[0]) };
    const used = await db('test_attempts').where({ portal_id: portalId, test_id: test.testId, person_id: personId }).count<{ count: number }[]>({ count: '*' });
    const count = Number(used[0]?.count ?? 0);
    if (test.attemptsAllowed !== null && count >= test.attemptsAllowed) return { kind: 'limit', used: count };
    // Lost a race to another start of the same person: look again.
  }
  throw new Error('could not start an attempt after repeated conflicts');
}

/**
 * Stores the result of an open attempt. Only the first submission writes (WHERE submitted_at IS
 * NULL); the caller then reads back whatever is stored, so a second submission changes nothing.
 */
export async function recordSubmission(db: Knex, portalId: string, attemptId: number, personId: number, result: AttemptResult): Promise<boolean> {
  const updated = await db('test_attempts')
    .where({ portal_id: portalId, id: attemptId, person_id: personId })
    .whereNull('submitted_at')
    .update({ submitted_at: db.fn.now(), answers: JSON.stringify(result), score: result.score, passed: result.passed })
    .returning('id');
  return updated.length === 1;
}

export async function countAttempts(db: Knex, portalId: string, where: { testIds: number[] }): Promise<{ attempts: number; learners: number }> {
  if (where.testIds.length === 0) return { attempts: 0, learners: 0 };
  const row = await db('test_attempts')
    .where('portal_id', portalId)
    .whereIn('test_id', where.testIds)
    .first(db.raw('count(*) AS attempts'), db.raw('count(DISTINCT person_id) AS learners'));
  return { attempts: Number(row?.attempts ?? 0), learners: Number(row?.learners ?? 0) };
}
