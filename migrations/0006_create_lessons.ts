import type { Knex } from 'knex';

/** A unit's ordered lessons; the body is Markdown, rendered and sanitised when read. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE lessons (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      unit_id bigint NOT NULL,
      position integer NOT NULL,
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
      body_markdown text NOT NULL DEFAULT '',
      estimated_minutes integer NOT NULL CHECK (estimated_minutes BETWEEN 0 AND 600),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, unit_id) REFERENCES units (portal_id, id) ON DELETE CASCADE
    )`);
  await knex.raw(`CREATE INDEX lessons_unit ON lessons (portal_id, unit_id, position)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lessons');
}
