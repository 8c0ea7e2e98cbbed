import type { Knex } from 'knex';
import type { RulesDiff } from './grouping-rules';

/**
 * How many running personal plans applying the rules would rebuild: a person who joins or leaves
 * a group whose training is launched gets their plan rebuilt (PRODUCT.md §5, "Move").
 *
 * NOT WIRED YET: plan storage (launch and personal plans, issue 10 parts 4-5) is built on another
 * branch. Until it lands there is no launched training and so no running plan: this answers 0.
 * To wire it, count the distinct (person, group) pairs of `diff` (joins and leaves) whose group has
 * a running launch and whose person has a running personal plan there, in one query.
 */
export async function runningPlansRebuiltBy(_db: Knex, _portalId: string, _diff: RulesDiff): Promise<number> {
  return 0;
}
