import type { Knex } from 'knex';

/** A course's ordered units: each has one topic and one level. Soft-deleted with their course. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE units (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      course_id bigint NOT NULL,
      position integer NOT NULL,
      topic_id bigint NOT NULL,
      level text NOT NULL CHECK (level IN ('beginner', 'elementary', 'intermediate', 'advanced')),
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, course_id) REFERENCES courses (portal_id, id) ON DELETE CASCADE,
      FOREIGN KEY (portal_id, topic_id) REFERENCES topics (portal_id, id)
    )`);
  await knex.raw(`CREATE INDEX units_course ON units (portal_id, course_id, position)`);
  await knex.raw(`CREATE INDEX units_topic ON units (portal_id, topic_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('units');
}
