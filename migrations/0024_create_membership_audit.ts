import type { Knex } from 'knex';

/**
 * Every membership change of a training group (PRODUCT.md §3, issue 9 "Audit trail"): who
 * (actor_id; null when the app's own sync saw it), whom, what happened, by which method, from which
 * source, when and with what result. Append-only; read newest first, paged by id.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE membership_audit (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      group_id bigint NOT NULL,
      person_id integer NOT NULL,
      actor_id integer,
      action text NOT NULL,
      method text NOT NULL,
      source text NOT NULL CHECK (source IN ('manual', 'workgroup', 'invitation', 'rule')),
      result text NOT NULL CHECK (result IN ('ok', 'refused')),
      detail text,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, group_id) REFERENCES training_groups (portal_id, id) ON DELETE CASCADE
    )`);
  await knex.raw(`CREATE INDEX membership_audit_group ON membership_audit (portal_id, group_id, id DESC)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('membership_audit');
}
