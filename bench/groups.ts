/**
 * Benchmark of the training groups, two parts in one run:
 *
 * 1. Mirroring the local portal's 10,000-member workgroup into a linked training group under the
 *    portal's real limits (bucket 50, 2/s): REST requests, SQL statements and seconds of
 *    - the people mirror alone (people/ mirrorWorkgroupPeople: sonet_group.user.get + batched user.get),
 *    - the full sync (groups/ syncWorkgroup: the same people plus invitations, memberships, audit),
 *    - a second sync with no change (it must write no membership, invitation or audit row).
 * 2. "My groups" and the catalog of one portal with 100,000 people, 10,000 groups and 1,000,000
 *    memberships (PostgreSQL only): requests per second and p99 next to a bare Fastify route doing
 *    one indexed query on the same database (in turn, BENCH_ROUNDS rounds, default 2; each ratio
 *    the mean of the rounds'), then again with a tenth of the groups and memberships
 *    (the cost should stay flat as groups grow tenfold), and My groups' own statement explained at
 *    each size (its generic plan: time, shared buffers, the scans it uses). The app keeps replies
 *    while nothing they read changes (http/reply-cache.ts); both routes are also loaded on the same
 *    app keeping none, which is what the first read after a write costs (no goal).
 * BENCH_MEMBERS, BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 10) tune it; DATABASE_URL
 * picks PostgreSQL (part 2 needs it), each part in a throw-away database of its own;
 * BENCH_GROUPS_PART=sync or scale runs one part.
 */
import Fastify from 'fastify';
import type { Knex } from 'knex';
import { openDatabase } from '../server/db/database';
import { queryRows } from '../server/db/driver-query';
import { migrateLatest } from '../server/db/migrate';
import { buildApp } from '../server/app';
import { loadConfig, LOCAL_PORTAL_CLIENT } from '../server/config';
import { loadManifest } from '../server/manifest';
import { BitrixClient } from '../server/bitrix/rest-client';
import { portalTokenStore } from '../server/tenants/portal-token-store';
import { issueSessionToken } from '../server/auth/session-token';
import { mirrorWorkgroupPeople } from '../server/people/mirror-people';
import { insertGroup } from '../server/groups/groups-repository';
import { syncWorkgroup } from '../server/groups/workgroup-sync';
import { startLocalPortal, SEED_GROUPS, type LocalPortal } from '../server/dev-portal';
import { installBenchPortal, installLocalPortalRow } from './support/bench-portal';
import { explainStatement, type StatementCost } from './support/explain';
import { loadSideBySide, type SideBySideFigures } from './support/load';
import { throwawayPostgres } from './support/throwaway-postgres';

const members = Number(process.env.BENCH_MEMBERS ?? 10_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const out = (line: string) => process.stdout.write(`${line}\n`);
/** The catalog's first page as the client asks for it (client/pages/catalog/catalog-client.ts catalogPath). */
const CATALOG_PAGE = '/api/catalog?limit=24&offset=0';

/** On PostgreSQL (DATABASE_URL) a database of its own, dropped afterwards; else an embedded one in memory. */
async function throwawayDatabase(label: string): Promise<{ db: Knex; kind: string; drop(): Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    const db = openDatabase({ databaseUrl: null, dataDir: 'memory' });
    return { db, kind: 'embedded PGlite', drop: () => db.destroy() };
  }
  const target = await throwawayPostgres(label, process.env.DATABASE_URL);
  if (!target) throw new Error('PostgreSQL is not reachable at DATABASE_URL');
  const db = openDatabase({ databaseUrl: target.url, dataDir: 'memory' });
  return {
    db,
    kind: 'PostgreSQL',
    drop: async () => {
      await db.destroy();
      await target.drop();
    },
  };
}

/** Counts the SQL statements a piece of work sends. */
function statementCounter(db: Knex) {
  let n = 0;
  db.on('query', () => n++);
  return { reset: () => (n = 0), get: () => n };
}

const portalRow = (db: Knex, local: LocalPortal, suffix: string) => installLocalPortalRow(db, local, `${local.memberId}-${suffix}`, 'user_brief,department,sonet_group,socialnetwork,im');

async function syncPart(): Promise<void> {
  const local = await startLocalPortal({ port: 0, appBaseUrl: 'http://localhost:9', clientId: LOCAL_PORTAL_CLIENT.id, clientSecret: LOCAL_PORTAL_CLIENT.secret, seed: { bigGroupMembers: members } });
  const target = await throwawayDatabase('groups_sync');
  const { db } = target;
  try {
    await migrateLatest(db);
    const statements = statementCounter(db);
    const client = new BitrixClient({ db, tokens: portalTokenStore, config: { b24OAuthServers: [local.url], b24ClientId: LOCAL_PORTAL_CLIENT.id, b24ClientSecret: LOCAL_PORTAL_CLIENT.secret } });
    const measure = async (work: () => Promise<unknown>) => {
      await new Promise((resolve) => setTimeout(resolve, 26_000)); // the portal's bucket drains: a fair start for each
      local.controls.resetStats();
      statements.reset();
      const started = performance.now();
      await work();
      return { requests: local.controls.stats().restRequests, statements: statements.get(), seconds: (performance.now() - started) / 1000 };
    };

    // The people mirror alone, in a portal of its own (nobody mirrored yet).
    const alone = await portalRow(db, local, 'people');
    const people = await measure(() => mirrorWorkgroupPeople(db, client, alone, SEED_GROUPS.benchmark));

    // The full sync into a linked training group, from an empty mirror too.
    const row = await portalRow(db, local, 'groups');
    const group = await insertGroup(db, row.id, { name: 'Everyone', description: '', accessStartsOn: null, accessEndsOn: null, createdBy: 1, workgroupId: SEED_GROUPS.benchmark, isExtranet: false });
    let result: Awaited<ReturnType<typeof syncWorkgroup>> | null = null;
    const full = await measure(async () => (result = await syncWorkgroup(db, client, row, SEED_GROUPS.benchmark)));
    const rowsOf = async () => {
      const [m, a, i, touched] = await Promise.all([
        db('group_members').where({ portal_id: row.id }).count<{ n: number }[]>({ n: '*' }),
        db('membership_audit').where({ portal_id: row.id }).count<{ n: number }[]>({ n: '*' }),
        db('group_invitations').where({ portal_id: row.id }).count<{ n: number }[]>({ n: '*' }),
        db('group_members').where({ portal_id: row.id }).max<{ at: Date }[]>({ at: 'updated_at' }),
      ]);
      return { memberships: Number(m[0]!.n), audit: Number(a[0]!.n), invitations: Number(i[0]!.n), lastWrite: String(touched[0]!.at) };
    };
    const before = await rowsOf();
    const second = await measure(() => syncWorkgroup(db, client, row, SEED_GROUPS.benchmark));
    const after = await rowsOf();
    const unchanged = before.memberships === after.memberships && before.audit === after.audit && before.invitations === after.invitations && before.lastWrite === after.lastWrite;

    out(`\nWorkgroup mirror on ${target.kind}: ${members.toLocaleString('en')} members (+ owner), portal limits 50 / 2 per s`);
    out(`${'work'.padEnd(44)} ${'REST req'.padStart(9)} ${'SQL stmts'.padStart(10)} ${'seconds'.padStart(8)}`);
    const line = (name: string, f: { requests: number; statements: number; seconds: number }) =>
      out(`${name.padEnd(44)} ${String(f.requests).padStart(9)} ${String(f.statements).padStart(10)} ${f.seconds.toFixed(2).padStart(8)}`);
    line('people mirror alone (people/)', people);
    line(`full sync into a training group (groups/)`, full);
    line('second sync, no change', second);
    out(`full sync: ${JSON.stringify(result)}; group ${group.id}`);
    out(`second sync wrote ${unchanged ? 'no' : 'SOME'} membership, invitation or audit row (only the group's last_synced_at)`);
  } finally {
    await target.drop();
    await local.close();
  }
}

const PEOPLE = 100_000;

/** 100,000 people; `groups` groups of 100 members each on average, the viewer in 10 of them; 200 courses, 20 % attached. */
async function seedScale(db: Knex, portalId: string, groups: number, memberships: number, viewer: number): Promise<void> {
  await db.raw(
    `INSERT INTO people (portal_id, user_id, name, last_name, user_type, active)
     SELECT ?, g, 'Name' || g, 'Person' || g, CASE WHEN g % 20 = 0 THEN 'extranet' ELSE 'employee' END, true FROM generate_series(1, ?) g
     ON CONFLICT DO NOTHING`,
    [portalId, PEOPLE],
  );
  await db.raw(
    `INSERT INTO training_groups (portal_id, name, created_by, access_starts_on, access_ends_on)
     SELECT ?, 'Group ' || g, 2, DATE '2020-01-01' + (g % 50), CASE WHEN g % 7 = 0 THEN DATE '2021-01-01' ELSE NULL END FROM generate_series(1, ?) g`,
    [portalId, groups],
  );
  const first = Number((await db('training_groups').where({ portal_id: portalId }).min<{ id: number }[]>({ id: 'id' }))[0]!.id);
  // Memberships spread over the groups; the viewer is in ten groups.
  await db.raw(
    `INSERT INTO group_members (portal_id, group_id, person_id, source)
     SELECT ?, ? + (g % ?), 1 + (((g / ?) * 1009 + (g % ?) * 7) % ?), 'manual' FROM generate_series(0, ? - 1) g
     ON CONFLICT DO NOTHING`,
    [portalId, first, groups, groups, groups, PEOPLE, memberships],
  );
  await db('people').insert({ portal_id: portalId, user_id: viewer, name: 'Viewer', last_name: 'Person', user_type: 'employee', active: true });
  await db.raw(
    `INSERT INTO group_members (portal_id, group_id, person_id, source)
     SELECT ?, ? + g * (? / 10), ?, 'manual' FROM generate_series(0, 9) g ON CONFLICT DO NOTHING`,
    [portalId, first, groups, viewer],
  );
  await db.raw(
    `INSERT INTO courses (portal_id, title, description, author_id, units_count, lessons_count, estimated_minutes)
     SELECT ?, 'Course ' || lpad(g::text, 3, '0'), 'About course ' || g, 1, 3, 9, 45 FROM generate_series(1, 200) g`,
    [portalId],
  );
  // Fresh statistics first: the holding-groups trigger (migration 0060) plans its per-row lookups
  // on them, and with none for the tables just filled it scanned them whole for every attachment.
  await db.raw('ANALYZE');
  // Every fifth course is closed: attached to 1 in 50 groups (200 groups each at 10,000).
  await db.raw(
    `INSERT INTO group_content (portal_id, group_id, course_id, attached_by)
     SELECT ?, gr.id, c.id, 1 FROM training_groups gr JOIN courses c ON c.portal_id = gr.portal_id
     WHERE gr.portal_id = ? AND c.id % 5 = 0 AND (gr.id + c.id) % 50 = 0 ON CONFLICT DO NOTHING`,
    [portalId, portalId],
  );
}

interface ScaleFigures {
  groups: number;
  /** My groups and the catalog as a share of the bare route's requests per second. */
  myGroups: number;
  catalog: number;
  /** My groups' statement (the caller check joined to the read: guard.ts asCaller), explained. */
  statement: StatementCost;
}

/** The statements one request sends, as the driver gets them ($1, $2... and the values). */
async function statementsOf(db: Knex, send: () => Promise<unknown>): Promise<Array<{ sql: string; bindings: unknown[] }>> {
  const seen: Array<{ sql: string; bindings: unknown[] }> = [];
  const record = (query: { sql: string; bindings?: unknown[] }) => seen.push({ sql: query.sql, bindings: query.bindings ?? [] });
  db.on('query', record);
  try {
    await send();
  } finally {
    db.off('query', record);
  }
  return seen;
}

async function scalePart(groups: number, memberships: number): Promise<ScaleFigures | null> {
  if (!process.env.DATABASE_URL) {
    out('\nMy groups / catalog at scale: skipped (set DATABASE_URL: a million rows are for PostgreSQL)');
    return null;
  }
  const target = await throwawayDatabase('groups_scale');
  const { db } = target;
  // Outside the generated people, so the viewer is in exactly the ten groups seeded for them at either size.
  const VIEWER = PEOPLE + 1;
  try {
    await migrateLatest(db);
    const portal = await installBenchPortal(db, 'groups', 'user_brief');
    const started = performance.now();
    await seedScale(db, portal.id, groups, memberships, VIEWER);
    await db.raw('VACUUM ANALYZE'); // autovacuum is off on this machine (STACK-NOTES 19)
    const seededIn = (performance.now() - started) / 1000;
    const count = async (table: string) => Number((await db(table).where({ portal_id: portal.id }).count<{ n: number }[]>({ n: '*' }))[0]!.n);

    const config = loadConfig({ LOG_LEVEL: 'silent', RUN_WORKER: 'false' });
    const app = await buildApp({ config, db, dbKind: 'postgresql', manifest: loadManifest() });
    const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    // The same app keeping no replies (http/reply-cache.ts): every read built afresh, as after a write.
    const afresh = await buildApp({ config, db, dbKind: 'postgresql', manifest: loadManifest(), replies: null });
    const afreshUrl = await afresh.listen({ port: 0, host: '127.0.0.1' });
    const { token } = issueSessionToken(config.sessionSecret, { portalId: portal.id, memberId: portal.memberId, userId: VIEWER, role: 'employee', purpose: 'app' }, 3600);
    const auth = { authorization: `Bearer ${token}` };
    for (const url of ['/api/my-groups', CATALOG_PAGE]) {
      const probe = await app.inject({ method: 'GET', url, headers: auth });
      if (probe.statusCode !== 200) throw new Error(`${url} probe failed: ${probe.statusCode} ${probe.body.slice(0, 200)}`);
    }
    let my: { current: unknown[]; upcoming: unknown[] } = { current: [], upcoming: [] };
    // Afresh: the app that keeps replies would answer this one after the caller check alone.
    const sent = await statementsOf(db, async () => (my = (await afresh.inject({ method: 'GET', url: '/api/my-groups', headers: auth })).json()));
    const own = sent[sent.length - 1]!;
    const statement = await explainStatement(db, own.sql, own.bindings);

    const bare = Fastify({ logger: false });
    // Straight through the driver (no knex query builder), as the app's hot reads are.
    bare.get('/bare', async () => (await queryRows(db, 'SELECT id, name FROM training_groups WHERE portal_id = $1 AND id = $2', [portal.id, 1 + Math.floor(groups / 2)]))[0] ?? {});
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

    const [bareFigures, myFigures, catalogFigures, myAfresh, catalogAfresh] = await loadSideBySide(
      [
        { url: `${bareUrl}/bare` },
        { url: `${appUrl}/api/my-groups`, headers: auth },
        { url: `${appUrl}${CATALOG_PAGE}`, headers: auth },
        { url: `${afreshUrl}/api/my-groups`, headers: auth },
        { url: `${afreshUrl}${CATALOG_PAGE}`, headers: auth },
      ],
      { connections, seconds },
    );
    out(`\nMy groups and the catalog on PostgreSQL: ${(await count('people')).toLocaleString('en')} people, ${(await count('training_groups')).toLocaleString('en')} groups, ${(await count('group_members')).toLocaleString('en')} memberships, ${await count('group_content')} attachments (seeded in ${seededIn.toFixed(0)} s)`);
    out(`viewer: ${my.current.length} current + ${my.upcoming.length} upcoming groups; ${connections} connections, ${seconds} s each, in turn, ${process.env.BENCH_ROUNDS ?? 2} rounds (BENCH_ROUNDS)`);
    out(`${'route'.padEnd(40)} ${'req/s'.padStart(10)} ${'p99 ms'.padStart(10)} ${'vs bare'.padStart(8)}`);
    const line = (name: string, f: SideBySideFigures) => out(`${name.padEnd(40)} ${f.rps.toFixed(0).padStart(10)} ${f.p99.toFixed(1).padStart(10)} ${f.ratio.toFixed(2).padStart(8)}`);
    line('bare Fastify: one indexed query', bareFigures!);
    line(`GET /api/my-groups (${sent.length} statements)`, myFigures!);
    line(`GET ${CATALOG_PAGE}`, catalogFigures!);
    line('  My groups built afresh (no goal)', myAfresh!);
    line('  the catalog built afresh (no goal)', catalogAfresh!);
    out(`My groups' statement (generic plan): ${statement.ms.toFixed(2)} ms, ${statement.buffers} buffers; ${statement.scans.join(', ')}`);
    await bare.close();
    await app.close();
    await afresh.close();
    return { groups, myGroups: myFigures!.ratio, catalog: catalogFigures!.ratio, statement };
  } finally {
    await target.drop();
  }
}

/** Goals (issue 9): each route at least half the bare route's requests/s, and My groups' statement as cheap with ten times the groups. */
function scaleSummary(small: ScaleFigures, large: ScaleFigures): void {
  const half = (share: number) => (share >= 0.5 ? 'met' : 'MISSED');
  out(`\nAt ${large.groups.toLocaleString('en')} groups: My groups ${large.myGroups.toFixed(2)}x bare (>= 0.5x: ${half(large.myGroups)}), catalog ${large.catalog.toFixed(2)}x bare (>= 0.5x: ${half(large.catalog)})`);
  // Buffers, not milliseconds, say whether the statement reads more with more groups; a loaded machine moves the times.
  const flat = large.statement.buffers <= small.statement.buffers * 1.5 + 10;
  out(
    `From ${small.groups.toLocaleString('en')} to ${large.groups.toLocaleString('en')} groups: My groups ${small.myGroups.toFixed(2)}x -> ${large.myGroups.toFixed(2)}x bare; ` +
      `its statement ${small.statement.buffers} -> ${large.statement.buffers} buffers, ${small.statement.ms.toFixed(2)} -> ${large.statement.ms.toFixed(2)} ms (flat: ${flat ? 'met' : 'MISSED'})`,
  );
}

async function main(): Promise<void> {
  if (process.env.BENCH_GROUPS_PART !== 'scale') await syncPart();
  if (process.env.BENCH_GROUPS_PART !== 'sync') {
    const large = await scalePart(10_000, 1_000_000);
    const small = large && (await scalePart(1_000, 100_000));
    if (large && small) scaleSummary(small, large);
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
