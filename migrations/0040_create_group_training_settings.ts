import type { Knex } from 'knex';

/**
 * A training group's training settings (PRODUCT.md §3 card, §5 plans; issue 10 part 1), one row
 * per group, absent until first saved (the API then answers the defaults, version 0).
 *
 * - course_type: 'main' (intensity, threshold, program) or 'express' (chosen units, a duration).
 * - minutes_per_week NULL with no_waiting; a weekly main course needs it (CHECK).
 * - program: 'allTopicsUpTo' (program_level) or 'topics' (program_topics: [{topicId, upTo}]).
 * - intended_staff: {"en": "...", "ru": "..."}: the default groups carry both texts of seed 000,
 *   since the portal's language is not known at install.
 * - time_zone: the IANA zone whose calendar days the plan's dates are (Bitrix24 does not tell us
 *   the portal's; the manager sets it, UTC until then).
 * - default_key: 'low' / 'average' / 'high' for the groups created at install. Unique per portal
 *   and kept when the group is (soft-)deleted, so a deleted default group is never recreated.
 * - version: optimistic edits, as training_groups.version.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE group_training_settings (
      portal_id uuid NOT NULL REFERENCES portals(id) ON DELETE CASCADE,
      group_id bigint NOT NULL,
      course_type text NOT NULL DEFAULT 'main' CHECK (course_type IN ('main', 'express')),
      no_waiting boolean NOT NULL DEFAULT false,
      minutes_per_week integer CHECK (minutes_per_week BETWEEN 1 AND 10080),
      threshold_percent integer NOT NULL DEFAULT 80 CHECK (threshold_percent BETWEEN 0 AND 100),
      program_kind text NOT NULL DEFAULT 'allTopicsUpTo' CHECK (program_kind IN ('allTopicsUpTo', 'topics')),
      program_level text CHECK (program_level IN ('beginner', 'elementary', 'intermediate', 'advanced')),
      program_topics jsonb NOT NULL DEFAULT '[]',
      express_unit_ids jsonb NOT NULL DEFAULT '[]',
      express_duration_days integer CHECK (express_duration_days BETWEEN 1 AND 3650),
      intended_staff jsonb NOT NULL DEFAULT '{"en": "", "ru": ""}',
      late_joiners text NOT NULL DEFAULT 'ownPace' CHECK (late_joiners IN ('ownPace', 'catchUp')),
      time_zone text NOT NULL DEFAULT 'UTC',
      default_key text,
      version integer NOT NULL DEFAULT 1,
      updated_by integer,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (portal_id, group_id),
      FOREIGN KEY (portal_id, group_id) REFERENCES training_groups (portal_id, id) ON DELETE CASCADE,
      CONSTRAINT group_training_weekly CHECK (course_type = 'express' OR no_waiting OR minutes_per_week IS NOT NULL),
      CONSTRAINT group_training_program CHECK (program_kind = 'topics' OR program_level IS NOT NULL),
      CONSTRAINT group_training_express CHECK (course_type = 'main' OR express_duration_days IS NOT NULL)
    )`);
  await knex.raw(`CREATE UNIQUE INDEX group_training_default_key ON group_training_settings (portal_id, default_key) WHERE default_key IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('group_training_settings');
}
