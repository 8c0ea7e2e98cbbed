/**
 * Benchmark: how long opening the app (POST /, verified at the portal, role resolved, page
 * rendered) takes while the app is busy, on PostgreSQL and on the embedded database (PGlite):
 *
 *   1. during a full import of a 10,000-person portal (the install's people import): launch
 *      latency p50 / p95 / max, one employee launch after another until the import ends, next to
 *      the same launches with nothing running. REST limits are raised on both sides here, so what
 *      is measured is the database and the process, not Bitrix24's bucket. Goal: embedded p95 < 1 s.
 *   2. during 200 concurrent forged POST /api/session requests from one address (well-shaped
 *      tokens, so each one that gets through costs a request from the portal's bucket), with the
 *      real limits (bucket 50, 2/s): how long an employee's launch from another address takes, what
 *      the forged requests got, and how many REST requests they cost the portal.
 *
 * The local portal runs in this process, as in `npm start`. PostgreSQL is DATABASE_URL (default: the local
 * server), in a throw-away database (support/throwaway-postgres.ts); skipped with a note when
 * unreachable. BENCH_PEOPLE changes the portal's size; BENCH_DATABASES=embedded (or PostgreSQL) runs one.
 */
import crypto from 'node:crypto';
import { type Knex } from 'knex';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../server/db/database';
import { migrateLatest } from '../server/db/migrate';
import { buildApp } from '../server/app';
import { loadConfig, LOCAL_PORTAL_CLIENT } from '../server/config';
import { loadManifest } from '../server/manifest';
import { BitrixClient } from '../server/bitrix/rest-client';
import { portalTokenStore } from '../server/tenants/portal-token-store';
import { enqueueJob } from '../server/jobs/job-repository';
import { JOB_KINDS } from '../server/jobs/job-kinds';
import { createAppWorker } from '../server/app-worker';
import { silentJobLogger } from '../server/jobs/job-types';
import { startLocalPortal, SEED_USERS, type LocalPortal } from '../server/dev-portal';
import { installLocalPortalRow } from './support/bench-portal';
import { throwawayPostgres } from './support/throwaway-postgres';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const FORGED = 200;
const GOAL_P95_MS = 1000;
const RAISED = { burst: 100_000, drainPerSecond: 10_000 };
const REAL = { burst: 50, drainPerSecond: 2 };

type Kind = 'PostgreSQL' | 'embedded';

interface ImportFigures {
  kind: Kind;
  baseline: number[];
  during: number[];
  importSeconds: number;
  imported: number;
}

interface ForgedFigures {
  kind: Kind;
  employeeMs: number;
  employeeView: string;
  afterMs: number;
  answers: Record<string, number>;
  restRequests: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A local portal, our app on `db` with its row for that portal (as after an install), and a launcher. */
async function setUp(db: Knex, kind: Kind, limits: typeof REAL) {
  const portal = await startLocalPortal({
    port: 0,
    appBaseUrl: 'http://127.0.0.1:9',
    clientId: LOCAL_PORTAL_CLIENT.id,
    clientSecret: LOCAL_PORTAL_CLIENT.secret,
    seed: { bigGroupMembers: PEOPLE },
    limits,
  });
  const config = loadConfig({ LOG_LEVEL: 'silent', RUN_WORKER: 'false', B24_OAUTH_SERVERS: portal.url });
  const manifest = loadManifest();
  const bitrix = new BitrixClient({ db, tokens: portalTokenStore, config, limits });
  const app = await buildApp({ config, db, dbKind: kind === 'embedded' ? 'embedded' : 'postgresql', manifest, bitrix });
  await app.ready();
  const row = await installLocalPortalRow(db, portal, portal.memberId, 'user_brief,department,sonet_group,socialnetwork,im,placement');
  return { portal, app, bitrix, row };
}

/** One employee opening the app, as the portal posts it; returns ms and the page's view. */
async function launch(app: FastifyInstance, portal: LocalPortal, remoteAddress = '198.51.100.7'): Promise<{ ms: number; view: string }> {
  const frame = portal.controls.frameLaunch(SEED_USERS.employee);
  const started = performance.now();
  const res = await app.inject({
    method: 'POST',
    url: `/?${new URLSearchParams(frame.query).toString()}`,
    payload: new URLSearchParams(frame.fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    remoteAddress,
  });
  const ms = performance.now() - started;
  const match = /window\.__BOOT__=(.*?)<\/script>/s.exec(res.body);
  const boot = match ? (JSON.parse(match[1]!) as { view: string; error?: { code: string } }) : null;
  return { ms, view: boot?.view === 'app' ? 'app' : `${res.statusCode} ${boot?.error?.code ?? ''}`.trim() };
}

async function duringImport(db: Knex, kind: Kind): Promise<ImportFigures> {
  const { portal, app, bitrix, row } = await setUp(db, kind, RAISED);
  try {
    for (let i = 0; i < 5; i++) await launch(app, portal); // warm-up
    const baseline: number[] = [];
    for (let i = 0; i < 30; i++) baseline.push((await launch(app, portal)).ms);

    const worker = createAppWorker({ db, bitrix, log: silentJobLogger });
    await enqueueJob(db, row.id, JOB_KINDS.importPeople);
    const started = performance.now();
    let running = true;
    const imported = worker.runOnce().finally(() => (running = false));
    const during: number[] = [];
    const views = new Map<string, number>();
    while (running) {
      const { ms, view } = await launch(app, portal);
      if (running) during.push(ms);
      views.set(view, (views.get(view) ?? 0) + 1);
      await pause(50);
    }
    await imported;
    const importSeconds = (performance.now() - started) / 1000;
    const count = await db('people').where({ portal_id: row.id }).count<Array<{ count: number | string }>>({ count: '*' });
    if ([...views.keys()].some((view) => view !== 'app')) process.stdout.write(`  (${kind}: launches ended as ${JSON.stringify(Object.fromEntries(views))})\n`);
    return { kind, baseline, during, importSeconds, imported: Number(count[0]?.count ?? 0) };
  } finally {
    await bitrix.flushRequestLog();
    await app.close();
    await portal.close();
  }
}

async function duringForgedSessions(db: Knex, kind: Kind): Promise<ForgedFigures> {
  const { portal, app, bitrix } = await setUp(db, kind, REAL);
  try {
    await launch(app, portal); // warm-up (one request of the bucket's 50)
    portal.controls.resetStats();
    const forged = Array.from({ length: FORGED }, () =>
      app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { memberId: portal.memberId, accessToken: crypto.randomBytes(24).toString('hex') },
        remoteAddress: '203.0.113.9',
      }),
    );
    const employee = await launch(app, portal);
    const answers: Record<string, number> = {};
    for (const res of await Promise.all(forged)) {
      const key = `${res.statusCode} ${(res.json() as { error?: string }).error ?? ''}`.trim();
      answers[key] = (answers[key] ?? 0) + 1;
    }
    const after = await launch(app, portal);
    return { kind, employeeMs: employee.ms, employeeView: employee.view, afterMs: after.ms, answers, restRequests: portal.controls.stats().restRequests - 2 };
  } finally {
    await bitrix.flushRequestLog();
    await app.close();
    await portal.close();
  }
}

const wanted = (kind: Kind) => !process.env.BENCH_DATABASES || process.env.BENCH_DATABASES.toLowerCase().includes(kind.toLowerCase());

async function onEach(run: (db: Knex, kind: Kind) => Promise<void>): Promise<void> {
  const pg = wanted('PostgreSQL') ? await throwawayPostgres('launch') : null;
  if (pg) {
    const db = openDatabase({ databaseUrl: pg.url, dataDir: 'memory' });
    try {
      await migrateLatest(db);
      await run(db, 'PostgreSQL');
    } finally {
      await db.destroy();
      await pg.drop();
    }
  }
  if (!wanted('embedded')) return;
  const embedded = openDatabase({ databaseUrl: null, dataDir: 'memory' });
  try {
    await migrateLatest(embedded);
    await run(embedded, 'embedded');
  } finally {
    await embedded.destroy();
  }
}

const ms = (value: number) => (Number.isFinite(value) ? Math.round(value).toString() : '-');

async function main(): Promise<void> {
  const imports: ImportFigures[] = [];
  const forged: ForgedFigures[] = [];
  await onEach(async (db, kind) => {
    imports.push(await duringImport(db, kind));
    forged.push(await duringForgedSessions(db, kind));
  });

  const out = (line = '') => process.stdout.write(`${line}\n`);
  out();
  out(`Launch latency during a ${PEOPLE.toLocaleString('en')}-person people import (REST limits raised: the database and the process are measured)`);
  out(`${'database'.padEnd(11)} ${'launches'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'import s'.padStart(9)} ${'people'.padStart(7)}   idle p50 / p95 ms`);
  for (const f of imports) {
    out(
      `${f.kind.padEnd(11)} ${String(f.during.length).padStart(8)} ${ms(percentile(f.during, 50)).padStart(7)} ${ms(percentile(f.during, 95)).padStart(7)} ${ms(Math.max(...f.during)).padStart(7)} ` +
        `${f.importSeconds.toFixed(1).padStart(9)} ${String(f.imported).padStart(7)}   ${ms(percentile(f.baseline, 50))} / ${ms(percentile(f.baseline, 95))}`,
    );
  }
  const embedded = imports.find((f) => f.kind === 'embedded');
  const p95 = embedded ? percentile(embedded.during, 95) : Number.NaN;
  const verdict = !embedded ? 'not measured' : `${p95 < GOAL_P95_MS ? 'met' : 'MISSED'} (${ms(p95)} ms)`;
  out(`Goal: embedded p95 < ${GOAL_P95_MS} ms during the import: ${verdict}`);
  out('(The local portal answers in this process, as in npm start: its 2,500-user batches take the event loop too.)');
  out();
  out(`An employee's launch during ${FORGED} concurrent forged POST /api/session from one address (real limits: bucket ${REAL.burst}, ${REAL.drainPerSecond}/s)`);
  out(`${'database'.padEnd(11)} ${'launch ms'.padStart(9)} ${'page'.padStart(5)} ${'next ms'.padStart(8)} ${'REST spent'.padStart(10)}   forged requests got`);
  for (const f of forged) {
    const answers = Object.entries(f.answers)
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => `${count} x ${key}`)
      .join(', ');
    out(`${f.kind.padEnd(11)} ${ms(f.employeeMs).padStart(9)} ${f.employeeView.padStart(5)} ${ms(f.afterMs).padStart(8)} ${String(f.restRequests).padStart(10)}   ${answers}`);
  }
  out('(Before these limits: 100 such requests made an employee launch take 45 s.)');
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
