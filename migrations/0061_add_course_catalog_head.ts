import type { Knex } from 'knex';

/**
 * The catalog page's JSON text of a course's own facts, kept on the row: the statement then
 * joins texts per course instead of building JSON from eleven columns for every course of every
 * page (measured: a third of the statement's execution). It is the head of the positional array
 * the page sends (server/catalog/catalog-page-repository.ts, CourseTuple), without its closing
 * bracket: [id, title, description, hidden_from_extranet, language, topic_ids, levels,
 * units_count, lessons_count, estimated_minutes, author_id. A change to that list is a new
 * migration that replaces course_catalog_head() and recomputes the column.
 *
 * Set by a trigger before every insert and update of a course, so no write path can leave it behind.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE courses ADD COLUMN catalog_head text NOT NULL DEFAULT ''`);
  await knex.raw(`
    CREATE FUNCTION course_catalog_head(c courses) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT left(json_build_array(c.id, c.title, c.description, c.hidden_from_extranet, c.language, c.topic_ids, c.levels,
                                   c.units_count, c.lessons_count, c.estimated_minutes, c.author_id)::text, -1)
    $$`);
  await knex.raw(`
    CREATE FUNCTION course_catalog_head_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.catalog_head := course_catalog_head(NEW);
      RETURN NEW;
    END $$`);
  await knex.raw(`CREATE TRIGGER course_catalog_head BEFORE INSERT OR UPDATE ON courses FOR EACH ROW EXECUTE FUNCTION course_catalog_head_trigger()`);
  await knex.raw(`UPDATE courses c SET catalog_head = course_catalog_head(c)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TRIGGER course_catalog_head ON courses`);
  await knex.raw(`DROP FUNCTION course_catalog_head_trigger()`);
  await knex.raw(`DROP FUNCTION course_catalog_head(courses)`);
  await knex.raw(`ALTER TABLE courses DROP COLUMN catalog_head`);
}
