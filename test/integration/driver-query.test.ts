import { createTestDatabase, type TestDatabase } from '../support/database';
import { queryNamedRows, queryRows } from '../../server/db/driver-query';
import { literalOf } from '../../server/db/pglite-prepared';

/** Statements sent straight through the driver (db/driver-query.ts) behave as knex's would. */
describe('statements through the driver', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  }, 120_000);
  afterAll(async () => t.destroy());

  it('reads named bindings as knex does: each occurrence, casts after them, unknown names and escaped colons left alone', async () => {
    const sql = `SELECT CAST(:n AS int) + :n::int AS twice, :label::text AS label, ':other' AS untouched, '\\:n' AS escaped, CAST(:ids AS int[]) AS ids`;
    const bindings = { n: 21, label: 'x', ids: [1, 2] };
    const throughDriver = await queryNamedRows(t.db, sql, bindings);
    const throughKnex = (await t.db.raw(sql, bindings)).rows;
    expect(throughDriver).toEqual(throughKnex);
    expect(throughDriver).toEqual([{ twice: 42, label: 'x', untouched: ':other', escaped: ':n', ids: [1, 2] }]);
    // Compiled once per text and set of names: a second call with other values reuses it.
    expect(await queryNamedRows(t.db, sql, { ...bindings, n: 1 })).toEqual([expect.objectContaining({ twice: 2 })]);
  });

  it('runs on the transaction it is given (PGlite has one connection: the outer pool would wait forever)', async () => {
    await t.db.raw('CREATE TABLE driver_query_probe (id int)');
    await t.db.transaction(async (trx) => {
      await trx('driver_query_probe').insert({ id: 7 });
      expect(await queryRows(trx, 'SELECT id FROM driver_query_probe WHERE id = $1', [7])).toEqual([{ id: 7 }]);
    });
  });

  it("announces each statement on knex's 'query' event, so statement counts see it", async () => {
    const seen: string[] = [];
    const count = (query: { sql: string }) => seen.push(query.sql);
    t.db.on('query', count);
    try {
      await queryRows(t.db, 'SELECT $1::int AS one', [1], 'driver-query-test-one');
      await queryRows(t.db, 'SELECT $1::int AS one', [1], 'driver-query-test-one');
    } finally {
      t.db.removeListener('query', count);
    }
    expect(seen).toEqual(['SELECT $1::int AS one', 'SELECT $1::int AS one']);
  });

  it('gives a named statement the same rows as an unnamed one, whatever the values hold (PGlite: PREPARE and EXECUTE with literals)', async () => {
    const text = 'SELECT $1::text AS s, $2::int AS n, $3::boolean AS b, $4::int[] AS ids, $5::text[] AS words, $6::date AS day, $7::text AS nothing, $8::uuid AS id';
    const awkward = ["it's", 'back\\slash', 'quote " and \'\'', "'; DROP TABLE driver_query_probe; --", 'Кириллица', '{a,b}'];
    for (const s of awkward) {
      const values = [s, 42, false, [1, 2], [s, 'x', null], '2026-12-02', null, '6f0c2f0e-8a4b-4c8e-9a51-1b2c3d4e5f60'];
      const named = await queryRows(t.db, text, values, 'driver-query-test-literals');
      expect(named).toEqual(await queryRows(t.db, text, values));
      expect(named[0]).toMatchObject({ s, n: 42, b: false, ids: [1, 2], words: [s, 'x', null], nothing: null });
    }
    // On PGlite the same name with another text is prepared again (pg refuses such a name: a programming error there).
    if (t.kind === 'embedded') expect(await queryRows(t.db, 'SELECT $1::int + 1 AS n', [1], 'driver-query-test-literals')).toEqual([{ n: 2 }]);
  });

  it('writes literals that only ever read as one value', () => {
    expect(literalOf("it's")).toBe("'it''s'");
    expect(literalOf(null)).toBe('NULL');
    expect(literalOf([1, null, 'a"b'])).toBe(`'{1,NULL,"a\\"b"}'`);
    expect(() => literalOf({})).toThrow();
    expect(() => literalOf(Number.NaN)).toThrow();
  });
});
