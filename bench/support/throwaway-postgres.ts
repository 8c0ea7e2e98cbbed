import crypto from 'node:crypto';
import knexFactory from 'knex';

/** The PostgreSQL a bench creates its database in: DATABASE_URL, else the local server. */
export const postgresBase = (): string => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ThrowawayPostgres {
  /** The new database's URL. */
  url: string;
  /** Drops it (WITH FORCE: a bench's pool may still hold connections). */
  drop(): Promise<void>;
}

/**
 * A database of the bench's own on PostgreSQL at `base` (bench_<label>_<pid>_<random>), dropped by
 * `drop()`; null, with a line saying so, when that server cannot be reached.
 */
export async function throwawayPostgres(label: string, base = postgresBase()): Promise<ThrowawayPostgres | null> {
  const admin = knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 5000 });
  const name = `bench_${label}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.destroy();
    process.stdout.write(`PostgreSQL at ${new URL(base).host} is not reachable (${(error as Error).message}); set DATABASE_URL. Skipped.\n`);
    return null;
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
