import type { Knex } from 'knex';

/**
 * A department can be named a moderator without its sub-departments ("D5" in Bitrix24's access
 * picker, next to "DR5" with them). It gets a subject type of its own rather than a flag on
 * 'department', so that any code that only knows 'department' (with sub-departments) matches
 * nothing for it instead of granting its whole subtree. Existing rows keep their meaning.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE moderators DROP CONSTRAINT moderators_subject_type_check');
  await knex.raw(`ALTER TABLE moderators ADD CONSTRAINT moderators_subject_type_check CHECK (subject_type IN ('user', 'department', 'department_only'))`);
}

export async function down(knex: Knex): Promise<void> {
  // Widening them to their subtrees would grant rights nobody gave: they go.
  await knex('moderators').where({ subject_type: 'department_only' }).delete();
  await knex.raw('ALTER TABLE moderators DROP CONSTRAINT moderators_subject_type_check');
  await knex.raw(`ALTER TABLE moderators ADD CONSTRAINT moderators_subject_type_check CHECK (subject_type IN ('user', 'department'))`);
}
