import type { Knex } from 'knex';

/**
 * read_versions: one value per portal that changes whenever anything a cached reply reads changes
 * (server/http/reply-cache.ts). A read route may serve a reply it built before only when the portal's
 * value is still the one it was built under; the caller check reads the value in the same statement.
 *
 * Every write to a table below marks its portals (a statement-level trigger over the rows written);
 * the mark becomes a new value at commit (a deferred constraint trigger on read_version_marks):
 * - the value and the data become visible together (same transaction), so a reader never sees new
 *   data under an old value or the reverse;
 * - the portal's row in read_versions is locked only while committing, never in the middle of a
 *   transaction, so no writer that then waits on another lock can deadlock on it;
 * - each new value is drawn from a sequence, so no value is ever given twice: not after a portal's
 *   row is deleted and made again, nor when two commits race (only equality is ever asked).
 *
 * The tables not tracked are the ledgers of work done that no reply reads: jobs, event_inbox,
 * rest_request_log, training_notices, training_reminders. A new table with a portal_id joins
 * READ_TRACKED_TABLES in its own migration (the test read-versions fails until it has).
 * Of portals, only the address a reply shows (domain, client_endpoint) counts: tokens and state
 * change often and the caller check reads the state afresh on every request anyway.
 */
export const READ_TRACKED_TABLES = [
  'departments',
  'moderators',
  'people',
  'topics',
  'courses',
  'units',
  'lessons',
  'tests',
  'questions',
  'question_options',
  'lesson_progress',
  'test_attempts',
  'training_groups',
  'group_members',
  'group_invitations',
  'group_content',
  'membership_audit',
  'group_training_settings',
  'training_launches',
  'training_pauses',
  'personal_plans',
  'personal_plan_units',
  'grouping_rules',
  'grouping_settings',
] as const;

/** The triggers that make `table`'s writes count (one per event: a trigger with transition tables has one). */
export async function trackReads(knex: Knex, table: string): Promise<void> {
  for (const [event, rows] of [
    ['INSERT', 'NEW'],
    ['UPDATE', 'NEW'],
    ['DELETE', 'OLD'],
  ] as const) {
    await knex.raw(
      `CREATE TRIGGER ${table}_read_${event.toLowerCase()} AFTER ${event} ON ${table} REFERENCING ${rows} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION mark_read_change()`,
    );
  }
  await knex.raw(`CREATE TRIGGER ${table}_read_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION mark_every_portal_read_change()`);
}

const UP = [
  'CREATE SEQUENCE read_version_values',
  'CREATE TABLE read_versions (portal_id uuid PRIMARY KEY, version bigint NOT NULL)',
  // One row per portal and writing transaction, gone at its commit (apply_read_change).
  `CREATE TABLE read_version_marks (portal_id uuid NOT NULL, txid bigint NOT NULL, PRIMARY KEY (portal_id, txid))`,
  `
    CREATE FUNCTION mark_read_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO read_version_marks (portal_id, txid)
      SELECT DISTINCT portal_id, txid_current() FROM changed
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $fn$`,
  `
    -- TRUNCATE names no rows: every portal counts as changed (the app never truncates; a tool might).
    CREATE FUNCTION mark_every_portal_read_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO read_version_marks (portal_id, txid)
      SELECT id, txid_current() FROM portals
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $fn$`,
  `
    CREATE FUNCTION mark_portal_address_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO read_version_marks (portal_id, txid) VALUES (NEW.id, txid_current())
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $fn$`,
  `
    CREATE FUNCTION apply_read_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      UPDATE read_versions SET version = nextval('read_version_values') WHERE portal_id = NEW.portal_id;
      IF NOT FOUND THEN
        INSERT INTO read_versions (portal_id, version) VALUES (NEW.portal_id, nextval('read_version_values'))
        ON CONFLICT (portal_id) DO UPDATE SET version = excluded.version;
      END IF;
      DELETE FROM read_version_marks WHERE portal_id = NEW.portal_id AND txid = NEW.txid;
      RETURN NULL;
    END $fn$`,
  `
    CREATE CONSTRAINT TRIGGER read_version_marks_apply AFTER INSERT ON read_version_marks
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION apply_read_change()`,
  `
    CREATE TRIGGER portals_read_address AFTER UPDATE OF domain, client_endpoint ON portals
      FOR EACH ROW WHEN (OLD.domain IS DISTINCT FROM NEW.domain OR OLD.client_endpoint IS DISTINCT FROM NEW.client_endpoint)
      EXECUTE FUNCTION mark_portal_address_change()`,
];

export async function up(knex: Knex): Promise<void> {
  for (const statement of UP) await knex.raw(statement);
  for (const table of READ_TRACKED_TABLES) await trackReads(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of READ_TRACKED_TABLES) {
    for (const event of ['insert', 'update', 'delete', 'truncate']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_read_${event} ON ${table}`);
  }
  for (const statement of [
    'DROP TRIGGER IF EXISTS portals_read_address ON portals',
    'DROP TABLE IF EXISTS read_version_marks',
    'DROP TABLE IF EXISTS read_versions',
    'DROP FUNCTION IF EXISTS apply_read_change()',
    'DROP FUNCTION IF EXISTS mark_portal_address_change()',
    'DROP FUNCTION IF EXISTS mark_every_portal_read_change()',
    'DROP FUNCTION IF EXISTS mark_read_change()',
    'DROP SEQUENCE IF EXISTS read_version_values',
  ]) {
    await knex.raw(statement);
  }
}
