import type { Knex } from 'knex';

/** What this module uses of knex's client: its pool, and its 'query' event (knex.on('query') counts statements). */
interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
  emit(event: 'query', query: { sql: string; bindings: unknown[]; method: 'raw' }): void;
}
type Answer<Row> = { rows: Row[] };
type PgConnection = { query<Row>(config: { name?: string; text: string; values: unknown[] }): Promise<Answer<Row>> };
type PgliteConnection = { waitReady: Promise<void>; query<Row>(text: string, values: unknown[]): Promise<Answer<Row>> };

/**
 * One statement straight through the driver (pg, or PGlite for the embedded database), on a
 * connection knex's pool lends (a transaction's own connection when `db` is a transaction),
 * announced on knex's 'query' event like any other so statement counts still see it.
 *
 * Why: knex's query runner and its binding rewriting cost as much Node time per call as the driver
 * itself (on PGlite more than a small query), and the hot read routes send a statement or two per
 * request. `text` uses $1, $2... placeholders. `name` makes it a named (prepared) statement on
 * PostgreSQL, planned once per connection: only for statements whose plan does not depend on the
 * values (PGlite ignores it). Values go to the driver as they are (no knex conversion).
 */
export async function queryRows<Row>(db: Knex, text: string, values: unknown[], name?: string): Promise<Row[]> {
  const client = db.client as unknown as PoolClient;
  const connection = await client.acquireConnection();
  try {
    client.emit('query', { sql: text, bindings: values, method: 'raw' });
    const answer =
      typeof connection === 'object' && connection !== null && 'waitReady' in connection
        ? await (connection as PgliteConnection).query<Row>(text, values)
        : await (connection as PgConnection).query<Row>(name ? { name, text, values } : { text, values });
    return answer.rows;
  } finally {
    await client.releaseConnection(connection);
  }
}
