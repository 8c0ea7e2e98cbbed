import type { Knex } from 'knex';

/**
 * One person's entries in a group's audit trail, by time: the person report's history finds who
 * added or removed them (the entry written with the membership change) without reading the
 * group's whole trail. membership_audit_group serves the card's newest-first pages.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX membership_audit_person ON membership_audit (portal_id, group_id, person_id, at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX membership_audit_person`);
}
