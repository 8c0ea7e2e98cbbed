import type { Knex } from 'knex';

/**
 * Which training notices (launch, pause, resume, stop) each person was sent through Bitrix24
 * (im.notify.system.add), so a retried or rerun job never sends one twice. event_key names the
 * group and event (e.g. TG_LAUNCH_<groupId>_<launchId>); the row is written right after Bitrix24
 * accepted the notification. A crash between the two is covered by the notification's TAG, which
 * is the same on the retry: Bitrix24 replaces the older one instead of adding a second.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE training_notices (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      event_key text NOT NULL,
      person_id integer NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, event_key, person_id)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('training_notices');
}
