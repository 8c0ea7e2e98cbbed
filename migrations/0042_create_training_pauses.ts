import type { Knex } from 'knex';

/**
 * Pauses of a launch (PRODUCT.md §5: "a pause shifts every later date by its length"), kept as
 * history because the plan module needs every pause to lay a plan out again (a late joiner's plan,
 * a rebuild after a move) and reports show them.
 *
 * - person_id NULL: the whole group was paused; otherwise one member.
 * - resumed_at NULL while the pause lasts; one open pause per launch and person (or group), by the
 *   partial unique index, so a double click cannot open two.
 * Stored plans hold the dates shifted by the CLOSED pauses only: an open pause shifts by "until
 * today", which changes every day, so readers freeze the plan at the pause's start instead.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE training_pauses (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      launch_id bigint NOT NULL,
      person_id integer,
      paused_at timestamptz NOT NULL,
      paused_by integer NOT NULL,
      resumed_at timestamptz,
      resumed_by integer,
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, launch_id) REFERENCES training_launches (portal_id, id) ON DELETE CASCADE,
      CONSTRAINT training_pauses_order CHECK (resumed_at IS NULL OR resumed_at >= paused_at)
    )`);
  await knex.raw(`CREATE UNIQUE INDEX training_pauses_open ON training_pauses (portal_id, launch_id, COALESCE(person_id, 0)) WHERE resumed_at IS NULL`);
  await knex.raw(`CREATE INDEX training_pauses_launch ON training_pauses (portal_id, launch_id, person_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('training_pauses');
}
