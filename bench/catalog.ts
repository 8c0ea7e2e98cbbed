/**
 * Benchmark: the catalog page (GET /api/catalog, first page of 50, as an employee with some
 * progress) of a portal with 2,000 courses and 50,000 lessons, next to a bare Fastify route doing
 * one indexed query (a course by primary key) on the same database, in one run. It prints
 * requests per second and p99 latency of each and their ratio; the goal is a ratio >= 0.5.
 * The catalog request goes through everything a real one does: session token check, the guard's
 * caller query, the one catalog statement, the access module, the response schema.
 * BENCH_SECONDS (default 10) and BENCH_CONNECTIONS (default 10) tune the load; DATABASE_URL picks
 * PostgreSQL (meaningful figures), otherwise the embedded database (one connection: figures are low).
 */
import crypto from 'node:crypto';
import Fastify from 'fastify';
import knexFactory from 'knex';
import autocannon from 'autocannon';
import type { Knex } from 'knex';
import { openDatabase } from '../server/db/database';
import { migrateLatest } from '../server/db/migrate';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { loadManifest } from '../server/manifest';
import { setPortalState, upsertInstalledPortal } from '../server/tenants/portal-repository';
import { issueSessionToken } from '../server/auth/session-token';
import { refreshCourseSummary } from '../server/catalog/course-authoring-repository';

const COURSES = 2_000;
const UNITS_PER_COURSE = 5;
const LESSONS_PER_UNIT = 5; // 2,000 x 5 x 5 = 50,000 lessons
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const VIEWER = 10;

async function seed(db: Knex, portalId: string): Promise<void> {
  const topicIds: number[] = [];
  for (const name of ['Passwords', 'Phishing', 'Safe browsing', 'Devices', 'Personal data', 'Social engineering']) {
    const [row] = await db('topics').insert({ portal_id: portalId, name }).returning('id');
    topicIds.push(row.id);
  }
  await db.raw(
    `INSERT INTO courses (portal_id, title, description, hidden_from_extranet, author_id)
     SELECT ?, 'Course ' || lpad(g::text, 4, '0'), 'What course ' || g || ' teaches, in a sentence or two.', g % 10 = 0, 1
     FROM generate_series(1, ?) g`,
    [portalId, COURSES],
  );
  await db.raw(
    `INSERT INTO units (portal_id, course_id, position, topic_id, level, title)
     SELECT c.portal_id, c.id, u, (CAST(? AS bigint[]))[1 + ((c.id + u) % 6)], (ARRAY['beginner','elementary','intermediate','advanced'])[1 + ((c.id + u) % 4)], 'Unit ' || u
     FROM courses c, generate_series(0, ?) u WHERE c.portal_id = ?`,
    [`{${topicIds.join(',')}}`, UNITS_PER_COURSE - 1, portalId],
  );
  await db.raw(
    `INSERT INTO lessons (portal_id, unit_id, position, title, body_markdown, estimated_minutes)
     SELECT u.portal_id, u.id, l, 'Lesson ' || l, repeat('Some **Markdown** text of a lesson. ', 30), 3 + (l % 5)
     FROM units u, generate_series(0, ?) l WHERE u.portal_id = ?`,
    [LESSONS_PER_UNIT - 1, portalId],
  );
  const courseIds: number[] = await db('courses').where({ portal_id: portalId }).orderBy('id').pluck('id');
  for (const id of courseIds) await refreshCourseSummary(db, portalId, id);
  // The viewer has read a few lessons in the first courses of the page.
  await db.raw(
    `INSERT INTO lesson_progress (portal_id, person_id, lesson_id, course_id)
     SELECT l.portal_id, ?, l.id, u.course_id FROM lessons l JOIN units u ON u.portal_id = l.portal_id AND u.id = l.unit_id
     WHERE l.portal_id = ? AND u.course_id <= 100 AND l.position < 3 AND u.position = 0`,
    [VIEWER, portalId],
  );
}

async function load(url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, headers, connections, duration: Math.min(2, seconds) }); // warm-up
  const result = await autocannon({ url, headers, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx replies, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

/** On PostgreSQL, a database of its own, dropped afterwards: the bench writes 60,000 rows. */
async function throwawayDatabase(): Promise<{ url: string | null; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { url: null, drop: async () => {} };
  const name = `bench_catalog_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
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

async function main(): Promise<void> {
  const target = await throwawayDatabase();
  const db = openDatabase({ databaseUrl: target.url, dataDir: 'memory' });
  const kind = target.url ? 'PostgreSQL' : 'embedded PGlite';
  try {
    await migrateLatest(db);
    const portal = await upsertInstalledPortal(db, {
      memberId: `bench-catalog-${Date.now()}`,
      domain: 'bench.bitrix24.example',
      clientEndpoint: 'https://bench.bitrix24.example/rest/',
      serverEndpoint: 'https://oauth.bitrix.info/rest/',
      applicationToken: 'bench',
      scope: 'user_brief',
      status: 'L',
      tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: new Date(Date.now() + 3600_000), userId: 1 },
    });
    await setPortalState(db, portal.id, 'active');
    let started = performance.now();
    await seed(db, portal.id);
    if (target.url) await db.raw('VACUUM ANALYZE'); // autovacuum is off on this machine (STACK-NOTES 19)
    const seededIn = (performance.now() - started) / 1000;

    const config = loadConfig({ LOG_LEVEL: 'silent', RUN_WORKER: 'false' });
    const app = await buildApp({ config, db, dbKind: target.url ? 'postgresql' : 'embedded', manifest: loadManifest() });
    const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const { token } = issueSessionToken(config.sessionSecret, { portalId: portal.id, memberId: portal.memberId, userId: VIEWER, role: 'employee', purpose: 'app' }, 3600);

    const bare = Fastify({ logger: false });
    const someCourse = Number((await db('courses').where({ portal_id: portal.id }).orderBy('id').first('id')).id) + COURSES / 2;
    bare.get('/bare', async () => {
      const { rows } = await db.raw('SELECT id, title FROM courses WHERE portal_id = ? AND id = ?', [portal.id, someCourse]);
      return rows[0];
    });
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

    const probe = await app.inject({ method: 'GET', url: '/api/catalog', headers: { authorization: `Bearer ${token}` } });
    const page = probe.json();
    if (probe.statusCode !== 200 || page.courses.length !== 50) throw new Error(`catalog probe failed: ${probe.statusCode} ${probe.body.slice(0, 200)}`);
    const lessons = await db('lessons').where({ portal_id: portal.id }).count<{ count: number }[]>({ count: '*' });

    started = performance.now();
    const bareFigures = await load(`${bareUrl}/bare`);
    const catalogFigures = await load(`${appUrl}/api/catalog`, { authorization: `Bearer ${token}` });
    const ratio = catalogFigures.rps / bareFigures.rps;

    const line = (name: string, f: { rps: number; p99: number }) => `${name.padEnd(40)} ${f.rps.toFixed(0).padStart(10)} ${f.p99.toFixed(1).padStart(10)}`;
    process.stdout.write(`\nCatalog page on ${kind}: ${COURSES} courses, ${lessons[0]!.count} lessons (seeded in ${seededIn.toFixed(1)} s); `);
    process.stdout.write(`${connections} connections, ${seconds} s each\n`);
    process.stdout.write(`${'route'.padEnd(40)} ${'req/s'.padStart(10)} ${'p99 ms'.padStart(10)}\n`);
    process.stdout.write(`${line('bare Fastify: one indexed query', bareFigures)}\n`);
    process.stdout.write(`${line('GET /api/catalog (50 of 2000 courses)', catalogFigures)}\n`);
    process.stdout.write(`ratio catalog/bare: ${ratio.toFixed(2)} (goal >= 0.5: ${ratio >= 0.5 ? 'met' : 'MISSED'})\n`);
    await bare.close();
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
