import type { Knex } from 'knex';

/**
 * A group's training runs (PRODUCT.md §5 "Launch"; issue 10 part 4): one row per launch.
 *
 * - starts_on: the calendar day training starts, in time_zone (the group's zone when launched, kept
 *   here so a later change of the settings' zone cannot move the start of a running launch);
 *   starts_at is that day's local midnight as an instant, what the plan module computes from.
 * - state: 'running', 'paused' (the whole group: an open row in training_pauses with no person) or
 *   'stopped' (the plans are dropped; results stay in lesson_progress / test_attempts).
 * - One live (not stopped) launch per group (partial unique index): launching twice, or two managers
 *   launching at once, cannot make two; a stopped launch stays as history and a new one may follow.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE training_launches (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      group_id bigint NOT NULL,
      starts_on date NOT NULL,
      starts_at timestamptz NOT NULL,
      time_zone text NOT NULL,
      state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'paused', 'stopped')),
      launched_by integer NOT NULL,
      launched_at timestamptz NOT NULL DEFAULT now(),
      stopped_by integer,
      stopped_at timestamptz,
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, group_id) REFERENCES training_groups (portal_id, id) ON DELETE CASCADE,
      CONSTRAINT training_launches_stopped CHECK ((state = 'stopped') = (stopped_at IS NOT NULL))
    )`);
  await knex.raw(`CREATE UNIQUE INDEX training_launches_live ON training_launches (portal_id, group_id) WHERE state <> 'stopped'`);
  await knex.raw(`CREATE INDEX training_launches_group ON training_launches (portal_id, group_id, id DESC)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('training_launches');
}
