import { openDatabase } from '../../server/db/database';

// The embedded database's one connection is the WASM PostgreSQL starting, which on a loaded machine
// has taken over a minute: knex must wait for it rather than give up after tarn's default 30 s.
describe('embedded database pool', () => {
  it('waits minutes, not seconds, to create and to acquire its one connection', async () => {
    const db = openDatabase({ databaseUrl: null, dataDir: 'memory' });
    try {
      const pool = db.client.pool as { createTimeoutMillis: number; acquireTimeoutMillis: number; max: number };
      expect(pool.max).toBe(1);
      expect(pool.createTimeoutMillis).toBeGreaterThanOrEqual(120_000);
      expect(pool.acquireTimeoutMillis).toBeGreaterThanOrEqual(120_000);
      expect((await db.raw('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
