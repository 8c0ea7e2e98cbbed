import type { Knex } from 'knex';

/**
 * The portal's grouping-rules settings (issue 10 part 3): whether a new portal user (ONUSERADD) is
 * placed by the rules at once. Off by default: no row means off, so portals installed before this
 * change, and new ones, place nobody until an admin turns it on.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE grouping_settings (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      apply_on_user_add boolean NOT NULL DEFAULT false,
      updated_by integer,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('grouping_settings');
}
