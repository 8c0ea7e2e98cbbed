/**
 * Benchmark: the app's authenticated read routes next to a bare Fastify route doing one indexed
 * query on the same database, in one run, on PostgreSQL and on the embedded database (PGlite).
 *
 * For each database a server process (this file with `serve`) migrates a fresh database, seeds the
 * local portal's people (10,000 generated members and the hand-written ones, with its departments
 * and a moderator named by department) and a catalog and groups of a mid-sized company (seedTraining),
 * with one group's training launched two weeks ago (launchTraining, for its report),
 * starts the bare route and the whole app with production
 * settings (LOG_LEVEL info, output discarded), and mints real session tokens. This process then
 * loads the bare route and each app route in turn with autocannon, BENCH_ROUNDS rounds (default 2)
 * of BENCH_SECONDS each (default 5, after a 1 s warm-up: 10 s a route in all, as the issue
 * measured) at BENCH_CONNECTIONS (default 50), and prints requests/s, p50, p99, errors, timeouts
 * and non-2xx replies, the SQL statements one request sends, and the ratio to the bare route.
 * The app keeps replies of its hot reads (http/reply-cache.ts): loading one URL, as here, measures a
 * read repeated while nothing it reads changed (the caller check alone). The same routes are then
 * loaded on the same app keeping none ("afresh"), which is what every read after a write costs.
 * BENCH_SERIAL=n (with `serve`, to profile) also prints each route's wall and CPU time per request
 * over n requests one at a time. Goals, printed with each figure: every app
 * route >= 0.5x bare on PostgreSQL; on the embedded database within 4x of its PostgreSQL figure;
 * no errors, timeouts or non-2xx at all.
 *
 * PostgreSQL is DATABASE_URL or the local one (postgres://postgres@127.0.0.1:5432/postgres); the
 * bench creates a throw-away database there and drops it afterwards.
 */
import { fork, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../server/db/database';
import { migrateLatest } from '../server/db/migrate';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { loadManifest } from '../server/manifest';
import { issueSessionToken, type Role } from '../server/auth/session-token';
import { launchFactsClaims } from '../server/auth/launch-facts';
import { upsertDepartments, upsertPeople } from '../server/people/people-repository';
import { buildSeed } from '../server/dev-portal/seed';
import { installBenchPortal } from './support/bench-portal';
import { seedCourses } from './support/seed-courses';
import { throwawayPostgres } from './support/throwaway-postgres';

/**
 * The routes measured, each as one line: the path and who calls it (a seeded user and the facts a
 * launch would have put in their token). A new read route (catalog, My groups, a group card,
 * reports) is one more line here, with whatever its seed needs added to `seedDatabase`.
 */
const ROUTES: Array<{ path: string; as: Caller }> = [
  { path: '/api/me', as: 'employee' },
  { path: '/api/people?search=ivan&limit=20', as: 'moderator' },
  // The catalog's first page as the client asks for it (client/pages/catalog/catalog-client.ts catalogPath).
  { path: '/api/catalog?limit=24&offset=0', as: 'employee' },
  { path: '/api/my-groups', as: 'employee' },
  // A group the moderator created: :group is the seeded one (see seedTraining).
  { path: '/api/groups/:group', as: 'moderator' },
  // Its training report: 31 members' plans, launched two weeks ago (see launchTraining).
  { path: '/api/groups/:group/training/report', as: 'moderator' },
];

type Caller = 'employee' | 'moderator' | 'admin';
/** Seeded users: 1001 works in Sales (2) under Acme (1); 1004 in Development (6) under IT (5), which is named moderator with its sub-departments. */
const CALLERS: Record<Caller, { userId: number; role: Role; baseRole: 'admin' | 'employee'; departmentIds: number[] }> = {
  employee: { userId: 1001, role: 'employee', baseRole: 'employee', departmentIds: [2] },
  moderator: { userId: 1004, role: 'moderator', baseRole: 'employee', departmentIds: [6] },
  admin: { userId: 1, role: 'admin', baseRole: 'admin', departmentIds: [] },
};
const MEMBERS = 10_000;
/** A portal of realistic size, not the 100,000-people scale of bench/groups.ts: the catalog and groups a mid-sized company has. */
const COURSES = 200;
const UNITS_PER_COURSE = 4;
const LESSONS_PER_UNIT = 4;
const GROUPS = 300;
const MEMBERS_PER_GROUP = 30;
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

interface Ready {
  /** The seeded group the group-card route opens. */
  groupId: number;
  /** SQL statements one request of each route sends (ROUTES order). */
  statements: number[];
  bareUrl: string;
  appUrl: string;
  /** The same app keeping no replies: every request builds its reply, as the first read after a write does. */
  afreshUrl: string;
  tokens: Record<Caller, string>;
  people: number;
}

// ---------------------------------------------------------------- the server process

/**
 * Courses, groups and memberships of a mid-sized portal: 200 courses of 4 units of 4 lessons in 6
 * topics; 300 groups of 30 members drawn from the seeded people, a fifth of the courses attached
 * to some of them (closed content); the employee (1001) in 5 groups, 2 of them upcoming, with some
 * progress; the moderator (1004) created 10 groups. Returns one of the moderator's groups.
 */
async function seedTraining(db: Knex, portalId: string): Promise<number> {
  const courseIds = await seedCourses(db, portalId, { courses: COURSES, unitsPerCourse: UNITS_PER_COURSE, lessonsPerUnit: LESSONS_PER_UNIT });

  // Groups: every seventh one over, every eleventh one upcoming, the first ten the moderator's.
  await db.raw(
    `INSERT INTO training_groups (portal_id, name, description, created_by, access_starts_on, access_ends_on)
     SELECT ?, 'Group ' || lpad(g::text, 3, '0'), 'Who learns what in group ' || g, CASE WHEN g <= 10 THEN ? ELSE 1 END,
            CASE WHEN g % 11 = 0 THEN current_date + 30 ELSE current_date - 30 END,
            CASE WHEN g % 7 = 0 AND g % 11 <> 0 THEN current_date - 1 ELSE NULL END
     FROM generate_series(1, ?) g`,
    [portalId, CALLERS.moderator.userId, GROUPS],
  );
  const groupIds: number[] = (await db('training_groups').where({ portal_id: portalId }).orderBy('id').pluck('id')).map(Number);
  const people: number[] = (await db('people').where({ portal_id: portalId, active: true }).orderBy('user_id').pluck('user_id')).map(Number);
  const members = groupIds.flatMap((groupId, g) =>
    Array.from({ length: MEMBERS_PER_GROUP }, (_, k) => ({ portal_id: portalId, group_id: groupId, person_id: people[(g * 97 + k * 331) % people.length]!, source: 'manual' })),
  );
  // The employee in five groups: three open now (1, 2, 3) and two upcoming (11, 22).
  const employee = CALLERS.employee.userId;
  for (const g of [1, 2, 3, 11, 22]) members.push({ portal_id: portalId, group_id: groupIds[g - 1]!, person_id: employee, source: 'manual' });
  for (let i = 0; i < members.length; i += 1000) await db('group_members').insert(members.slice(i, i + 1000)).onConflict().ignore();
  // Every fifth course is closed: attached to three groups each; the employee's groups hold four courses each.
  const content = courseIds.filter((_, i) => i % 5 === 0).flatMap((courseId, i) => [0, 1, 2].map((k) => ({ group_id: groupIds[(i * 3 + k) % GROUPS]!, course_id: courseId })));
  for (const g of [1, 2, 3, 11, 22]) for (const k of [0, 1, 2, 3]) content.push({ group_id: groupIds[g - 1]!, course_id: courseIds[(g * 5 + k * 5) % COURSES]! });
  await db('group_content').insert(content.map((c) => ({ portal_id: portalId, ...c, attached_by: 1 }))).onConflict().ignore();
  // The employee has read the first lessons of a few courses.
  await db.raw(
    `INSERT INTO lesson_progress (portal_id, person_id, lesson_id, course_id)
     SELECT l.portal_id, ?, l.id, u.course_id FROM lessons l JOIN units u ON u.portal_id = l.portal_id AND u.id = l.unit_id
     WHERE l.portal_id = ? AND u.course_id <= ? AND l.position < 2 AND u.position = 0`,
    [employee, portalId, courseIds[9]],
  );
  return groupIds[0]!;
}

/** The seeded group's training, through the app as an admin would: settings saved, launched two weeks ago. */
async function launchTraining(app: FastifyInstance, adminToken: string, groupId: number): Promise<void> {
  const headers = { authorization: `Bearer ${adminToken}` };
  const settings = {
    version: 0,
    courseType: 'main',
    noWaiting: false,
    minutesPerWeek: 30,
    thresholdPercent: 80,
    program: { allTopicsUpTo: 'intermediate' },
    express: { unitIds: [], durationDays: null },
    intendedStaff: { en: '', ru: '' },
    lateJoiners: 'ownPace',
    timeZone: 'UTC',
  };
  const saved = await app.inject({ method: 'PUT', url: `/api/groups/${groupId}/training-settings`, headers, payload: settings });
  if (saved.statusCode !== 200) throw new Error(`training settings: ${saved.statusCode} ${saved.body.slice(0, 300)}`);
  const startsOn = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
  const launched = await app.inject({ method: 'POST', url: `/api/groups/${groupId}/training/launch`, headers, payload: { startsOn } });
  if (launched.statusCode !== 201) throw new Error(`launch: ${launched.statusCode} ${launched.body.slice(0, 300)}`);
}

async function seedDatabase(db: Knex): Promise<{ portalId: string; memberId: string; people: number; groupId: number }> {
  await migrateLatest(db);
  const portal = await installBenchPortal(db, 'api', 'user_brief,department');
  const seed = buildSeed(MEMBERS);
  await upsertDepartments(db, portal.id, seed.departments.map((d) => ({ departmentId: d.id, name: d.name, parentId: d.parent })));
  await upsertPeople(
    db,
    portal.id,
    seed.users.map((u) => ({
      userId: u.id,
      name: u.name,
      lastName: u.lastName,
      email: u.email,
      position: u.position,
      departmentIds: u.departments,
      userType: u.userType,
      active: u.active,
      photoUrl: null,
    })),
  );
  await db('moderators').insert({ portal_id: portal.id, subject_type: 'department', subject_id: 5, added_by: 1 });
  const groupId = await seedTraining(db, portal.id);
  // Neither database runs autovacuum here: without statistics the planner guesses.
  await db.raw('VACUUM ANALYZE');
  return { portalId: portal.id, memberId: portal.memberId, people: seed.users.length, groupId };
}

/** The bare route: Fastify and the database's own driver, one primary-key read, no knex, no hooks. */
async function bareRoute(db: Knex, databaseUrl: string | null, portalId: string) {
  const bare = Fastify({ logger: false });
  const sql = 'SELECT user_id, name, last_name FROM people WHERE portal_id = $1 AND user_id = $2';
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    bare.addHook('onClose', async () => pool.end());
    bare.get('/bare', async () => (await pool.query(sql, [portalId, 1001])).rows[0]);
  } else {
    // The embedded database's one PGlite instance, which the app's knex uses too.
    const pglite = (db.client as { pglite: PGlite }).pglite;
    bare.get('/bare', async () => (await pglite.query(sql, [portalId, 1001])).rows[0]);
  }
  return bare;
}

async function serve(databaseUrl: string | null): Promise<void> {
  const db = openDatabase({ databaseUrl, dataDir: 'memory' });
  // PGlite takes seconds to start (a minute on a busy machine): wait for it rather than for knex's pool.
  if (!databaseUrl) await (db.client as { pglite: PGlite }).pglite.waitReady;
  const { portalId, memberId, people, groupId } = await seedDatabase(db);
  const config = loadConfig({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', RUN_WORKER: 'false' });
  const app = await buildApp({ config, db, dbKind: databaseUrl ? 'postgresql' : 'embedded', manifest: loadManifest() });
  const afresh = await buildApp({ config, db, dbKind: databaseUrl ? 'postgresql' : 'embedded', manifest: loadManifest(), replies: null });
  const bare = await bareRoute(db, databaseUrl, portalId);
  const tokens = Object.fromEntries(
    (Object.keys(CALLERS) as Caller[]).map((caller) => {
      const c = CALLERS[caller];
      const claims = { portalId, memberId, userId: c.userId, role: c.role, purpose: 'app' as const, ...launchFactsClaims(c) };
      return [caller, issueSessionToken(config.sessionSecret, claims, 3600).token];
    }),
  ) as Record<Caller, string>;
  await launchTraining(app, tokens.admin, groupId);
  // Each route answers 200 before it is loaded (a bench of 401s or 404s would measure nothing), and
  // says how many SQL statements one request sends.
  let sent = 0;
  db.on('query', () => sent++);
  const statements: number[] = [];
  for (const route of ROUTES) {
    const url = route.path.replace(':group', String(groupId));
    sent = 0;
    const probe = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[route.as]}` } });
    if (probe.statusCode !== 200) throw new Error(`probe ${url}: ${probe.statusCode} ${probe.body.slice(0, 300)}`);
    statements.push(sent);
    if (process.env.BENCH_SERIAL) {
      // One request at a time: the Node CPU (and, embedded, the database's, in this process) and the wall time of each.
      const n = Number(process.env.BENCH_SERIAL);
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < n; i++) await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[route.as]}` } });
      const used = process.cpuUsage(cpu);
      process.stderr.write(`${databaseUrl ? 'PostgreSQL' : 'embedded'} ${url}: ${((performance.now() - started) / n).toFixed(2)} ms wall, ${((used.user + used.system) / 1000 / n).toFixed(2)} ms CPU per request\n`);
    }
  }
  const ready: Ready = {
    groupId,
    statements,
    bareUrl: await bare.listen({ port: 0, host: '127.0.0.1' }),
    appUrl: await app.listen({ port: 0, host: '127.0.0.1' }),
    afreshUrl: await afresh.listen({ port: 0, host: '127.0.0.1' }),
    tokens,
    people,
  };
  // Forked by the load process: tell it over IPC. Started by hand (to profile: node --cpu-prof
  // dist/bench/api-throughput.js serve [url]): print where to send load.
  if (process.send) process.send(ready);
  else process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.once('SIGTERM', () => {
    void Promise.all([app.close(), afresh.close(), bare.close()])
      .then(() => db.destroy())
      .finally(() => process.exit(0));
  });
}

// ---------------------------------------------------------------- the load process

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string>): Promise<Figures> {
  await autocannon({ url, headers, connections, duration: 1 });
  const result = await autocannon({ url, headers, connections, duration: seconds });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

async function startServer(databaseUrl: string | null): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(__filename, ['serve', databaseUrl ?? ''], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before it was ready`)));
  });
  return { child, ready };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The label of a route built afresh on every request (an app that keeps no replies). */
const AFRESH = 'afresh ';

type Row = { database: 'PostgreSQL' | 'embedded'; route: string; figures: Figures; ratio: number; statements: number | null };

/** Several runs as one: mean req/s and p50, the worst p99, every error counted. */
function merged(runs: Figures[]): Figures {
  const mean = (pick: (f: Figures) => number) => runs.reduce((sum, f) => sum + pick(f), 0) / runs.length;
  const total = (pick: (f: Figures) => number) => runs.reduce((sum, f) => sum + pick(f), 0);
  return {
    rps: mean((f) => f.rps),
    p50: mean((f) => f.p50),
    p99: Math.max(...runs.map((f) => f.p99)),
    errors: total((f) => f.errors),
    timeouts: total((f) => f.timeouts),
    non2xx: total((f) => f.non2xx),
  };
}

/**
 * Rounds: the bare route and every app route in turn, BENCH_ROUNDS times. A route's ratio is the
 * mean of its ratios to the bare route of the same round, so that a neighbour's burst of work on
 * a shared machine weighs on both sides of a ratio rather than on one route.
 */
async function measure(database: Row['database'], databaseUrl: string | null): Promise<Row[]> {
  const { child, ready } = await startServer(databaseUrl);
  try {
    process.stdout.write(`${database}: ${ready.people} people seeded; loading...\n`);
    const targets = [
      { route: 'bare Fastify: one indexed query', url: `${ready.bareUrl}/bare`, headers: {} },
      ...ROUTES.map((route) => {
        const path = route.path.replace(':group', String(ready.groupId));
        return { route: `GET ${path}`, url: `${ready.appUrl}${path}`, headers: { authorization: `Bearer ${ready.tokens[route.as]}` }, statements: ready.statements[ROUTES.indexOf(route)]! };
      }),
      // The routes that keep replies, built afresh on every request (no goal: what a read costs after a write).
      ...ROUTES.filter((route) => route.path !== '/api/me').map((route) => {
        const path = route.path.replace(':group', String(ready.groupId));
        return { route: `${AFRESH}${path}`, url: `${ready.afreshUrl}${path}`, headers: { authorization: `Bearer ${ready.tokens[route.as]}` }, statements: ready.statements[ROUTES.indexOf(route)]! };
      }),
    ];
    const runs: Figures[][] = targets.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [i, target] of targets.entries()) runs[i]!.push(await load(target.url, target.headers));
    }
    return targets.map((target, i) => ({
      database,
      route: target.route,
      statements: 'statements' in target ? target.statements : null,
      figures: merged(runs[i]!),
      ratio: runs[i]!.reduce((sum, f, round) => sum + f.rps / runs[0]![round]!.rps, 0) / rounds,
    }));
  } finally {
    await stopServer(child);
  }
}

function report(rows: Row[]): boolean {
  const clean = (f: Figures) => f.errors === 0 && f.timeouts === 0 && f.non2xx === 0;
  // A database that could not be measured meets no goal.
  let allMet = (['PostgreSQL', 'embedded'] as const).every((database) => rows.some((row) => row.database === database));
  const lines = [
    `${'database'.padEnd(11)}${'route'.padEnd(44)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'err'.padStart(5)}${'t/o'.padStart(5)}${'!2xx'.padStart(6)}${'SQL'.padStart(5)}${'x bare'.padStart(8)}  goal`,
  ];
  for (const row of rows) {
    const f = row.figures;
    const isBare = row.route.startsWith('bare');
    const isAfresh = row.route.startsWith(AFRESH);
    const ratio = row.ratio;
    const goals: string[] = [];
    if (isAfresh) goals.push('every reply built afresh: no goal');
    if (!isBare && !isAfresh && row.database === 'PostgreSQL') {
      const met = ratio >= 0.5;
      allMet &&= met;
      goals.push(`>= 0.5x bare: ${met ? 'met' : 'MISSED'}`);
    }
    if (!isBare && !isAfresh && row.database === 'embedded') {
      const onPostgres = rows.find((r) => r.database === 'PostgreSQL' && r.route === row.route);
      if (onPostgres) {
        const share = f.rps / onPostgres.figures.rps;
        const met = share >= 0.25;
        allMet &&= met;
        goals.push(`within 4x of PostgreSQL (${share.toFixed(2)}x): ${met ? 'met' : 'MISSED'}`);
      }
    }
    allMet &&= clean(f);
    goals.push(clean(f) ? 'no errors: met' : 'errors: MISSED');
    lines.push(
      `${row.database.padEnd(11)}${row.route.slice(0, 43).padEnd(44)}${f.rps.toFixed(0).padStart(8)}${f.p50.toFixed(1).padStart(8)}${f.p99.toFixed(1).padStart(8)}` +
        `${String(f.errors).padStart(5)}${String(f.timeouts).padStart(5)}${String(f.non2xx).padStart(6)}${String(row.statements ?? 1).padStart(5)}${(isBare ? '1.00' : ratio.toFixed(2)).padStart(8)}  ${goals.join('; ')}`,
    );
  }
  process.stdout.write(`\n${lines.join('\n')}\n${allMet ? 'All goals met.' : 'Some goals MISSED.'}\n`);
  return allMet;
}

async function main(): Promise<void> {
  process.stdout.write(`Authenticated reads next to a bare route: ${connections} connections, ${rounds} rounds of ${seconds} s each (BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_SECONDS)\n`);
  const rows: Row[] = [];
  const failed = (database: string) => (error: unknown) => {
    process.stdout.write(`${database}: not measured (${error instanceof Error ? error.message : String(error)})\n`);
    return [] as Row[];
  };
  const postgres = await throwawayPostgres('api');
  if (postgres) {
    try {
      rows.push(...(await measure('PostgreSQL', postgres.url).catch(failed('PostgreSQL'))));
    } finally {
      await postgres.drop();
    }
  }
  rows.push(...(await measure('embedded', null).catch(failed('embedded'))));
  report(rows);
}

if (process.argv[2] === 'serve') {
  serve(process.argv[3] || null).catch((error) => {
    process.stderr.write(`bench server: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
