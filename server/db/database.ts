import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import pg from 'pg';
import ClientPgLite from 'knex-pglite';
import { PGlite, type Extension } from '@electric-sql/pglite';

// PGlite's extensions live at "exports" subpaths that TypeScript's node10 resolution cannot see;
// Node and esbuild resolve them. pg_trgm and btree_gin serve the people search index (migrations/).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gin } = require('@electric-sql/pglite/contrib/btree_gin') as { btree_gin: Extension };

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
  // knex-pglite takes a PGlite of our own, opened with the extensions the migrations create.
  const extensions = { pg_trgm, btree_gin };
  let pglite: PGlite;
  if (options.dataDir === 'memory') {
    pglite = new PGlite({ extensions });
  } else {
    const dir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    pglite = new PGlite(dir, { extensions });
  }
  return knexFactory({ client: PatientPgLiteClient as unknown as typeof knexFactory.Client, dialect: 'postgres', connection: { pglite } as never });
}

/** Time the WASM database may take to start, and a query to wait for the one connection. */
const EMBEDDED_START_MS = 300_000;

/**
 * knex-pglite with patient pool timeouts. Its one connection is the WASM database starting: on a
 * loaded machine that has taken over a minute, and knex gives up creating a connection after 30 s
 * (tarn's default), so `npm start` died in its migrations. knex-pglite refuses a `pool` option,
 * hence the override.
 */
class PatientPgLiteClient extends (ClientPgLite as unknown as new (config: unknown) => { getPoolSettings(pool: object): object }) {
  override getPoolSettings(pool: object): object {
    return super.getPoolSettings({ ...pool, createTimeoutMillis: EMBEDDED_START_MS, acquireTimeoutMillis: EMBEDDED_START_MS });
  }
}
