import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { createAppWorker } from '../../server/app-worker';
import { loadConfig } from '../../server/config';
import { SEED_USERS, startLocalPortal, type LocalPortal } from '../../server/dev-portal';
import { silentJobLogger } from '../../server/jobs/job-types';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, bootOf, formPost } from '../support/portal-app';
import { chromiumExecutable } from './chromium';

/**
 * The real thing, end to end: our app built by build.mjs and listening on a port, the local
 * Bitrix24 portal hosting it in an iframe, and Chromium driving the portal page.
 */
export const ROOT = path.join(__dirname, '../..');
export const RESULTS_DIR = path.join(ROOT, 'test-results');

export interface Harness {
  app: TestApp;
  appUrl: string;
  portal: LocalPortal;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen in frames served by our app. */
  appErrors: string[];
  /** Every URL an app frame navigated to. */
  frameUrls: string[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function buildClient(): void {
  execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'pipe' });
}

export interface HarnessOptions {
  /** The app's clock of groups, plans and reports (server/app.ts AppDeps.clock), for a story that sets the day. */
  clock?: () => Date;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  // The portal must know the app's URL and the app its portal's: port first, then the portal, then the app.
  const { b24ClientId: clientId, b24ClientSecret: clientSecret } = loadConfig({});
  const portal = await startLocalPortal({ port: 0, appBaseUrl: appUrl, clientId, clientSecret, seed: { bigGroupMembers: 20 } });
  const app = await createTestApp({ APP_BASE_URL: appUrl, B24_OAUTH_SERVERS: portal.url, LOG_LEVEL: 'silent', RUN_WORKER: 'false' }, { deps: { clock: options.clock } });
  await app.app.listen({ port, host: '127.0.0.1' });

  const context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-e2e-chromium-')), {
    executablePath: chromiumExecutable(),
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const appErrors: string[] = [];
  const frameUrls: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.location().url.startsWith(appUrl)) appErrors.push(`${message.location().url}: ${message.text()}`);
  });
  page.on('pageerror', (error) => appErrors.push(`uncaught: ${error.message}`));
  page.on('framenavigated', (frame) => {
    if (frame.url().startsWith(appUrl)) frameUrls.push(new URL(frame.url()).pathname);
  });

  return {
    app,
    appUrl,
    portal,
    context,
    page,
    appErrors,
    frameUrls,
    close: async () => {
      await context.close().catch(() => undefined);
      await app.close();
      await portal.close();
    },
  };
}

/**
 * The usual life of a browser test file: the client built and the harness started before its
 * tests (handed to `started`), closed after them, and after each test no JavaScript error of our
 * frames in the console (the Market rejects apps with any).
 */
export function harnessForFile(started: (h: Harness) => void, options: HarnessOptions = {}): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    buildClient();
    harness = await startHarness(options);
    started(harness);
  }, 90_000);
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(() => {
    expect(harness?.appErrors.splice(0) ?? []).toEqual([]);
  });
}

/** An app iframe on the portal page (`app-frame`, or `placement-frame` for widgets) as a Playwright Frame, once it shows `testId`. */
export async function appFrame(page: Page, testId: string, options: { frame?: string; timeout?: number } = {}): Promise<Frame> {
  const frameTestId = options.frame ?? 'app-frame';
  const locator = page.frameLocator(`[data-testid="${frameTestId}"]`).getByTestId(testId);
  await locator.waitFor({ state: 'visible', timeout: options.timeout ?? 20_000 });
  const handle = await page.getByTestId(frameTestId).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('the app frame has no content frame');
  return frame;
}

/** Polls `check` until it returns a truthy value (returned) or the time is up (the last value is thrown). */
export async function eventually<T>(check: () => Promise<T> | T, timeout = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last value ${JSON.stringify(last)} ${lastError ? String(lastError) : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The section tabs the shell shows, as their test ids and labels. */
export async function navOf(frame: Frame): Promise<Array<{ id: string; label: string }>> {
  return frame.$$eval('[role="tab"]', (tabs) => tabs.map((tab) => ({ id: tab.getAttribute('data-testid') ?? '', label: (tab.textContent ?? '').trim() })));
}

/**
 * Installs the app the way the wizard does, without the browser (the wizard itself is the story of
 * app-in-portal.test.ts and install-demo.test.ts); returns an app session token of the portal's admin.
 */
export async function installByApi(h: Harness): Promise<string> {
  const launch = h.portal.controls.frameLaunch(SEED_USERS.admin);
  const page = bootOf(await formPost(h.app.app, '/install', launch.query, launch.fields));
  if (!page.install?.ok) throw new Error(`install refused: ${JSON.stringify(page.install)}`);
  const setup = await h.app.app.inject({ method: 'POST', url: '/api/install/setup', headers: bearer(page.install.token) });
  if (setup.statusCode !== 200) throw new Error(`install setup failed: ${setup.body}`);
  h.portal.controls.finishInstall();
  const admin = h.portal.controls.frameLaunch(SEED_USERS.admin);
  return bootOf(await formPost(h.app.app, '/', admin.query, admin.fields)).session.token;
}

/**
 * Installs the app through the wizard in the browser, as the portal's admin opening it first,
 * choosing no demo course (install-demo.test.ts is that step's story); ends in the app's shell.
 */
export async function installThroughWizard(h: Harness): Promise<void> {
  await h.page.goto(`${h.portal.url}/`);
  const wizard = await appFrame(h.page, 'install-demo', { timeout: 30_000 });
  await wizard.getByTestId('install-demo-skip').check();
  await wizard.getByTestId('install-demo-continue').click();
  await h.page.waitForURL(/install_finished=Y/, { timeout: 30_000 });
  await appFrame(h.page, 'app-shell');
}

/** Runs the queued jobs (no worker runs in the harness's app) until the queue is empty. */
export async function runQueuedJobs(h: Harness): Promise<void> {
  const worker = createAppWorker({ db: h.app.database.db, bitrix: h.app.app.bitrix, log: silentJobLogger });
  for (let round = 0; round < 50; round++) if ((await worker.runOnce()).jobId === null) return;
  throw new Error('the job queue did not empty');
}

/** The app's API as the holder of `token`, for a story's set-up: anything but a 2xx throws. */
export async function callApi(h: Harness, token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const res = await h.app.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The portal page as `userId` sees it (in `lang`), with the app's shell loaded in its frame. */
export async function openAs(h: Harness, userId: number, lang: 'en' | 'ru' = 'en'): Promise<Frame> {
  await h.page.goto(`${h.portal.url}/?as=${userId}&lang=${lang}`);
  return appFrame(h.page, 'app-shell');
}

/** The frame is exactly as tall as the app and nothing inside it overflows sideways: no scrollbars at 1280 px. */
export async function expectFrameFitted(page: Page, frame: Frame): Promise<void> {
  await eventually(
    async () => {
      const layout = await page.getByTestId('app-frame-layout').boundingBox();
      const content = await frame.evaluate(() => Math.ceil(document.getElementById('app')!.getBoundingClientRect().height));
      return layout !== null && Math.abs(layout.height - Math.max(240, content)) <= 1;
    },
    10_000,
    'the frame to fit its content',
  );
  const sizes = await frame.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.clientWidth);
}

/** The whole portal page into test-results/`name`.png: the window is made as tall as the page for the shot (a fullPage capture re-lays the frame out). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`) });
  await page.setViewportSize(viewport);
}
