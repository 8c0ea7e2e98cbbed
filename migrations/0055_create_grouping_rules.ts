import type { Knex } from 'knex';

/**
 * Grouping rules (PRODUCT.md §3, issue 10 part 3): an ordered list per portal, first match wins.
 * One condition per rule, its kind saying which columns it uses (CHECK):
 * - 'department': department_id, with or without its sub-departments (include_subdepartments);
 * - 'position': position_contains, matched case-insensitively inside the person's position;
 * - 'userType': user_type, 'employee' or 'extranet';
 * - 'emailDomain': email_domain, lower case without '@', matched against the part after '@'.
 * `position` orders the list; the constraint is deferred so that a reorder can swap positions in
 * one transaction. A rule goes with its group (ON DELETE CASCADE); a soft-deleted group's rules stay
 * and are skipped (server/training/grouping-rules-service.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE grouping_rules (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      id bigserial NOT NULL,
      position integer NOT NULL CHECK (position >= 1),
      condition_kind text NOT NULL CHECK (condition_kind IN ('department', 'position', 'userType', 'emailDomain')),
      department_id integer,
      include_subdepartments boolean NOT NULL DEFAULT true,
      position_contains text CHECK (length(btrim(position_contains)) BETWEEN 1 AND 255),
      user_type text CHECK (user_type IN ('employee', 'extranet')),
      email_domain text CHECK (email_domain ~ '^[a-z0-9.-]+\\.[a-z0-9-]+$' AND length(email_domain) <= 253),
      group_id bigint NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      created_by integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, id),
      FOREIGN KEY (portal_id, group_id) REFERENCES training_groups (portal_id, id) ON DELETE CASCADE,
      CONSTRAINT grouping_rules_order UNIQUE (portal_id, position) DEFERRABLE INITIALLY DEFERRED,
      CONSTRAINT grouping_rules_condition CHECK (
        (condition_kind = 'department') = (department_id IS NOT NULL)
        AND (condition_kind = 'position') = (position_contains IS NOT NULL)
        AND (condition_kind = 'userType') = (user_type IS NOT NULL)
        AND (condition_kind = 'emailDomain') = (email_domain IS NOT NULL)
      )
    )`);
  await knex.raw(`CREATE INDEX grouping_rules_group ON grouping_rules (portal_id, group_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('grouping_rules');
}
