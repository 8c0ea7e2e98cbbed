import type { Knex } from 'knex';

/**
 * When a stopped person was launched again (PRODUCT.md §5: "results and history are kept"). 0075
 * kept every earlier stop, but a restart only overwrote plan_joined_at, so after two restarts the
 * first one's day was lost and the person report's history could not list it. Kept here, oldest
 * first, one per entry of earlier_stops. Plans restarted before this column existed have only their
 * last restart known (their plan_joined_at): that one is filled in.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE personal_plans ADD COLUMN restarts timestamptz[] NOT NULL DEFAULT '{}'`);
  await knex.raw(`UPDATE personal_plans SET restarts = ARRAY[plan_joined_at] WHERE cardinality(earlier_stops) > 0`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE personal_plans DROP COLUMN restarts`);
}
