import type { Knex } from 'knex';
import * as m0001 from './0001_create_portals';
import * as m0002 from './0002_create_platform_tables';
import * as m0003 from './0003_create_topics';
import * as m0004 from './0004_create_courses';
import * as m0005 from './0005_create_units';
import * as m0006 from './0006_create_lessons';
import * as m0007 from './0007_create_tests';
import * as m0008 from './0008_create_questions';
import * as m0009 from './0009_create_question_options';
import * as m0010 from './0010_create_lesson_progress';
import * as m0011 from './0011_create_test_attempts';
import * as m0012 from './0012_add_portals_set_up_at';
import * as m0013 from './0013_add_moderators_department_only';
import * as m0014 from './0014_index_people_search';
import * as m0015 from './0015_create_session_caller_function';
import * as m0020 from './0020_create_training_groups';
import * as m0021 from './0021_create_group_members';
import * as m0022 from './0022_create_group_invitations';
import * as m0023 from './0023_create_group_content';
import * as m0024 from './0024_create_membership_audit';
import * as m0030 from './0030_add_lesson_progress_lesson_live';
import * as m0040 from './0040_create_group_training_settings';
import * as m0041 from './0041_create_training_launches';
import * as m0042 from './0042_create_training_pauses';
import * as m0043 from './0043_create_personal_plans';
import * as m0044 from './0044_create_training_notices';
import * as m0050 from './0050_create_default_groups_of_earlier_portals';
import * as m0055 from './0055_create_grouping_rules';
import * as m0056 from './0056_create_grouping_settings';
import * as m0057 from './0057_create_training_reminders';
import * as m0060 from './0060_add_holding_group_ids';
import * as m0061 from './0061_add_course_catalog_head';
import * as m0070 from './0070_create_people_search_function';
import * as m0075 from './0075_add_personal_plans_earlier_stops';
import * as m0080 from './0080_create_read_versions';
import * as m0085 from './0085_add_personal_plans_restarts';
import * as m0086 from './0086_index_group_members_person_periods';
import * as m0087 from './0087_index_membership_audit_person';
import * as m0088 from './0088_add_personal_plans_stop_and_restart_actors';

/**
 * The ordered list of migrations. Listed in code rather than read from a folder so that the
 * bundled server, the tests and `npm run migrate` all run exactly the same set.
 */
export const migrations: Array<{ name: string; up: (knex: Knex) => Promise<void>; down: (knex: Knex) => Promise<void> }> = [
  { name: '0001_create_portals', ...m0001 },
  { name: '0002_create_platform_tables', ...m0002 },
  { name: '0003_create_topics', ...m0003 },
  { name: '0004_create_courses', ...m0004 },
  { name: '0005_create_units', ...m0005 },
  { name: '0006_create_lessons', ...m0006 },
  { name: '0007_create_tests', ...m0007 },
  { name: '0008_create_questions', ...m0008 },
  { name: '0009_create_question_options', ...m0009 },
  { name: '0010_create_lesson_progress', ...m0010 },
  { name: '0011_create_test_attempts', ...m0011 },
  { name: '0012_add_portals_set_up_at', ...m0012 },
  { name: '0013_add_moderators_department_only', ...m0013 },
  { name: '0014_index_people_search', ...m0014 },
  { name: '0015_create_session_caller_function', ...m0015 },
  { name: '0020_create_training_groups', ...m0020 },
  { name: '0021_create_group_members', ...m0021 },
  { name: '0022_create_group_invitations', ...m0022 },
  { name: '0023_create_group_content', ...m0023 },
  { name: '0024_create_membership_audit', ...m0024 },
  { name: '0030_add_lesson_progress_lesson_live', ...m0030 },
  { name: '0040_create_group_training_settings', ...m0040 },
  { name: '0041_create_training_launches', ...m0041 },
  { name: '0042_create_training_pauses', ...m0042 },
  { name: '0043_create_personal_plans', ...m0043 },
  { name: '0044_create_training_notices', ...m0044 },
  { name: '0050_create_default_groups_of_earlier_portals', ...m0050 },
  { name: '0055_create_grouping_rules', ...m0055 },
  { name: '0056_create_grouping_settings', ...m0056 },
  { name: '0057_create_training_reminders', ...m0057 },
  { name: '0060_add_holding_group_ids', ...m0060 },
  { name: '0061_add_course_catalog_head', ...m0061 },
  { name: '0070_create_people_search_function', ...m0070 },
  { name: '0075_add_personal_plans_earlier_stops', ...m0075 },
  { name: '0080_create_read_versions', ...m0080 },
  { name: '0085_add_personal_plans_restarts', ...m0085 },
  { name: '0086_index_group_members_person_periods', ...m0086 },
  { name: '0087_index_membership_audit_person', ...m0087 },
  { name: '0088_add_personal_plans_stop_and_restart_actors', ...m0088 },
];
