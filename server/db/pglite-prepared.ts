/**
 * Prepared statements on the embedded database. PGlite answers every query with the unnamed
 * statement, so it plans each one again: for the catalog page or My groups, planning costs ten
 * times the run (measured 30 ms against 2 ms). PostgreSQL's SQL-level PREPARE/EXECUTE gives them
 * the plan cache that named statements give them on PostgreSQL.
 *
 * EXECUTE takes no bound parameters, so each value is written as a quoted literal in PostgreSQL's
 * text form, which the prepared statement's parameter type then reads (as PGlite's own serializers
 * do before they bind): the only quoting rule is a doubled ' (standard_conforming_strings, checked
 * once per database: off, nothing is prepared). Values are null, booleans, finite numbers, strings,
 * dates, and arrays of those; anything else is refused rather than guessed.
 */
export interface PgliteLike {
  query<Row>(text: string, values: unknown[]): Promise<{ rows: Row[] }>;
  exec(text: string): Promise<unknown>;
}

/** Per database: the text each prepared name holds, or null where literals could not be trusted. */
const preparedBy = new WeakMap<object, Map<string, string> | null>();

function textOf(value: unknown, inArray: boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return inArray ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : value;
  if (Array.isArray(value)) return `{${value.map((item) => (item === null || item === undefined ? 'NULL' : textOf(item, true))).join(',')}}`;
  throw new Error(`no literal for a value of type ${typeof value}`);
}

/** A value as a SQL literal of unknown type (the parameter's type reads it). Exported for its test. */
export function literalOf(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return `'${textOf(value, false).replace(/'/g, "''")}'`;
}

/** The rows of the statement `name` (`text`, with $n placeholders) on `pglite`, prepared on first use; null if this database cannot. */
export async function queryPreparedOnPglite<Row>(pglite: PgliteLike, name: string, text: string, values: unknown[]): Promise<Row[] | null> {
  let prepared = preparedBy.get(pglite);
  if (prepared === undefined) {
    const { rows } = await pglite.query<{ standard_conforming_strings: string }>('SHOW standard_conforming_strings', []);
    prepared = rows[0]?.standard_conforming_strings === 'on' ? new Map() : null;
    preparedBy.set(pglite, prepared);
  }
  if (prepared === null) return null;
  const sqlName = `prepared_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  if (prepared.get(sqlName) !== text) {
    if (prepared.has(sqlName)) await pglite.exec(`DEALLOCATE ${sqlName}`);
    await pglite.exec(`PREPARE ${sqlName} AS ${text}`);
    prepared.set(sqlName, text);
  }
  const args = values.length > 0 ? `(${values.map(literalOf).join(', ')})` : '';
  return (await pglite.query<Row>(`EXECUTE ${sqlName}${args}`, [])).rows;
}
