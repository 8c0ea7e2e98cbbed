import type { Knex } from 'knex';

/**
 * Training groups (PRODUCT.md §3). A group may be linked to a Bitrix24 workgroup: then its name,
 * description and members mirror the workgroup. `link_state` keeps what happened to the link:
 * 'linked', 'unlinked' (a manager unlinked it) or 'unlinked-by-bitrix24' (ONSONETGROUPDELETE; the
 * card says so), with when. Deleting a group only stamps deleted_at: memberships and the audit
 * trail keep pointing at a real row for reports. `version` guards concurrent edits.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE training_groups (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 255),
      description text NOT NULL DEFAULT '',
      access_starts_on date,
      access_ends_on date,
      created_by integer NOT NULL,
      workgroup_id integer,
      link_state text NOT NULL DEFAULT 'none' CHECK (link_state IN ('none', 'linked', 'unlinked', 'unlinked-by-bitrix24')),
      linked_at timestamptz,
      unlinked_at timestamptz,
      is_extranet boolean NOT NULL DEFAULT false,
      last_synced_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (portal_id, id),
      CONSTRAINT training_groups_window CHECK (access_starts_on IS NULL OR access_ends_on IS NULL OR access_starts_on <= access_ends_on),
      CONSTRAINT training_groups_link CHECK ((link_state = 'none') = (workgroup_id IS NULL))
    )`);
  // One live training group per workgroup: the sync, the events and the workgroup tab find it by id.
  await knex.raw(
    `CREATE UNIQUE INDEX training_groups_workgroup ON training_groups (portal_id, workgroup_id) WHERE link_state = 'linked' AND deleted_at IS NULL`,
  );
  await knex.raw(`CREATE INDEX training_groups_list ON training_groups (portal_id, created_at DESC, id DESC) WHERE deleted_at IS NULL`);
  await knex.raw(`CREATE INDEX training_groups_creator ON training_groups (portal_id, created_by) WHERE deleted_at IS NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('training_groups');
}
