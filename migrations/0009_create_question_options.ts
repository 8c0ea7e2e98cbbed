import type { Knex } from 'knex';

/** A question's ordered answer options; `correct` never leaves the server before submission. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE question_options (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      question_id bigint NOT NULL,
      position integer NOT NULL,
      text text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 1000),
      correct boolean NOT NULL DEFAULT false,
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, question_id) REFERENCES questions (portal_id, id) ON DELETE CASCADE
    )`);
  await knex.raw(`CREATE INDEX question_options_question ON question_options (portal_id, question_id, position)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('question_options');
}
