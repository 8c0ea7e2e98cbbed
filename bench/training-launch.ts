/**
 * Benchmark: launching a 10,000-member training group, and rebuilding its plans after a change of
 * its settings, on PostgreSQL: seconds and SQL statements of each, printed next to the cost of the
 * same number of plain one-row INSERTs (one round trip per person, the way set-based writes avoid).
 *
 * The course is the tests' small one (2 units), so each plan has 2 unit rows: 10,000 plan headers
 * and 20,000 unit rows per write. PostgreSQL is DATABASE_URL (default: the local
 * server), in a throw-away database (support/throwaway-postgres.ts); skipped with a note when
 * unreachable. BENCH_MEMBERS changes the group's size.
 */
import crypto from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { migrateLatest } from '../server/db/migrate';
import { upsertInstalledPortal, setPortalState } from '../server/tenants/portal-repository';
import { insertGroup } from '../server/groups/groups-repository';
import type { GroupsCaller, GroupsDeps } from '../server/groups/group-access';
import { launchGroups } from '../server/training/launch-service';
import { saveSettings } from '../server/training/training-settings-service';
import { DEFAULT_SETTINGS, saveSettingsVersioned } from '../server/training/training-settings-repository';
import { courseFile, seedCourse } from '../test/support/catalog-content';
import { throwawayPostgres } from './support/throwaway-postgres';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const ADMIN = 1;

interface Figures {
  what: string;
  seconds: number;
  statements: number;
  /** Of the seconds, how many were spent waiting for PostgreSQL (the rest: our TypeScript, the plan arithmetic). */
  sqlSeconds: number;
  slowest: string;
}

/** Runs `work`, timing it, counting the SQL statements it sends and the time PostgreSQL took. */
async function measure(db: Knex, what: string, work: () => Promise<unknown>): Promise<Figures> {
  let statements = 0;
  let sqlNs = 0n;
  let slowest = { ns: 0n, sql: '' };
  const open = new Map<string, bigint>();
  const sent = (q: { __knexQueryUid: string }) => {
    statements++;
    open.set(q.__knexQueryUid, process.hrtime.bigint());
  };
  const answered = (_r: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const ns = process.hrtime.bigint() - (open.get(q.__knexQueryUid) ?? process.hrtime.bigint());
    sqlNs += ns;
    if (ns > slowest.ns) slowest = { ns, sql: q.sql.replace(/\s+/g, ' ').slice(0, 60) };
  };
  db.on('query', sent).on('query-response', answered);
  const started = process.hrtime.bigint();
  try {
    await work();
  } finally {
    db.off('query', sent).off('query-response', answered);
  }
  const slow = slowest.ns > 0n ? `${(Number(slowest.ns) / 1e9).toFixed(2)} s: ${slowest.sql}` : '';
  return { what, seconds: Number(process.hrtime.bigint() - started) / 1e9, statements, sqlSeconds: Number(sqlNs) / 1e9, slowest: slow };
}

async function main(): Promise<void> {
  const pg = await throwawayPostgres('training');
  if (!pg) return;
  const db = knexFactory({ client: 'pg', connection: pg.url, pool: { min: 1, max: 4 } });
  try {
    await migrateLatest(db);
    const portal = await upsertInstalledPortal(db, {
      memberId: `bench-${crypto.randomBytes(4).toString('hex')}`,
      domain: 'bench.example.com',
      clientEndpoint: 'https://bench.example.com/rest/',
      serverEndpoint: 'https://oauth.example.com/rest/',
      applicationToken: crypto.randomBytes(8).toString('hex'),
      scope: 'user_brief,im',
      status: 'L',
      tokens: { accessToken: 'bench-access', refreshToken: 'bench-refresh', expiresAt: new Date(Date.now() + 3600_000), userId: ADMIN },
    });
    await setPortalState(db, portal.id, 'active');
    const courseId = await seedCourse(db, portal.id, ADMIN, courseFile('Security basics'));
    const group = await insertGroup(db, portal.id, { name: 'Everyone', description: '', accessStartsOn: null, accessEndsOn: null, createdBy: ADMIN, workgroupId: null, isExtranet: false });
    await db('group_content').insert({ portal_id: portal.id, group_id: group.id, course_id: courseId, attached_by: ADMIN });
    const settings = { ...DEFAULT_SETTINGS, program: { allTopicsUpTo: 'elementary' as const }, timeZone: 'Europe/Moscow' };
    await saveSettingsVersioned(db, portal.id, group.id, 0, settings, ADMIN);
    await db.raw(
      `INSERT INTO group_members (portal_id, group_id, person_id, state, source, joined_at)
       SELECT ?, ?, g, 'active', 'manual', '2026-02-01T00:00:00Z' FROM generate_series(100, 99 + ?::int) AS g`,
      [portal.id, group.id, MEMBERS],
    );
    await db.raw('VACUUM ANALYZE'); // autovacuum is off on this machine: fresh statistics for the planner
    const deps: GroupsDeps = { db, bitrix: {} as GroupsDeps['bitrix'], now: () => new Date('2026-03-01T09:00:00Z') };
    const admin: GroupsCaller = { portalId: portal.id, userId: ADMIN, role: 'admin', token: null };

    const figures: Figures[] = [];
    figures.push(await measure(db, `launch (${MEMBERS} plans)`, () => launchGroups(deps, admin, [group.id], '2026-03-02')));
    await db.raw('VACUUM ANALYZE personal_plans, personal_plan_units');
    figures.push(await measure(db, `settings saved, ${MEMBERS} plans rebuilt`, () => saveSettings(deps, admin, group.id, 1, { ...settings, minutesPerWeek: 10 })));

    // The naive way, for scale: one INSERT per person (the plan headers only), in one transaction.
    await db.raw(`CREATE TABLE plain_inserts (LIKE personal_plans INCLUDING DEFAULTS)`);
    figures.push(
      await measure(db, `${MEMBERS} plain one-row INSERTs`, () =>
        db.transaction(async (trx) => {
          for (let i = 0; i < MEMBERS; i++) {
            await trx.raw(
              `INSERT INTO plain_inserts (portal_id, launch_id, member_id, group_id, person_id, plan_joined_at, credited_unit_ids, minutes_per_week, starts_at, ends_at)
               VALUES (?, 1, ?, ?, ?, '2026-02-01T00:00:00Z', '{}', 20, '2026-03-02T00:00:00Z', '2026-03-08T00:00:00Z')`,
              [portal.id, i + 1, group.id, 100 + i],
            );
          }
        }),
      ),
    );

    const plans = await db('personal_plans').where({ portal_id: portal.id, group_id: group.id }).count<{ count: string }[]>('* as count');
    const units = await db('personal_plan_units').where({ portal_id: portal.id }).count<{ count: string }[]>('* as count');
    process.stdout.write(`\nTraining plans on PostgreSQL: ${plans[0].count} plans, ${units[0].count} unit rows\n`);
    process.stdout.write(`${'what'.padEnd(40)} ${'seconds'.padStart(8)} ${'in SQL'.padStart(7)} ${'statements'.padStart(11)}  slowest statement\n`);
    for (const f of figures) {
      process.stdout.write(`${f.what.padEnd(40)} ${f.seconds.toFixed(2).padStart(8)} ${f.sqlSeconds.toFixed(2).padStart(7)} ${String(f.statements).padStart(11)}  ${f.slowest}\n`);
    }
  } finally {
    await db.destroy();
    await pg.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
