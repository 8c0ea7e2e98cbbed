import type { Knex } from 'knex';

export interface StatementCost {
  /** Execution time PostgreSQL reported (EXPLAIN ANALYZE), without planning. */
  ms: number;
  /** Shared buffers hit or read: the pages the statement touched, which is what grows with a table. */
  buffers: number;
  /** The scans of the plan, as "Index Scan on group_members_person" or "Seq Scan on group_content". */
  scans: string[];
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Shared Hit Blocks'?: number; 'Shared Read Blocks'?: number; Plans?: PlanNode[] };

/** A value as a literal the prepared statement's parameter type reads: arrays in PostgreSQL's text form ({1,2}, {"a"}). */
const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  const text = Array.isArray(value)
    ? `{${value.map((item) => (typeof item === 'number' ? String(item) : `"${String(item).replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`
    : String(value instanceof Date ? value.toISOString() : value);
  return `'${text.replace(/'/g, "''")}'`;
};

/**
 * EXPLAIN (ANALYZE, BUFFERS) of one statement as the app sends it ($1, $2... and their values),
 * prepared with its generic plan, the one a named statement settles on after its first runs.
 */
export async function explainStatement(db: Knex, sql: string, values: unknown[]): Promise<StatementCost> {
  return db.transaction(async (trx) => {
    await trx.raw('SET LOCAL plan_cache_mode = force_generic_plan');
    await trx.raw(`PREPARE bench_explained AS ${sql}`);
    const { rows } = await trx.raw(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE bench_explained(${values.map(literal).join(', ')})`);
    await trx.raw('DEALLOCATE bench_explained');
    const [explained] = rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode; 'Execution Time': number }>;
    const scans: string[] = [];
    const walk = (node: PlanNode) => {
      if (node['Node Type'].endsWith('Scan') && node['Relation Name']) scans.push(`${node['Node Type']} on ${node['Index Name'] ?? node['Relation Name']}`);
      node.Plans?.forEach(walk);
    };
    walk(explained!.Plan);
    return { ms: explained!['Execution Time'], buffers: (explained!.Plan['Shared Hit Blocks'] ?? 0) + (explained!.Plan['Shared Read Blocks'] ?? 0), scans: [...new Set(scans)] };
  });
}
