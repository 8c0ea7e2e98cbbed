import type { Knex } from 'knex';

/**
 * Invitations to a training group:
 * - kind 'app': an unlinked group's invitation, answered in "My groups"; announced by a Bitrix24
 *   notification whose tag (notification_tag, unique per group and person) replaces rather than
 *   doubles an earlier one; notified_at says it was sent.
 * - kind 'workgroup': pending in Bitrix24 (INVITED_MEMBERS of the linked workgroup), whether sent
 *   from the app (invited_by known) or in Bitrix24 itself (invited_by null); the sync closes it
 *   when the person joins ('accepted') or the invitation disappears ('withdrawn').
 * One pending invitation per person and group; answered ones stay as history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE group_invitations (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      group_id bigint NOT NULL,
      person_id integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('app', 'workgroup')),
      invited_by integer,
      invited_at timestamptz NOT NULL DEFAULT now(),
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'declined', 'cancelled', 'withdrawn')),
      answered_at timestamptz,
      notification_tag text,
      notified_at timestamptz,
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, group_id) REFERENCES training_groups (portal_id, id) ON DELETE CASCADE,
      CONSTRAINT group_invitations_answer CHECK ((state = 'pending') = (answered_at IS NULL))
    )`);
  await knex.raw(`CREATE UNIQUE INDEX group_invitations_pending ON group_invitations (portal_id, group_id, person_id) WHERE state = 'pending'`);
  await knex.raw(`CREATE INDEX group_invitations_person ON group_invitations (portal_id, person_id) WHERE state = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('group_invitations');
}
