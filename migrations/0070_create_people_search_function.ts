import type { Knex } from 'knex';

/**
 * people_search(portal, whole, start, inside, limit, include_inactive): the people picker's search
 * (server/people/people-repository.ts) as a PL/pgSQL function, served by the indexes of migration
 * 0014. `whole`, `start` and `inside` are LIKE patterns, one per word, for the three tiers of the
 * ranking: every word is a whole word of the person ('% w %'), every word starts one ('% w%'),
 * every word occurs ('%w%'); within a tier by last name, name and user id.
 *
 * Why a function rather than one statement of three UNION ALL branches (as before): PostgreSQL
 * planned all three branches for every search (the best plan depends on the words, so no generic
 * plan would do), which cost twice what running the search did, and parsed the long text every
 * time too. Here the statements are parsed once per connection and planned with the words' values
 * (plan_cache_mode = force_custom_plan), one tier at a time, and the next tier only runs when the
 * ones before did not fill the page: a common word ("ivan") is one small plan that walks
 * people_by_name until the page is full, a rare one takes the trigram index people_search_trgm in
 * each tier. The first word is the one the trigram index is asked about (the caller puts the
 * longest first); the others are checked on the rows it finds (`LIKE ALL` of the rest, which
 * the index cannot serve: GIN takes no arrays of patterns). The test people-search holds the
 * ranking and, on PostgreSQL, the plans of each tier (auto_explain).
 */
const TIER = (patterns: string, previous: string | null) => `
    RETURN QUERY SELECT p.user_id, p.name, p.last_name, p.email, p."position", p.department_ids, p.user_type, p.active, p.photo_url
      FROM people p
      WHERE p.portal_id = p_portal AND (p_include_inactive OR p.active)
        AND p.search_text LIKE ${patterns}[1] AND p.search_text LIKE ALL (${patterns}[2:])${
          previous ? `\n        AND NOT (p.search_text LIKE ${previous}[1] AND p.search_text LIKE ALL (${previous}[2:]))` : ''
        }
      ORDER BY p.last_name, p.name, p.user_id LIMIT v_left;
    GET DIAGNOSTICS v_got = ROW_COUNT;
    v_left := v_left - v_got;`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION people_search(p_portal uuid, p_whole text[], p_start text[], p_inside text[], p_limit integer, p_include_inactive boolean)
    RETURNS TABLE (user_id integer, name text, last_name text, email text, "position" text, department_ids integer[], user_type text, active boolean, photo_url text)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_custom_plan
    AS $fn$
    DECLARE
      v_left integer := p_limit;
      v_got integer;
    BEGIN
      IF coalesce(cardinality(p_whole), 0) = 0 THEN
        RETURN QUERY SELECT p.user_id, p.name, p.last_name, p.email, p."position", p.department_ids, p.user_type, p.active, p.photo_url
          FROM people p
          WHERE p.portal_id = p_portal AND (p_include_inactive OR p.active)
          ORDER BY p.last_name, p.name, p.user_id LIMIT v_left;
        RETURN;
      END IF;
      ${TIER('p_whole', null)}
      IF v_left <= 0 THEN RETURN; END IF;
      ${TIER('p_start', 'p_whole')}
      IF v_left <= 0 THEN RETURN; END IF;
      ${TIER('p_inside', 'p_start')}
    END
    $fn$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS people_search(uuid, text[], text[], text[], integer, boolean)');
}
