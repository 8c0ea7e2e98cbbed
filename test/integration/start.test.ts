import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/db/database';
import { migrateLatest } from '../../server/db/migrate';

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

async function waitForHealth(port: number, timeoutMs = 60000): Promise<Response> {
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

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
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
      expect(await stop(first.child)).toBe(0);
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
      expect(await stop(second.child)).toBe(0);
    }
    const reopened = openDatabase({ databaseUrl: null, dataDir });
    const row = await reopened('portals').where({ member_id: 'persisted-portal' }).first();
    await reopened.destroy();
    expect(row?.domain).toBe('p.example');
  });
});
