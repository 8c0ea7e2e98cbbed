import type { Knex } from 'knex';
import { INTENDED_STAFF, nameLanguageOf } from '../server/training/default-groups';

/**
 * The default groups (issue 10 part 2) for the portals installed before the wizard made them:
 * Low, Average and High Risk, each 20 minutes a week and 80 %, all topics up to Beginner,
 * Elementary and Intermediate, with the intended-staff texts of seed 000.
 *
 * A migration rather than a job queued at start: knex runs it exactly once per database, before
 * the server answers anyone, in one transaction, and then never again, whereas a start-up job
 * would have to scan every portal at every start forever to find the few that need it. It writes
 * its own frozen copy of the rows (the manifest may change later; what existed at this point
 * must not), takes only the texts and the naming rule from the server, and skips any key a
 * portal already has (a default group deleted since keeps its key), so a database where the
 * wizard already made them gains nothing. Uninstalled portals get them too: their data is kept,
 * and a reinstall must not make them then with a different creator.
 */
const GROUPS = [
  { key: 'low', name: { en: 'Low Risk', ru: 'Низкий риск' }, level: 'beginner' },
  { key: 'average', name: { en: 'Average Risk', ru: 'Средний риск' }, level: 'elementary' },
  { key: 'high', name: { en: 'High Risk', ru: 'Высокий риск' }, level: 'intermediate' },
] as const;

export async function up(knex: Knex): Promise<void> {
  const portals = (await knex('portals').select('id', 'domain', 'token_user_id').orderBy('created_at')) as Array<{ id: string; domain: string; token_user_id: number | null }>;
  for (const portal of portals) {
    const had = new Set(
      (await knex('group_training_settings').where({ portal_id: portal.id }).whereNotNull('default_key').select('default_key')).map((row: { default_key: string }) => row.default_key),
    );
    const language = nameLanguageOf(portal.domain);
    for (const group of GROUPS.filter((g) => !had.has(g.key))) {
      const [row] = await knex('training_groups')
        .insert({ portal_id: portal.id, name: group.name[language], description: '', created_by: portal.token_user_id ?? 0 })
        .returning('id');
      await knex('group_training_settings').insert({
        portal_id: portal.id,
        group_id: Number((row as { id: string | number }).id),
        course_type: 'main',
        no_waiting: false,
        minutes_per_week: 20,
        threshold_percent: 80,
        program_kind: 'allTopicsUpTo',
        program_level: group.level,
        intended_staff: JSON.stringify(INTENDED_STAFF[group.key]),
        late_joiners: 'ownPace',
        time_zone: 'UTC',
        default_key: group.key,
      });
    }
  }
}

/** Nothing to undo by rule: the groups are the portals' own data now (edited, filled, perhaps launched). */
export async function down(): Promise<void> {}
