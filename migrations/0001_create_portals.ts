import type { Knex } from 'knex';

/** The tenant table: one row per Bitrix24 portal (member_id) that installed the app. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('portals', (t) => {
    // The portal's own key is the tenant key every other table starts with.
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('member_id').notNullable().unique();
    t.text('domain').notNullable();
    t.text('client_endpoint').notNullable();
    t.text('server_endpoint').notNullable();
    t.text('application_token');
    t.text('access_token');
    t.text('refresh_token');
    t.timestamp('token_expires_at', { useTz: true });
    t.integer('token_user_id');
    t.text('scope').notNullable().defaultTo('');
    t.text('state').notNullable().defaultTo('installing');
    t.text('status').notNullable().defaultTo('');
    t.jsonb('settings').notNullable().defaultTo('{}');
    t.timestamp('installed_at', { useTz: true });
    t.timestamp('uninstalled_at', { useTz: true });
    t.timestamps(true, true);
  });
  await knex.raw(
    `ALTER TABLE portals ADD CONSTRAINT portals_state_check
     CHECK (state IN ('installing', 'active', 'needs_reinstall', 'payment_required', 'uninstalled'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('portals');
}
