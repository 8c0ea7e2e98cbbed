import type { Knex } from 'knex';
import type { RulesDiff } from './grouping-rules';

/**
 * How many personal plans applying the rules would rebuild (PRODUCT.md §5, "Move"), for the dry
 * run: the people who would join a group whose training is live (they get a plan from the move
 * date) or leave one where they hold a running plan (it ends). A person moved between two training
 * groups counts once: it is one person's plan laid out again. One statement, whatever the diff.
 */
export async function runningPlansRebuiltBy(db: Knex, portalId: string, diff: RulesDiff): Promise<number> {
  const changes = [...diff.joins.map((j) => ({ p: j.personId, g: j.groupId, j: true })), ...diff.leaves.map((l) => ({ p: l.personId, g: l.groupId, j: false }))];
  if (changes.length === 0) return 0;
  const { rows } = await db.raw<{ rows: Array<{ people: string | number }> }>(
    `SELECT count(DISTINCT c.p) AS people
     FROM jsonb_to_recordset(CAST(? AS jsonb)) AS c(p integer, g bigint, j boolean)
     JOIN training_launches l ON l.portal_id = ? AND l.group_id = c.g AND l.state <> 'stopped'
     WHERE c.j OR EXISTS (
       SELECT 1 FROM personal_plans pp
       WHERE pp.portal_id = l.portal_id AND pp.launch_id = l.id AND pp.person_id = c.p AND pp.stopped_at IS NULL)`,
    [JSON.stringify(changes), portalId],
  );
  return Number(rows[0]?.people ?? 0);
}
