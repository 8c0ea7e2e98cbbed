import type { Knex } from 'knex';

/**
 * Each course and test carries the ids of the live training groups holding it (group_content joined
 * to training_groups not deleted), ascending: '{}' = open content. The catalog page reads it from
 * the row it lists instead of probing group_content and training_groups for every course it
 * considers (server/groups/closed-content-sql.ts, catalogHolding*).
 *
 * Kept by triggers, so that every write path keeps it right without knowing about it: attach and
 * detach (group_content rows), deleting or restoring a group (training_groups.deleted_at), a
 * group, course or test removed with its rows (cascades), imports, the demo pack, fixtures and
 * benches that insert group_content directly. The row is only written when the list changes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE courses ADD COLUMN holding_group_ids bigint[] NOT NULL DEFAULT '{}'`);
  await knex.raw(`ALTER TABLE tests ADD COLUMN holding_group_ids bigint[] NOT NULL DEFAULT '{}'`);
  await knex.raw(`
    CREATE FUNCTION refresh_holding_group_ids(p_portal uuid, p_course bigint, p_test bigint) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      ids bigint[];
    BEGIN
      IF p_course IS NOT NULL THEN
        ids := ARRAY(SELECT gc.group_id FROM group_content gc
                       JOIN training_groups g ON g.portal_id = gc.portal_id AND g.id = gc.group_id AND g.deleted_at IS NULL
                     WHERE gc.portal_id = p_portal AND gc.course_id = p_course ORDER BY gc.group_id);
        UPDATE courses SET holding_group_ids = ids WHERE portal_id = p_portal AND id = p_course AND holding_group_ids IS DISTINCT FROM ids;
      END IF;
      IF p_test IS NOT NULL THEN
        ids := ARRAY(SELECT gc.group_id FROM group_content gc
                       JOIN training_groups g ON g.portal_id = gc.portal_id AND g.id = gc.group_id AND g.deleted_at IS NULL
                     WHERE gc.portal_id = p_portal AND gc.test_id = p_test ORDER BY gc.group_id);
        UPDATE tests SET holding_group_ids = ids WHERE portal_id = p_portal AND id = p_test AND holding_group_ids IS DISTINCT FROM ids;
      END IF;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION group_content_holding_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN PERFORM refresh_holding_group_ids(OLD.portal_id, OLD.course_id, OLD.test_id); END IF;
      IF TG_OP <> 'DELETE' THEN PERFORM refresh_holding_group_ids(NEW.portal_id, NEW.course_id, NEW.test_id); END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER group_content_holding AFTER INSERT OR UPDATE OR DELETE ON group_content
    FOR EACH ROW EXECUTE FUNCTION group_content_holding_trigger()`);
  // A group deleted (or restored) changes what it holds; its content rows may stay or go after.
  await knex.raw(`
    CREATE FUNCTION training_group_holding_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_holding_group_ids(gc.portal_id, gc.course_id, gc.test_id)
      FROM group_content gc WHERE gc.portal_id = NEW.portal_id AND gc.group_id = NEW.id;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER training_group_holding AFTER UPDATE OF deleted_at ON training_groups
    FOR EACH ROW WHEN (OLD.deleted_at IS DISTINCT FROM NEW.deleted_at) EXECUTE FUNCTION training_group_holding_trigger()`);
  await knex.raw(`
    UPDATE courses c SET holding_group_ids = ARRAY(
      SELECT gc.group_id FROM group_content gc
        JOIN training_groups g ON g.portal_id = gc.portal_id AND g.id = gc.group_id AND g.deleted_at IS NULL
      WHERE gc.portal_id = c.portal_id AND gc.course_id = c.id ORDER BY gc.group_id)
    WHERE EXISTS (SELECT 1 FROM group_content gc WHERE gc.portal_id = c.portal_id AND gc.course_id = c.id)`);
  await knex.raw(`
    UPDATE tests t SET holding_group_ids = ARRAY(
      SELECT gc.group_id FROM group_content gc
        JOIN training_groups g ON g.portal_id = gc.portal_id AND g.id = gc.group_id AND g.deleted_at IS NULL
      WHERE gc.portal_id = t.portal_id AND gc.test_id = t.id ORDER BY gc.group_id)
    WHERE EXISTS (SELECT 1 FROM group_content gc WHERE gc.portal_id = t.portal_id AND gc.test_id = t.id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TRIGGER training_group_holding ON training_groups`);
  await knex.raw(`DROP TRIGGER group_content_holding ON group_content`);
  await knex.raw(`DROP FUNCTION training_group_holding_trigger()`);
  await knex.raw(`DROP FUNCTION group_content_holding_trigger()`);
  await knex.raw(`DROP FUNCTION refresh_holding_group_ids(uuid, bigint, bigint)`);
  await knex.raw(`ALTER TABLE tests DROP COLUMN holding_group_ids`);
  await knex.raw(`ALTER TABLE courses DROP COLUMN holding_group_ids`);
}
