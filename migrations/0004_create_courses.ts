import type { Knex } from 'knex';

/**
 * Courses. Deleting one only stamps deleted_at: attempts, scores and lesson progress keep pointing
 * at real rows, so reports stay whole (PRODUCT.md §6) and nothing has to be copied at delete time.
 * The summary columns (counts, minutes, topic ids, levels) are kept by the catalog service in the
 * same transaction as every unit/lesson/test write, so the catalog page reads one row per course.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE courses (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
      description text NOT NULL DEFAULT '',
      hidden_from_extranet boolean NOT NULL DEFAULT false,
      author_id integer NOT NULL,
      -- Where an imported course came from: the exchange file's key and language (null when authored here).
      source_key text,
      language text CHECK (language IN ('en', 'ru')),
      version integer NOT NULL DEFAULT 1,
      units_count integer NOT NULL DEFAULT 0,
      lessons_count integer NOT NULL DEFAULT 0,
      estimated_minutes integer NOT NULL DEFAULT 0,
      topic_ids bigint[] NOT NULL DEFAULT '{}',
      levels text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (portal_id, id)
    )`);
  // The catalog lists a portal's live courses by title: an ordered index scan, stopped at the page's end.
  await knex.raw(`CREATE INDEX courses_catalog ON courses (portal_id, title, id) WHERE deleted_at IS NULL`);
  // Loading the same exchange file (key + language) twice finds the first copy instead of adding one.
  await knex.raw(
    `CREATE UNIQUE INDEX courses_source ON courses (portal_id, source_key, coalesce(language, '')) WHERE source_key IS NOT NULL AND deleted_at IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('courses');
}
