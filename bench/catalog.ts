/**
 * Benchmark: the catalog page (GET /api/catalog, the first page of 24 the client asks for, as an employee with some
 * progress) of a portal with 2,000 courses and 50,000 lessons, next to a bare Fastify route doing
 * one indexed query (a course by primary key, straight through the driver) on the same database, in
 * one run, in turn for BENCH_ROUNDS rounds (default 2). It prints requests per second and p99 latency
 * of each and their ratio (the mean of each round's); the goal is a ratio >= 0.5. The app keeps the
 * page's reply while nothing it reads changes (http/reply-cache.ts), so the page is also loaded on the
 * same app keeping none: what the first read after a write costs (no goal).
 * The catalog request goes through everything a real one does: session token check, the caller
 * check joined to the one catalog statement, the access module, the response schema.
 * BENCH_SECONDS (default 10) and BENCH_CONNECTIONS (default 10) tune the load; DATABASE_URL picks
 * PostgreSQL (meaningful figures), otherwise the embedded database (one connection: figures are low).
 */
import Fastify from 'fastify';
import type { Knex } from 'knex';
import { openDatabase } from '../server/db/database';
import { queryRows } from '../server/db/driver-query';
import { migrateLatest } from '../server/db/migrate';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { loadManifest } from '../server/manifest';
import { issueSessionToken } from '../server/auth/session-token';
import { installBenchPortal } from './support/bench-portal';
import { loadSideBySide } from './support/load';

/** The catalog's first page as the client asks for it (client/pages/catalog/catalog-client.ts catalogPath). */
const PAGE_URL = '/api/catalog?limit=24&offset=0';
import { seedCourses } from './support/seed-courses';
import { throwawayPostgres } from './support/throwaway-postgres';

const COURSES = 2_000;
const UNITS_PER_COURSE = 5;
const LESSONS_PER_UNIT = 5; // 2,000 x 5 x 5 = 50,000 lessons
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const VIEWER = 10;

async function seed(db: Knex, portalId: string): Promise<void> {
  await seedCourses(db, portalId, { courses: COURSES, unitsPerCourse: UNITS_PER_COURSE, lessonsPerUnit: LESSONS_PER_UNIT });
  // The viewer has read a few lessons in the first courses of the page.
  await db.raw(
    `INSERT INTO lesson_progress (portal_id, person_id, lesson_id, course_id)
     SELECT l.portal_id, ?, l.id, u.course_id FROM lessons l JOIN units u ON u.portal_id = l.portal_id AND u.id = l.unit_id
     WHERE l.portal_id = ? AND u.course_id <= 100 AND l.position < 3 AND u.position = 0`,
    [VIEWER, portalId],
  );
}

/** On PostgreSQL (DATABASE_URL), a database of its own, dropped afterwards: the bench writes 60,000 rows. */
async function throwawayDatabase(): Promise<{ url: string | null; drop(): Promise<void> } | null> {
  if (!process.env.DATABASE_URL) return { url: null, drop: async () => {} };
  return throwawayPostgres('catalog', process.env.DATABASE_URL);
}

async function main(): Promise<void> {
  const target = await throwawayDatabase();
  if (!target) return;
  const db = openDatabase({ databaseUrl: target.url, dataDir: 'memory' });
  const kind = target.url ? 'PostgreSQL' : 'embedded PGlite';
  try {
    await migrateLatest(db);
    const portal = await installBenchPortal(db, 'catalog', 'user_brief');
    const started = performance.now();
    await seed(db, portal.id);
    if (target.url) await db.raw('VACUUM ANALYZE'); // autovacuum is off on this machine (STACK-NOTES 19)
    const seededIn = (performance.now() - started) / 1000;

    const config = loadConfig({ LOG_LEVEL: 'silent', RUN_WORKER: 'false' });
    const app = await buildApp({ config, db, dbKind: target.url ? 'postgresql' : 'embedded', manifest: loadManifest() });
    const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    // The same app keeping no replies (http/reply-cache.ts): every page built afresh, as after a write.
    const afresh = await buildApp({ config, db, dbKind: target.url ? 'postgresql' : 'embedded', manifest: loadManifest(), replies: null });
    const afreshUrl = await afresh.listen({ port: 0, host: '127.0.0.1' });
    const { token } = issueSessionToken(config.sessionSecret, { portalId: portal.id, memberId: portal.memberId, userId: VIEWER, role: 'employee', purpose: 'app' }, 3600);

    const bare = Fastify({ logger: false });
    const someCourse = Number((await db('courses').where({ portal_id: portal.id }).orderBy('id').first('id')).id) + COURSES / 2;
    // Straight through the driver (no knex query builder), as the app's hot reads are.
    bare.get('/bare', async () => (await queryRows(db, 'SELECT id, title FROM courses WHERE portal_id = $1 AND id = $2', [portal.id, someCourse]))[0]);
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

    const probe = await app.inject({ method: 'GET', url: PAGE_URL, headers: { authorization: `Bearer ${token}` } });
    const page = probe.json();
    if (probe.statusCode !== 200 || page.courses.length !== 24) throw new Error(`catalog probe failed: ${probe.statusCode} ${probe.body.slice(0, 200)}`);
    const lessons = await db('lessons').where({ portal_id: portal.id }).count<{ count: number }[]>({ count: '*' });

    const auth = { authorization: `Bearer ${token}` };
    const [bareFigures, catalogFigures, afreshFigures] = await loadSideBySide([{ url: `${bareUrl}/bare` }, { url: `${appUrl}${PAGE_URL}`, headers: auth }, { url: `${afreshUrl}${PAGE_URL}`, headers: auth }], { connections, seconds });
    const ratio = catalogFigures!.ratio;

    const line = (name: string, f: { rps: number; p99: number }) => `${name.padEnd(40)} ${f.rps.toFixed(0).padStart(10)} ${f.p99.toFixed(1).padStart(10)}`;
    process.stdout.write(`\nCatalog page on ${kind}: ${COURSES} courses, ${lessons[0]!.count} lessons (seeded in ${seededIn.toFixed(1)} s); `);
    process.stdout.write(`${connections} connections, ${seconds} s each, in turn, ${process.env.BENCH_ROUNDS ?? 2} rounds (BENCH_ROUNDS)\n`);
    process.stdout.write(`${'route'.padEnd(40)} ${'req/s'.padStart(10)} ${'p99 ms'.padStart(10)}\n`);
    process.stdout.write(`${line('bare Fastify: one indexed query', bareFigures!)}\n`);
    process.stdout.write(`${line(`GET ${PAGE_URL} (of ${COURSES} courses)`, catalogFigures!)}\n`);
    process.stdout.write(`${line('the same, built afresh (as after a write)', afreshFigures!)}\n`);
    process.stdout.write(`ratio catalog/bare (mean of the rounds' ratios): ${ratio.toFixed(2)} (goal >= 0.5: ${ratio >= 0.5 ? 'met' : 'MISSED'}); built afresh: ${afreshFigures!.ratio.toFixed(2)} (no goal)\n`);
    await bare.close();
    await afresh.close();
    await app.close();
  } finally {
    await db.destroy();
    await target.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
