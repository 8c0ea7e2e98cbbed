import type { Knex } from 'knex';

/**
 * Who stopped a person's plan alone and who launched it again, for the person report's history
 * (launches and pauses already keep theirs: training_launches.stopped_by, training_pauses.*_by).
 * stopped_by goes with stopped_at; earlier_stops_by and restarts_by run parallel to earlier_stops
 * (0075) and restarts (0085), one entry per moment, and a restart moves stopped_by into
 * earlier_stops_by as it moves stopped_at into earlier_stops.
 *
 * NULL where nobody chose these people: a plan ended by the whole group's stop (that stop's actor
 * is the launch's stopped_by) or by a move out of the group (the membership's end says who), and
 * every stop and restart made before this migration: their arrays are filled with NULLs to their
 * moments' length, so the entries stay paired.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE personal_plans
      ADD COLUMN stopped_by integer,
      ADD COLUMN earlier_stops_by integer[] NOT NULL DEFAULT '{}',
      ADD COLUMN restarts_by integer[] NOT NULL DEFAULT '{}'`);
  await knex.raw(`
    UPDATE personal_plans
    SET earlier_stops_by = array_fill(NULL::integer, ARRAY[cardinality(earlier_stops)]),
        restarts_by = array_fill(NULL::integer, ARRAY[cardinality(restarts)])
    WHERE cardinality(earlier_stops) > 0 OR cardinality(restarts) > 0`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE personal_plans DROP COLUMN stopped_by, DROP COLUMN earlier_stops_by, DROP COLUMN restarts_by`);
}
