import type { Knex } from 'knex';

/**
 * Courses and standalone tests attached to training groups: an item with at least one row here
 * is closed (PRODUCT.md §4). Exactly one of course_id / test_id is set, each a real foreign key.
 * The indexes by item serve the closed-content check the catalog runs per row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE group_content (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      group_id bigint NOT NULL,
      course_id bigint,
      test_id bigint,
      attached_by integer NOT NULL,
      attached_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, group_id) REFERENCES training_groups (portal_id, id) ON DELETE CASCADE,
      FOREIGN KEY (portal_id, course_id) REFERENCES courses (portal_id, id) ON DELETE CASCADE,
      FOREIGN KEY (portal_id, test_id) REFERENCES tests (portal_id, id) ON DELETE CASCADE,
      CONSTRAINT group_content_one_item CHECK ((course_id IS NULL) <> (test_id IS NULL))
    )`);
  await knex.raw(`CREATE UNIQUE INDEX group_content_course ON group_content (portal_id, course_id, group_id) WHERE course_id IS NOT NULL`);
  await knex.raw(`CREATE UNIQUE INDEX group_content_test ON group_content (portal_id, test_id, group_id) WHERE test_id IS NOT NULL`);
  await knex.raw(`CREATE INDEX group_content_group ON group_content (portal_id, group_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('group_content');
}
