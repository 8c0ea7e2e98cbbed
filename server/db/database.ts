import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import pg from 'pg';
import ClientPgLite from 'knex-pglite';

export type Db = Knex;
export type DbKind = 'postgresql' | 'embedded';

// int8 (count(*), bigserial) comes back as a string through `pg` and as a number
// through PGlite; one parser makes the two databases return the same shapes.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DatabaseOptions {
  /** A postgres:// URL, or null for the embedded database. */
  databaseUrl: string | null;
  /** Directory for the embedded database's files; ignored with a URL. 'memory' keeps it in memory. */
  dataDir: string;
}

export function databaseKind(options: DatabaseOptions): DbKind {
  return options.databaseUrl ? 'postgresql' : 'embedded';
}

/**
 * Opens the database. The embedded one is PGlite (PostgreSQL compiled to WASM) with the same
 * SQL and the same migrations, so nothing above this function knows which one it talks to.
 * PGlite has a single connection: code inside a transaction must use the transaction object.
 */
export function openDatabase(options: DatabaseOptions): Db {
  if (options.databaseUrl) {
    return knexFactory({
      client: 'pg',
      connection: options.databaseUrl,
      pool: { min: 0, max: 10 },
    });
  }
  // knex-pglite reads `filename`; an empty object means in memory.
  let connection = {} as { filename: string };
  if (options.dataDir !== 'memory') {
    const dir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    connection = { filename: dir };
  }
  return knexFactory({ client: ClientPgLite as unknown as typeof knexFactory.Client, dialect: 'postgres', connection });
}
