import type { Knex } from 'knex';

/**
 * Tests: standalone (unit_id null, with their own extranet flag and author) or a unit's test
 * (at most one live test per unit; it follows its course's flag and author).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE tests (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      unit_id bigint,
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
      description text NOT NULL DEFAULT '',
      hidden_from_extranet boolean NOT NULL DEFAULT false,
      pass_mark integer NOT NULL DEFAULT 80 CHECK (pass_mark BETWEEN 0 AND 100),
      -- null: unlimited
      attempts_allowed integer CHECK (attempts_allowed BETWEEN 1 AND 100),
      estimated_minutes integer NOT NULL DEFAULT 5 CHECK (estimated_minutes BETWEEN 0 AND 600),
      author_id integer NOT NULL,
      source_key text,
      language text CHECK (language IN ('en', 'ru')),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, unit_id) REFERENCES units (portal_id, id) ON DELETE CASCADE
    )`);
  await knex.raw(`CREATE UNIQUE INDEX tests_one_per_unit ON tests (portal_id, unit_id) WHERE unit_id IS NOT NULL AND deleted_at IS NULL`);
  await knex.raw(`CREATE INDEX tests_catalog ON tests (portal_id, title, id) WHERE unit_id IS NULL AND deleted_at IS NULL`);
  await knex.raw(
    `CREATE UNIQUE INDEX tests_source ON tests (portal_id, source_key, coalesce(language, '')) WHERE source_key IS NOT NULL AND deleted_at IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tests');
}
