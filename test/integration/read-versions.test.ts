import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedPortal, type SeededPortal } from '../support/seed-portal';
import { READ_TRACKED_TABLES } from '../../migrations/0080_create_read_versions';

/**
 * The portal read versions of migration 0080, which validate the reply cache (server/http/reply-cache.ts):
 * every write to a table a reply reads gives its portal a new value at commit, and nothing else does.
 */

/** Tables with a portal_id that no cached reply reads (ledgers of work done): their writes change no version. */
const LEDGERS = ['event_inbox', 'jobs', 'rest_request_log', 'training_notices', 'training_reminders'];

describe('read versions', () => {
  let t: TestDatabase;
  let a: SeededPortal;
  let b: SeededPortal;

  beforeAll(async () => {
    t = await createTestDatabase();
    a = await seedPortal(t.db);
    b = await seedPortal(t.db);
  });
  afterAll(async () => {
    await t.destroy();
  });

  const versionOf = async (portalId: string): Promise<string | null> =>
    ((await t.db('read_versions').where({ portal_id: portalId }).first()) as { version: string } | undefined)?.version ?? null;
  const addTopic = (db: typeof t.db, portalId: string, title: string) => db('topics').insert({ portal_id: portalId, name: title });

  it('tracks every table that has a portal_id, but the ledgers no reply reads', async () => {
    const withPortal = (await t.db('information_schema.columns').where({ table_schema: 'public', column_name: 'portal_id' }).pluck('table_name')) as string[];
    const own = ['read_versions', 'read_version_marks'];
    const expected = withPortal.filter((table) => !LEDGERS.includes(table) && !own.includes(table)).sort();
    expect([...READ_TRACKED_TABLES].sort()).toEqual(expected);
    const triggers = (await t.db.raw(`SELECT tgrelid::regclass::text AS t, count(*)::int AS n FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%\\_read\\_%' GROUP BY 1`)).rows as Array<{ t: string; n: number }>;
    const counts = Object.fromEntries(triggers.map((row) => [row.t, row.n]));
    // INSERT, UPDATE, DELETE and TRUNCATE on each tracked table; the portal's address on portals.
    for (const table of expected) expect([table, counts[table]]).toEqual([table, 4]);
    for (const table of LEDGERS) expect(counts[table]).toBeUndefined();
    expect(counts.portals).toBe(1);
  });

  it('gives the portal a new value when a write commits, and leaves other portals alone', async () => {
    const beforeA = await versionOf(a.id);
    const beforeB = await versionOf(b.id);
    await addTopic(t.db, a.id, 'Passwords');
    const afterA = await versionOf(a.id);
    expect(afterA).not.toBeNull();
    expect(afterA).not.toEqual(beforeA);
    expect(await versionOf(b.id)).toEqual(beforeB);

    await t.db('topics').where({ portal_id: a.id }).update({ name: 'Passwords and passphrases' });
    const afterUpdate = await versionOf(a.id);
    expect(afterUpdate).not.toEqual(afterA);
    await t.db('topics').where({ portal_id: a.id }).delete();
    expect(await versionOf(a.id)).not.toEqual(afterUpdate);
  });

  it('gives one new value per transaction, none for a rolled-back one, and leaves no marks behind', async () => {
    const before = await versionOf(a.id);
    await expect(
      t.db.transaction(async (trx) => {
        await addTopic(trx, a.id, 'Phishing');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await versionOf(a.id)).toEqual(before);

    const sequenceBefore = (await t.db.raw(`SELECT last_value FROM read_version_values`)).rows[0].last_value as string;
    await t.db.transaction(async (trx) => {
      await addTopic(trx, a.id, 'Devices');
      await addTopic(trx, a.id, 'Safe browsing');
      await trx('topics').where({ portal_id: a.id, name: 'Devices' }).update({ name: 'Your devices' });
    });
    const sequenceAfter = (await t.db.raw(`SELECT last_value FROM read_version_values`)).rows[0].last_value as string;
    expect(Number(sequenceAfter) - Number(sequenceBefore)).toBe(1);
    expect(await versionOf(a.id)).toBe(sequenceAfter);
    expect(Number(((await t.db('read_version_marks').count({ n: '*' }).first()) as { n: string | number }).n)).toBe(0);
  });

  it('counts the portal address a reply shows, not its tokens', async () => {
    const before = await versionOf(b.id);
    await t.db('portals').where({ id: b.id }).update({ access_token: 'refreshed', token_expires_at: new Date() });
    expect(await versionOf(b.id)).toEqual(before);
    await t.db('portals').where({ id: b.id }).update({ client_endpoint: 'https://moved.example.com/rest/' });
    expect(await versionOf(b.id)).not.toEqual(before);
  });

  it('counts a TRUNCATE as a change of every portal', async () => {
    const [beforeA, beforeB] = [await versionOf(a.id), await versionOf(b.id)];
    await t.db.raw('TRUNCATE grouping_rules');
    expect(await versionOf(a.id)).not.toEqual(beforeA);
    expect(await versionOf(b.id)).not.toEqual(beforeB);
  });

  // Two connections at once: PostgreSQL only (the embedded database has one).
  const onPostgres = process.env.DATABASE_URL ? it : it.skip;
  if (!process.env.DATABASE_URL) console.log('read versions: the two-connection deadlock case runs on PostgreSQL only (DATABASE_URL unset)');

  onPostgres('locks the version only at commit: a writer that then waits on another writer does not deadlock', async () => {
    await addTopic(t.db, a.id, 'Social engineering');
    const topic = (await t.db('topics').where({ portal_id: a.id, name: 'Social engineering' }).first()) as { id: number };
    let releaseSecond!: () => void;
    const secondHolds = new Promise<void>((resolve) => (releaseSecond = resolve));
    let secondLocked!: () => void;
    const locked = new Promise<void>((resolve) => (secondLocked = resolve));
    // Second: locks the topic, then (once first has written) writes in the same portal and commits.
    const second = t.db.transaction(async (trx) => {
      await trx('topics').where({ portal_id: a.id, id: topic.id }).forUpdate().select('id');
      secondLocked();
      await secondHolds;
      await addTopic(trx, a.id, 'Personal data');
    });
    await locked;
    // First: writes in the portal (marks it), then waits for the topic second holds.
    const first = t.db.transaction(async (trx) => {
      await addTopic(trx, a.id, 'Mobile');
      const waiting = trx('topics').where({ portal_id: a.id, id: topic.id }).update({ name: 'Social engineering and you' });
      setTimeout(releaseSecond, 200);
      await waiting;
    });
    await expect(Promise.all([first, second])).resolves.toBeDefined();
    expect((await t.db('topics').where({ portal_id: a.id, id: topic.id }).first()).name).toBe('Social engineering and you');
  });
});
