import type { Knex } from 'knex';

/**
 * When the install wizard's setup last succeeded on a portal. A portal that has been set up keeps
 * serving its users while an admin re-runs the wizard (state 'installing' again): a reinstall must
 * not lock everyone out until its setup has run (tenants/portal-serving.ts). Cleared when the app is
 * installed again after an uninstall.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('portals', (t) => {
    t.timestamp('set_up_at', { useTz: true });
  });
  // Portals that are working today were set up at some point; when exactly is not known.
  await knex('portals').whereIn('state', ['active', 'needs_reinstall', 'payment_required']).update({ set_up_at: knex.ref('updated_at') });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('portals', (t) => {
    t.dropColumn('set_up_at');
  });
}
