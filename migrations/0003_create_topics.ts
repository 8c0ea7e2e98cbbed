import type { Knex } from 'knex';

/** Catalog topics (Passwords, Phishing, ...): a unit has one. Names are unique per portal, case aside. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE topics (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, id)
    )`);
  // Import finds a topic by name; two spellings of one name must not make two topics.
  await knex.raw(`CREATE UNIQUE INDEX topics_portal_name ON topics (portal_id, lower(name))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('topics');
}
