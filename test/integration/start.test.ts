import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/db/database';
import { migrateLatest } from '../../server/db/migrate';
import { enqueueJob } from '../../server/jobs/job-repository';
import { JOB_KINDS } from '../../server/jobs/job-kinds';
import { seedPortal } from '../support/seed-portal';

const root = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return { child, output: () => output };
}

async function waitForHealth(port: number, timeoutMs = 150_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not become healthy');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The non-empty lines printed so far, once one of them contains `text`. */
async function waitForOutput(output: () => string, text: string, timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`the server never printed "${text}"; it printed:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return output()
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** SIGTERM, then how the server ended; its output comes along so that a failed expectation shows why. */
async function stop(server: { child: ChildProcess; output: () => string }): Promise<{ exitCode: number | null; output: string }> {
  const { child } = server;
  const exitCode = child.exitCode !== null || child.signalCode !== null ? child.exitCode : await new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
  return { exitCode, output: server.output() };
}

/** Exited with 0; otherwise the failure shows everything the server printed. */
function expectCleanExit(ended: { exitCode: number | null; output: string }): void {
  if (ended.exitCode !== 0) throw new Error(`the server exited with ${ended.exitCode}; it printed:\n${ended.output}`);
}

describe('npm start on a fresh machine (built server, embedded database)', () => {
  let dataDir: string;
  beforeAll(() => {
    execFileSync(process.execPath, ['build.mjs'], { cwd: root, stdio: 'pipe' });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-start-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits non-zero with one line naming PORT when PORT is not a number', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['dist/server/main.js'], { cwd: root, env: { PATH: process.env.PATH ?? '', PORT: 'abc' }, stdio: 'pipe' });
    } catch (error) {
      const e = error as { status: number; stderr: Buffer };
      status = e.status;
      stderr = e.stderr.toString();
    }
    expect(status).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/PORT/);
  });

  it('in local-portal mode prints readable lines, none for /healthz and assets, and ends with the portal to open, which the app page links to', async () => {
    const port = await freePort();
    const portalPort = await freePort();
    const portalUrl = `http://localhost:${portalPort}`;
    const logsDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-start-logs-'));
    const started = startServer({ PORT: String(port), DEV_PORTAL_PORT: String(portalPort), DATA_DIR: logsDataDir, LOG_LEVEL: 'info' });
    try {
      await waitForHealth(port);
      await waitForOutput(started.output, portalUrl);
      // Given what a browser asks for around a page: assets, the favicon, and the health probe meanwhile
      expect((await fetch(`http://127.0.0.1:${port}/assets/app.js`)).status).toBe(200);
      const favicon = await fetch(`http://127.0.0.1:${port}/favicon.ico`);
      expect(favicon.status).toBe(200);
      expect(favicon.headers.get('content-type')).toMatch(/^image\//);
      // The app opened outside Bitrix24 names the local portal to open instead
      const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(page).toContain(`"localPortalUrl":"${portalUrl}"`);
      // A request that is worth a line, so that everything printed before it is in
      await fetch(`http://127.0.0.1:${port}/api/settings/moderators`);
      const lines = await waitForOutput(started.output, '/api/settings/moderators');

      // The start-up ends with the portal to open; only the lines of the requests above follow it
      const open = lines.findIndex((line) => line.includes(`Open ${portalUrl}`));
      expect(open).toBeGreaterThan(lines.findIndex((line) => line.includes('Training Groups app on')));
      expect(lines.slice(open + 1).filter((line) => !/ (GET \/|app launch refused)/.test(line))).toEqual([]);
      expect(lines.filter((line) => line.trimStart().startsWith('{'))).toEqual([]);
      expect(lines.filter((line) => /healthz|\/assets\/|favicon/.test(line))).toEqual([]);
      expect(lines.find((line) => line.includes('/api/settings/moderators'))).toMatch(/^\d\d:\d\d:\d\d INFO +GET \/api\/settings\/moderators 401 \d+ ms/);
    } finally {
      expectCleanExit(await stop(started));
      fs.rmSync(logsDataDir, { recursive: true, force: true });
    }
  }, 240_000);

  it('serves /healthz and the app shell, and keeps its data across a restart', async () => {
    const port = await freePort();
    const env = { PORT: String(port), DEV_PORTAL_PORT: String(await freePort()), DATA_DIR: dataDir };
    const first = startServer(env);
    try {
      const health = await waitForHealth(port);
      expect(await health.json()).toEqual({ status: 'ok', database: 'embedded' });
      const shell = await fetch(`http://127.0.0.1:${port}/`);
      expect(await shell.text()).toContain('/assets/app.js');
      expect((await fetch(`http://127.0.0.1:${port}/assets/app.js`)).status).toBe(200);
    } finally {
      expectCleanExit(await stop(first));
    }

    // Write a row while the server is down, then check the restarted server still sees its schema and data.
    const db = openDatabase({ databaseUrl: null, dataDir });
    expect(await migrateLatest(db)).toEqual([]);
    await db('portals').insert({ member_id: 'persisted-portal', domain: 'p.example', client_endpoint: 'http://p.example/rest/', server_endpoint: 'http://p.example/rest/' });
    await db.destroy();

    const second = startServer(env);
    try {
      await waitForHealth(port);
    } finally {
      expectCleanExit(await stop(second));
    }
    const reopened = openDatabase({ databaseUrl: null, dataDir });
    const row = await reopened('portals').where({ member_id: 'persisted-portal' }).first();
    await reopened.destroy();
    expect(row?.domain).toBe('p.example');
  }, 240_000);

  it('exits at once on SIGTERM while a job sleeps on a 10-minute 429, and gives the job back to the queue', async () => {
    // A Bitrix24 whose every method is blocked for 10 minutes (429 OPERATION_TIME_LIMIT).
    let blocked!: () => void;
    const firstAnswer = new Promise<void>((resolve) => (blocked = resolve));
    const bitrix = http.createServer((request, response) => {
      request.resume();
      response.writeHead(429, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.', time: { operating_reset_at: Math.floor(Date.now() / 1000) + 600 } }));
      blocked();
    });
    await new Promise<void>((resolve) => bitrix.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(bitrix.address() as net.AddressInfo).port}`;
    // Closed whatever fails below: a server left listening would keep Jest from exiting.
    try {

      // A portal of that Bitrix24 with a people import waiting, in the data the server will open.
      const jobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-start-job-'));
      let db = openDatabase({ databaseUrl: null, dataDir: jobDir });
      await migrateLatest(db);
      const portal = await seedPortal(db, { origin, restEndpoint: `${origin}/rest/` });
      const jobId = await enqueueJob(db, portal.id, JOB_KINDS.importPeople, {});
      await db.destroy();

      const server = startServer({ PORT: String(await freePort()), DEV_PORTAL_PORT: String(await freePort()), DATA_DIR: jobDir, LOG_LEVEL: 'info' });
      try {
        await firstAnswer; // the worker claimed the job, asked Bitrix24 and now waits out the block
        expectCleanExit(await stop(server));
      } finally {
        server.child.kill('SIGKILL');
      }
      // Given back (not abandoned to its lease as a dead worker's, not counted as a failed attempt).
      db = openDatabase({ databaseUrl: null, dataDir: jobDir });
      const job = await db('jobs').where({ portal_id: portal.id, id: jobId }).first();
      await db.destroy();
      fs.rmSync(jobDir, { recursive: true, force: true });
      expect(job).toMatchObject({ state: 'queued', attempts: 0, locked_by: null });
      expect(server.output()).not.toMatch(/handlers still running/);
    } finally {
      bitrix.close();
    }
  }, 240_000);
});
