import type { Knex } from 'knex';

/**
 * A person's membership periods in every group, closed ones included: the person report's history
 * finds the group someone moved from or to (the membership that ended or began elsewhere at the
 * moment theirs began or ended here). group_members_person covers open rows only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX group_members_person_periods ON group_members (portal_id, person_id, group_id, joined_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX group_members_person_periods`);
}
