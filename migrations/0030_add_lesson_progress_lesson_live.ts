import type { Knex } from 'knex';

/**
 * Progress rows of a deleted lesson stay (history), but no longer count towards a course's
 * lessons done. Marking them (lesson_live = false) when the lesson goes lets the catalog count a
 * viewer's progress per course from one partial index, without visiting the lessons table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE lesson_progress ADD COLUMN lesson_live boolean NOT NULL DEFAULT true`);
  await knex.raw(`CREATE INDEX lesson_progress_live_course ON lesson_progress (portal_id, person_id, course_id) WHERE lesson_live`);
  await knex.raw(`DROP INDEX lesson_progress_course`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX lesson_progress_course ON lesson_progress (portal_id, person_id, course_id)`);
  await knex.raw(`DROP INDEX lesson_progress_live_course`);
  await knex.raw(`ALTER TABLE lesson_progress DROP COLUMN lesson_live`);
}
