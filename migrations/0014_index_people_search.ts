import type { Knex } from 'knex';

/**
 * People search served by an index. Trigram (pg_trgm) rather than full-text: the picker matches
 * any part of a name, e-mail or position ("van" finds Ivanov, "acme.ex" an address), in Russian as
 * well as English, with no dictionary or stemming to choose per portal; full-text search matches
 * whole words or prefixes only and splits e-mails its own way. Both PostgreSQL and PGlite ship
 * pg_trgm and btree_gin (server/db/database.ts loads them into PGlite); both are trusted
 * extensions, so the database's owner may create them without being a superuser.
 *
 * `search_text` holds the fields searched, lower-cased, as words between spaces (with a space at
 * each end, so that "a whole word" and "the start of a word" are plain LIKE patterns), kept by
 * PostgreSQL itself. The GIN index leads with portal_id (btree_gin) like every index here, and is
 * built without GIN's pending list (fastupdate off): rows the people import adds would otherwise
 * wait there until a VACUUM, and every search would read the whole list (the planner then rightly
 * prefers a scan of the table). A second, plain index gives the unfiltered list its order (last
 * name, name) without sorting the whole directory.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gin');
  await knex.raw(`
    ALTER TABLE people ADD COLUMN search_text text NOT NULL
      GENERATED ALWAYS AS (' ' || lower(name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || position) || ' ') STORED`);
  await knex.raw('CREATE INDEX people_search_trgm ON people USING gin (portal_id, search_text gin_trgm_ops) WITH (fastupdate = off)');
  await knex.raw('CREATE INDEX people_by_name ON people (portal_id, last_name, name, user_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS people_by_name');
  await knex.raw('DROP INDEX IF EXISTS people_search_trgm');
  await knex.raw('ALTER TABLE people DROP COLUMN IF EXISTS search_text');
  // The extensions stay: other objects may use them, and they cost nothing unused.
}
