import { createTestDatabase, type TestDatabase } from '../../support/database';
import { seedPortal } from '../../support/seed-portal';
import { peopleSearchPatterns, searchPeople, upsertPeople } from '../../../server/people/people-repository';
import type { PersonRecord } from '../../../server/people/person-fields';

type PgConnection = {
  query(text: string, values?: unknown[]): Promise<unknown>;
  on(event: 'notice', listener: (notice: { message?: string }) => void): unknown;
  removeListener(event: 'notice', listener: (notice: { message?: string }) => void): unknown;
};

const person = (userId: number, name: string, lastName: string, fields: Partial<PersonRecord> = {}): PersonRecord => ({
  userId,
  name,
  lastName,
  email: null,
  position: '',
  departmentIds: [],
  userType: 'employee',
  active: true,
  photoUrl: null,
  ...fields,
});

describe('people search', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('puts whole-word matches first, then word starts, then matches inside a word', async () => {
    const portal = await seedPortal(t.db);
    await upsertPeople(t.db, portal.id, [
      person(1, 'Ivan', 'Zorin'),
      person(2, 'Ivan', 'Adams'),
      person(3, 'Mary', 'Ivanova'),
      // Sorts first by last name, but "ivan" is only inside a word here.
      person(4, 'Petr', 'Abivanov'),
      person(5, 'Anna', 'Smith', { position: 'Ivanhoe scholar' }),
      person(6, 'Olga', 'Nobody'),
    ]);
    const ids = async (search: string) => (await searchPeople(t.db, portal.id, { search })).map((p) => p.userId);
    expect(await ids('ivan')).toEqual([2, 1, 3, 5, 4]);
    expect(await ids('IVAN zor')).toEqual([1]);
    expect(await ids('')).toEqual([4, 2, 3, 6, 5, 1]);
  });

  it('matches Cyrillic names in any case, and e-mail and position text', async () => {
    const portal = await seedPortal(t.db);
    await upsertPeople(t.db, portal.id, [
      person(1, 'Иван', 'Петров', { email: 'ivan.petrov@acme.example' }),
      person(2, 'Мария', 'Иванова', { position: 'Бухгалтер' }),
    ]);
    const ids = async (search: string) => (await searchPeople(t.db, portal.id, { search })).map((p) => p.userId);
    expect(await ids('ИВАН')).toEqual([1, 2]);
    expect(await ids('бухгал')).toEqual([2]);
    expect(await ids('acme.ex')).toEqual([1]);
  });

  it('is served by the trigram index on a directory of 10,000 people (EXPLAIN)', async () => {
    if (t.kind !== 'postgresql') return; // the plan is PostgreSQL's to show; PGlite has no statistics worth asserting
    const portal = await seedPortal(t.db);
    const neighbour = await seedPortal(t.db);
    const first = ['Anna', 'Boris', 'Olga', 'Peter', 'Elena', 'Dmitry', 'Kate', 'Sergey', 'Maria', 'Nikolai', 'Irina', 'Pavel'];
    const last = ['Smirnov', 'Kuznetsov', 'Popov', 'Sokolov', 'Lebedev', 'Kozlov', 'Novikov', 'Morozov', 'Volkov', 'Solovyov'];
    const many = (count: number, offset: number) =>
      Array.from({ length: count }, (_, i) =>
        person(offset + i, first[i % first.length]!, `${last[(i * 7) % last.length]!}${i}`, { email: `user${offset + i}@acme.example`, position: 'Employee' }),
      );
    await upsertPeople(t.db, portal.id, [...many(10_000, 1000), person(99, 'Ivan', 'Ivanov')]);
    await upsertPeople(t.db, neighbour.id, many(2_000, 1000));
    // autovacuum is off on this machine: without statistics the planner guesses.
    await t.db.raw('ANALYZE people');

    // The plans PostgreSQL chose for the tiers people_search ran (migration 0070), as auto_explain
    // reports the statements nested in the function: one plan a tier, then the call's own.
    const plansOf = async (search: string): Promise<string[]> => {
      const client = t.db.client as { acquireConnection(): Promise<PgConnection>; releaseConnection(connection: PgConnection): Promise<void> };
      const connection = await client.acquireConnection();
      const plans: string[] = [];
      const onNotice = (notice: { message?: string }) => void plans.push(String(notice.message));
      connection.on('notice', onNotice);
      try {
        await connection.query("LOAD 'auto_explain'");
        await connection.query("SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = 'notice'; SET client_min_messages = 'notice'");
        const p = peopleSearchPatterns(search);
        await connection.query('SELECT user_id FROM people_search($1, $2::text[], $3::text[], $4::text[], 20, false)', [portal.id, p.whole, p.start, p.inside]);
      } finally {
        connection.removeListener('notice', onNotice);
        await connection.query('RESET ALL');
        await client.releaseConnection(connection);
      }
      return plans.filter((plan) => /FROM people p/.test(plan));
    };
    const planOf = async (search: string) => {
      const plans = await plansOf(search);
      expect(plans.length).toBeGreaterThan(0);
      return plans.join('\n');
    };
    const rare = await planOf('ivan');
    expect(rare).toContain('people_search_trgm');
    expect(rare).not.toMatch(/Seq Scan/);
    expect((await searchPeople(t.db, portal.id, { search: 'ivan' })).map((p) => p.userId)).toEqual([99]);
    // A name one person in twelve has: the whole-word tier walks the name index and fills the page alone.
    expect(await plansOf('anna')).toHaveLength(1);
    const common = await planOf('anna');
    expect(common).toContain('people_by_name');
    expect(common).not.toMatch(/Seq Scan/);
    const annas = await searchPeople(t.db, portal.id, { search: 'anna' });
    expect(annas).toHaveLength(20);
    expect(annas.every((p) => p.name === 'Anna')).toBe(true);
  });
});
