import type { Knex } from 'knex';

/**
 * Lessons a person finished (read to the end). One row per person and lesson, so marking it
 * twice changes nothing. course_id is copied in so a course's progress is one index range.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE lesson_progress (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      person_id integer NOT NULL,
      lesson_id bigint NOT NULL,
      course_id bigint NOT NULL,
      completed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, person_id, lesson_id),
      FOREIGN KEY (portal_id, lesson_id) REFERENCES lessons (portal_id, id) ON DELETE CASCADE,
      FOREIGN KEY (portal_id, course_id) REFERENCES courses (portal_id, id) ON DELETE CASCADE
    )`);
  await knex.raw(`CREATE INDEX lesson_progress_course ON lesson_progress (portal_id, person_id, course_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lesson_progress');
}
