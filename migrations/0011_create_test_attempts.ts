import type { Knex } from 'knex';

/**
 * One row per attempt at a test. The database, not only the code, holds the rules that matter
 * under concurrency:
 * - attempts are numbered 1, 2, ... per person and test (unique), and each row carries the limit in
 *   force when it started, checked by a CHECK: two racing starts cannot both become attempt N+1,
 *   and no attempt N can exist beyond the limit;
 * - at most one unsubmitted attempt per person and test (partial unique index);
 * - a result is all or nothing (submitted_at, score, passed set together), so "submitted" is one
 *   conditional UPDATE ... WHERE submitted_at IS NULL, and a second submission finds it done.
 * Rows outlive their test's (soft) deletion; title_snapshot names the test in reports regardless.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE test_attempts (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      test_id bigint NOT NULL,
      person_id integer NOT NULL,
      number integer NOT NULL,
      attempt_limit integer,
      title_snapshot text NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      submitted_at timestamptz,
      answers jsonb,
      score integer CHECK (score BETWEEN 0 AND 100),
      passed boolean,
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, test_id) REFERENCES tests (portal_id, id) ON DELETE CASCADE,
      CONSTRAINT test_attempts_within_limit CHECK (number >= 1 AND (attempt_limit IS NULL OR number <= attempt_limit)),
      CONSTRAINT test_attempts_result_whole CHECK (
        (submitted_at IS NULL AND score IS NULL AND passed IS NULL AND answers IS NULL)
        OR (submitted_at IS NOT NULL AND score IS NOT NULL AND passed IS NOT NULL AND answers IS NOT NULL))
    )`);
  await knex.raw(`CREATE UNIQUE INDEX test_attempts_number ON test_attempts (portal_id, test_id, person_id, number)`);
  await knex.raw(`CREATE UNIQUE INDEX test_attempts_one_open ON test_attempts (portal_id, test_id, person_id) WHERE submitted_at IS NULL`);
  await knex.raw(`CREATE INDEX test_attempts_person ON test_attempts (portal_id, person_id, test_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('test_attempts');
}
