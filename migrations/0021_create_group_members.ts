import type { Knex } from 'knex';

/**
 * Memberships, one row per period in a group: rows are never deleted. Leaving (or being removed,
 * or deactivated) closes the row (left_at, and the state saying why); joining again opens a new
 * row. The partial unique index allows one open row per person and group, so every writer
 * (manual add, accepted invitation, a sync retried after a crash) upserts on it and can never
 * double a membership. joined_at is when the app first saw the person as a member.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE group_members (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      group_id bigint NOT NULL,
      person_id integer NOT NULL,
      state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'stopped', 'left', 'removed', 'ended')),
      source text NOT NULL CHECK (source IN ('manual', 'workgroup', 'invitation', 'rule')),
      -- The person's role in the linked workgroup as last mirrored: A owner, E moderator, K member.
      workgroup_role text CHECK (workgroup_role IN ('A', 'E', 'K')),
      joined_at timestamptz NOT NULL DEFAULT now(),
      left_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, group_id) REFERENCES training_groups (portal_id, id) ON DELETE CASCADE,
      CONSTRAINT group_members_closed CHECK ((left_at IS NULL) = (state IN ('active', 'paused', 'stopped')))
    )`);
  await knex.raw(`CREATE UNIQUE INDEX group_members_open ON group_members (portal_id, group_id, person_id) WHERE left_at IS NULL`);
  // "My groups" and the closed-content check start from the person.
  await knex.raw(`CREATE INDEX group_members_person ON group_members (portal_id, person_id, group_id) WHERE left_at IS NULL`);
  await knex.raw(`CREATE INDEX group_members_history ON group_members (portal_id, group_id, person_id, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('group_members');
}
