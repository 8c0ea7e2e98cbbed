import type { Knex } from 'knex';

/**
 * Stored personal plans (PRODUCT.md §5; issue 10 part 5): a header per member and launch, and a
 * row per unit of the plan with its open and due dates.
 *
 * Why one row per member and unit (rather than the unit dates in a jsonb array on the member's
 * row): the questions asked of plans are set questions - "minutes due by today" (reports, who is
 * behind), "what is due this week" (My groups), "who has unit U open" (reminders) - and each is a
 * plain range or SUM over indexed columns, joined to lessons and test attempts by unit_id, with
 * no unpacking of arrays. The writes stay set-based all the same: the plans are computed in
 * TypeScript by the pure plan module, then written with one INSERT ... SELECT FROM
 * jsonb_to_recordset per batch of a few thousand rows, whatever the number of members.
 *
 * - member_id: the membership period (group_members.id): a person who leaves and rejoins, or moves,
 *   has a new membership and a new plan; the old one stays for the history.
 * - plan_joined_at: the instant the plan starts from before max(group start, ...): the membership's
 *   joined_at, i.e. the join or the move date. credited_unit_ids: units already passed when the
 *   plan was first built (a move or a late join), left out of the plan.
 * - stopped_at: stop drops the plan - its unit rows are deleted; the header stays as history, and
 *   results stay where they are kept (lesson_progress, test_attempts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE personal_plans (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      launch_id bigint NOT NULL,
      member_id bigint NOT NULL,
      group_id bigint NOT NULL,
      person_id integer NOT NULL,
      plan_joined_at timestamptz NOT NULL,
      credited_unit_ids bigint[] NOT NULL DEFAULT '{}',
      minutes_per_week integer,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz,
      stopped_at timestamptz,
      built_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, launch_id, member_id),
      FOREIGN KEY (portal_id, launch_id) REFERENCES training_launches (portal_id, id) ON DELETE CASCADE,
      FOREIGN KEY (portal_id, member_id) REFERENCES group_members (portal_id, id) ON DELETE CASCADE
    )`);
  await knex.raw(`CREATE INDEX personal_plans_person ON personal_plans (portal_id, person_id, group_id)`);
  await knex.raw(`
    CREATE TABLE personal_plan_units (
      portal_id uuid NOT NULL,
      launch_id bigint NOT NULL,
      member_id bigint NOT NULL,
      unit_id bigint NOT NULL,
      position integer NOT NULL,
      minutes integer NOT NULL CHECK (minutes >= 0),
      opens_at timestamptz,
      due_at timestamptz,
      PRIMARY KEY (portal_id, launch_id, member_id, unit_id),
      FOREIGN KEY (portal_id, launch_id, member_id) REFERENCES personal_plans (portal_id, launch_id, member_id) ON DELETE CASCADE
    )`);
  await knex.raw(`CREATE INDEX personal_plan_units_due ON personal_plan_units (portal_id, launch_id, due_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('personal_plan_units');
  await knex.schema.dropTable('personal_plans');
}
