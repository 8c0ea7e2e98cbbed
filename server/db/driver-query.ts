import type { Knex } from 'knex';
import { queryPreparedOnPglite, type PgliteLike } from './pglite-prepared';

/** What this module uses of knex's client: its pool, and its 'query' event (knex.on('query') counts statements). */
interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
  emit(event: 'query', query: { sql: string; bindings: unknown[]; method: 'raw' }): void;
}
type Answer<Row> = { rows: Row[] };
type PgConnection = { query<Row>(config: { name?: string; text: string; values: unknown[] }): Promise<Answer<Row>> };
type PgliteConnection = PgliteLike & { waitReady: Promise<void> };

/**
 * One statement straight through the driver (pg, or PGlite for the embedded database), on a
 * connection knex's pool lends (a transaction's own connection when `db` is a transaction),
 * announced on knex's 'query' event like any other so statement counts still see it.
 *
 * Why: knex's query runner and its binding rewriting cost as much Node time per call as the driver
 * itself (on PGlite more than a small query), and the hot read routes send a statement or two per
 * request. `text` uses $1, $2... placeholders. `name` makes it a named (prepared) statement on
 * PostgreSQL, planned once per connection: only for statements whose plan does not depend on the
 * values; on PGlite, which plans every query it is given, a PREPARE'd one (pglite-prepared.ts).
 * Values go to the driver as they are (no knex conversion).
 */
export async function queryRows<Row>(db: Knex, text: string, values: unknown[], name?: string): Promise<Row[]> {
  const client = db.client as unknown as PoolClient;
  const connection = await client.acquireConnection();
  try {
    client.emit('query', { sql: text, bindings: values, method: 'raw' });
    if (typeof connection === 'object' && connection !== null && 'waitReady' in connection) {
      const pglite = connection as PgliteConnection;
      const rows = name ? await queryPreparedOnPglite<Row>(pglite, name, text, values) : null;
      return rows ?? (await pglite.query<Row>(text, values)).rows;
    }
    return (await (connection as PgConnection).query<Row>(name ? { name, text, values } : { text, values })).rows;
  } finally {
    await client.releaseConnection(connection);
  }
}

/** knex's named-binding syntax (`:name`, `\:` an escaped colon), as knex's raw formatter reads it. */
const NAMED_BINDING = /\\?(:(\w+):(?=::)|:(\w+):(?!:)|:(\w+))/g;
const compiledNamed = new Map<string, { text: string; names: string[] }>();

/** One statement ($n placeholders; named: prepared once per connection), as `queryRows` runs it on a db. */
export type RunStatement = <Row>(text: string, values: unknown[], name?: string) => Promise<Row[]>;

/** `queryRows` on `db`, as a RunStatement (what repositories run when no request hands them another). */
export const runnerOf =
  (db: Knex): RunStatement =>
  (text, values, name) =>
    queryRows(db, text, values, name);

/**
 * SQL written with knex's named bindings (`:portal`) as the $n text and values knex would have sent,
 * one placeholder per occurrence; compiled once per text and set of names. A `:word` with no binding
 * of that name stays as it is (`NULL::json`), as in knex; identifier bindings (`:name:`) are not supported.
 */
function compileNamed(sql: string, bindings: Record<string, unknown>): { text: string; values: unknown[] } {
  const key = `${Object.keys(bindings).join(',')}\u0000${sql}`;
  let compiled = compiledNamed.get(key);
  if (!compiled) {
    const names: string[] = [];
    const text = sql.replace(NAMED_BINDING, (match: string, whole: string, identifierBeforeCast?: string, identifier?: string, plain?: string) => {
      if (match !== whole) return whole; // an escaped colon
      const part = identifierBeforeCast ?? identifier ?? plain ?? '';
      if (!Object.prototype.hasOwnProperty.call(bindings, part)) return match;
      if (match.endsWith(':')) throw new Error(`identifier binding :${part}: is not supported here`);
      names.push(part);
      return `$${names.length}`;
    });
    compiled = { text, names };
    compiledNamed.set(key, compiled);
  }
  return { text: compiled.text, values: compiled.names.map((part) => bindings[part]) };
}

/** `queryRows` for SQL written with knex's named bindings (see compileNamed), run by `run` (default: on `db`). */
export async function queryNamedRows<Row>(db: Knex, sql: string, bindings: Record<string, unknown>, name?: string, run: RunStatement = runnerOf(db)): Promise<Row[]> {
  const { text, values } = compileNamed(sql, bindings);
  return run<Row>(text, values, name);
}
