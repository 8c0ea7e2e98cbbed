import type { Knex } from 'knex';
import { SEED_USERS } from '../../../server/dev-portal';
import { migrations } from '../../../migrations';
import * as createDefaultGroupsOfEarlierPortals from '../../../migrations/0050_create_default_groups_of_earlier_portals';
import { INTENDED_STAFF } from '../../../server/training/default-groups';
import { ensureDefaultGroups } from '../../../server/training/default-groups-service';
import { loadManifest } from '../../../server/manifest';
import { bearer, startPortalApp, type PortalApp } from '../../support/portal-app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { seedPortal } from '../../support/seed-portal';

/**
 * The default groups (issue 10 part 2, seed 000): the install wizard's setup creates Low, Average
 * and High Risk once; running it again creates none, a deleted one stays deleted, and they are
 * ordinary editable groups. Portals installed before this change get them once from migration 0050.
 */

interface DefaultRow {
  default_key: string;
  name: string;
  deleted: boolean;
  minutes_per_week: number;
  threshold_percent: number;
  program_level: string;
  intended_staff: { en: string; ru: string };
}

async function defaultsOf(db: Knex, portalId: string): Promise<DefaultRow[]> {
  const { rows } = await db.raw<{ rows: DefaultRow[] }>(
    `SELECT s.default_key, g.name, g.deleted_at IS NOT NULL AS deleted, s.minutes_per_week, s.threshold_percent, s.program_level, s.intended_staff
       FROM group_training_settings s JOIN training_groups g ON g.portal_id = s.portal_id AND g.id = s.group_id
      WHERE s.portal_id = ? AND s.default_key IS NOT NULL ORDER BY g.id`,
    [portalId],
  );
  return rows;
}

const groupCount = async (db: Knex, portalId: string) => Number((await db('training_groups').where({ portal_id: portalId }).count({ n: '*' }))[0]!.n);

describe('default groups at install', () => {
  let t: PortalApp;
  let portalId: string;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await startPortalApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('the setup creates Low, Average and High Risk with the numbers of seed 000 and both staff texts', async () => {
    const { boot } = await t.installPage(t.portal);
    const res = await t.setup(boot.install.token);
    expect(res.json().steps).toContainEqual({ key: 'groups', ok: true });
    portalId = (await t.stored()).id;
    const rows = await defaultsOf(t.database.db, portalId);
    expect(rows.map((r) => [r.default_key, r.name, r.program_level, r.minutes_per_week, r.threshold_percent, r.deleted])).toEqual([
      ['low', 'Low Risk', 'beginner', 20, 80, false],
      ['average', 'Average Risk', 'elementary', 20, 80, false],
      ['high', 'High Risk', 'intermediate', 20, 80, false],
    ]);
    expect(rows[1]!.intended_staff).toEqual(INTENDED_STAFF.average);
    expect(rows[2]!.intended_staff.en).toContain('lawyers');
    expect(rows[2]!.intended_staff.ru).toContain('юристы');
    expect(await groupCount(t.database.db, portalId)).toBe(3);
  });

  it('a second run of the setup, and a reinstall, create none', async () => {
    const again = await t.installPage(t.portal);
    expect((await t.setup(again.boot.install.token)).json().steps).toContainEqual({ key: 'groups', ok: true });
    await t.install(t.portal);
    expect(await groupCount(t.database.db, portalId)).toBe(3);
  });

  it('two setups at once still make each group once', async () => {
    const manifest = loadManifest();
    await t.database.db('group_training_settings').where({ portal_id: portalId }).delete();
    await t.database.db('training_groups').where({ portal_id: portalId }).delete();
    const runs = await Promise.all([1, 2, 3].map(() => ensureDefaultGroups(t.database.db, portalId, manifest.defaults.defaultGroups, SEED_USERS.admin)));
    expect(runs.map((created) => created.length).sort()).toEqual([0, 0, 3]);
    expect(await groupCount(t.database.db, portalId)).toBe(3);
  });

  it('are editable like any group, and a deleted one is never made again', async () => {
    admin = bearer(await t.sessionToken(t.portal, SEED_USERS.admin));
    const list = (await t.app.inject({ method: 'GET', url: '/api/groups', headers: admin })).json();
    const byName = (name: string) => list.groups.find((g: { name: string }) => g.name === name) as { id: number };
    const average = byName('Average Risk');
    const settings = (await t.app.inject({ method: 'GET', url: `/api/groups/${average.id}/training-settings`, headers: admin })).json();
    expect(settings).toMatchObject({ version: 1, defaultKey: 'average', minutesPerWeek: 20, program: { allTopicsUpTo: 'elementary' } });
    const { groupId: _groupId, defaultKey: _defaultKey, ...body } = settings;
    const saved = await t.app.inject({ method: 'PUT', url: `/api/groups/${average.id}/training-settings`, headers: admin, payload: { ...body, minutesPerWeek: 45 } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, minutesPerWeek: 45, defaultKey: 'average' });

    const low = byName('Low Risk');
    const card = (await t.app.inject({ method: 'GET', url: `/api/groups/${low.id}`, headers: admin })).json();
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/groups/${low.id}?version=${card.version}`, headers: admin });
    expect(deleted.statusCode).toBe(200);
    await t.install(t.portal);
    const rows = await defaultsOf(t.database.db, portalId);
    expect(rows.map((r) => [r.default_key, r.deleted])).toEqual([
      ['low', true],
      ['average', false],
      ['high', false],
    ]);
    expect(rows[1]!.minutes_per_week).toBe(45);
  });
});

describe('default groups of portals installed before them (migration 0050)', () => {
  let database: TestDatabase;
  const index0050 = migrations.findIndex((m) => m.name.startsWith('0050_'));
  const upTo = (count: number): Knex.MigrationSource<(typeof migrations)[number]> => ({
    getMigrations: async () => migrations.slice(0, count),
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => migration,
  });

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await database.db.migrate.latest({ migrationSource: upTo(index0050) });
  }, 120_000);
  afterAll(async () => database.destroy());

  it('gives each earlier portal the three groups once, named in its zone\'s language, keeping what it had', async () => {
    const db = database.db;
    const english = await seedPortal(db, { origin: 'https://acme.bitrix24.com' });
    const russian = await seedPortal(db, { origin: 'https://romashka.bitrix24.ru' });
    const partly = await seedPortal(db, { origin: 'https://partly.bitrix24.de' });
    // This one already had High Risk (made by an earlier wizard), then deleted it.
    const [kept] = await db('training_groups').insert({ portal_id: partly.id, name: 'High Risk', created_by: 1, deleted_at: db.fn.now() }).returning('id');
    await db('group_training_settings').insert({ portal_id: partly.id, group_id: Number(kept.id), minutes_per_week: 20, program_level: 'intermediate', default_key: 'high' });

    await db.migrate.latest({ migrationSource: upTo(migrations.length) });

    expect((await defaultsOf(db, english.id)).map((r) => r.name)).toEqual(['Low Risk', 'Average Risk', 'High Risk']);
    expect((await defaultsOf(db, russian.id)).map((r) => r.name)).toEqual(['Низкий риск', 'Средний риск', 'Высокий риск']);
    expect((await defaultsOf(db, russian.id))[0]!.intended_staff).toEqual(INTENDED_STAFF.low);
    expect((await defaultsOf(db, partly.id)).map((r) => [r.default_key, r.deleted])).toEqual([
      ['high', true],
      ['low', false],
      ['average', false],
    ]);

    // Its body run again (as if the migration were replayed) adds nothing.
    await createDefaultGroupsOfEarlierPortals.up(db);
    expect(await groupCount(db, english.id)).toBe(3);
    expect(await groupCount(db, partly.id)).toBe(3);
  });
});
