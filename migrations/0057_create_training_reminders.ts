import type { Knex } from 'knex';

/**
 * The weekly reminders to people behind their plan (issue 10 part 7): one row per person and ISO
 * week they were reminded in, written in the same transaction as the job's checkpoint once
 * Bitrix24 accepted the notification, so a rerun or resumed job never reminds anyone twice in a
 * week. A crash between the send and the row is covered by the notification's TAG (person and
 * week), which is the same on the retry: Bitrix24 replaces the earlier one instead of adding one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE training_reminders (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      person_id integer NOT NULL,
      iso_week text NOT NULL,
      group_ids bigint[] NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, person_id, iso_week)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('training_reminders');
}
