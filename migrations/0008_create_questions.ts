import type { Knex } from 'knex';

/**
 * A test's ordered questions. Deleted for real (not soft): a submitted attempt keeps what it
 * needs to be shown again (question text, chosen and correct options) in its own answers column.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE questions (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      test_id bigint NOT NULL,
      position integer NOT NULL,
      text text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 2000),
      kind text NOT NULL CHECK (kind IN ('single', 'multiple')),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, test_id) REFERENCES tests (portal_id, id) ON DELETE CASCADE
    )`);
  await knex.raw(`CREATE INDEX questions_test ON questions (portal_id, test_id, position)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('questions');
}
