import type { Knex } from 'knex';

/**
 * A person whose plan was stopped may be launched again in the same launch (PRODUCT.md §5: "a later
 * restart begins afresh; results and history are kept"). The plan header is one row per
 * membership and launch, so the restart reuses it: stopped_at is cleared and the stop it ended is
 * kept here, oldest first, so the history still says when the person was stopped before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE personal_plans ADD COLUMN earlier_stops timestamptz[] NOT NULL DEFAULT '{}'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE personal_plans DROP COLUMN earlier_stops`);
}
