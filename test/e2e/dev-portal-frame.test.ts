import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { SEED_GROUPS, SEED_USERS, startLocalPortal, type LocalPortal } from '../../server/dev-portal';
import { chromiumExecutable, describeInChromium } from './chromium';

/**
 * The portal page driven in Chromium with the real @bitrix24/b24jssdk inside the app frame: the frame
 * handshake, REST calls straight from the browser (CORS), refreshAuth after 401 expired_token, parent
 * commands, the user picker, installFinish reloading into the app, and the group widget (§6.3).
 */

const SDK = fs.readFileSync(path.join(__dirname, '../../node_modules/@bitrix24/b24jssdk/dist/umd/index.min.js'), 'utf8');

/** A stand-in app: every page initialises the SDK and publishes what it learned on window.__app. */
const APP_PAGE = (where: string) => `<!doctype html><html><head><meta charset="utf-8"></head><body>
<h1 id="where">${where}</h1><div style="height:300px">content</div>
<script src="/sdk.js"></script>
<script>
window.__app = {};
B24Js.initializeB24Frame().then(function ($b24) {
  window.$b24 = $b24;
  window.__app.init = { lang: $b24.getLang(), install: $b24.isInstallMode, firstRun: $b24.isFirstRun, admin: $b24.auth.isAdmin,
    placement: $b24.placement.placement, options: $b24.placement.options, auth: $b24.auth.getAuthData() };
}).catch(function (e) { window.__app.error = String(e && e.message || e); });
</script></body></html>`;

async function startFakeApp(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sdk.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(SDK);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(APP_PAGE(url.pathname));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://localhost:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describeInChromium('local portal page in Chromium with the real b24jssdk', () => {
  let app: Awaited<ReturnType<typeof startFakeApp>>;
  let portal: LocalPortal;
  let context: BrowserContext;
  let page: Page;

  /** The app frame once the SDK finished its handshake. */
  async function appFrame(pathname: string): Promise<Frame> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const frame = page.frames().find((f) => f.url().startsWith(app.url) && new URL(f.url()).pathname === pathname);
      if (frame) {
        const state = await frame.evaluate(() => (window as any).__app).catch(() => null);
        if (state?.init) return frame;
        if (state?.error) throw new Error(`SDK init failed: ${state.error}`);
      }
      if (Date.now() > deadline) throw new Error(`no initialised app frame at ${pathname}`);
      await page.waitForTimeout(50);
    }
  }

  /** The frame inside the element with this data-testid, once its SDK is initialised. */
  async function frameByTestId(testId: string): Promise<Frame> {
    const handle = await page.getByTestId(testId).elementHandle();
    const frame = (await handle!.contentFrame())!;
    await frame.waitForFunction(() => (window as any).__app?.init);
    return frame;
  }

  const call = (frame: Frame, method: string, params: Record<string, unknown> = {}) =>
    frame.evaluate(
      async ([m, p]) => {
        const r = await (window as any).$b24.actions.v2.call.make({ method: m, params: p });
        return r.getData().result;
      },
      [method, params] as const,
    );

  beforeAll(async () => {
    app = await startFakeApp();
    portal = await startLocalPortal({ appBaseUrl: app.url, clientId: 'c', clientSecret: 's', seed: { bigGroupMembers: 10 } });
    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'portal-chromium-')), {
      executablePath: chromiumExecutable(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    await portal?.close();
    await app?.close();
  });

  it('opens the installer for the admin; the SDK initialises through the parent and calls REST directly', async () => {
    await page.goto(`${portal.url}/`);
    const frame = await appFrame('/install');
    const init = await frame.evaluate(() => (window as any).__app.init);
    expect(init).toMatchObject({ lang: 'en', install: true, firstRun: true, admin: true, placement: 'DEFAULT' });
    expect(init.auth).toMatchObject({ domain: portal.url, member_id: portal.memberId });
    expect(await call(frame, 'user.current')).toMatchObject({ ID: '1', NAME: 'Anna' });
    expect(await frame.evaluate(() => window.name)).toMatch(new RegExp(`^${portal.domain}\\|0\\|[0-9a-f]{32}$`));
  });

  it('handles setTitle and resizeWindow in the parent', async () => {
    const frame = await appFrame('/install');
    await frame.evaluate(() => (window as any).$b24.parent.setTitle('Setup wizard'));
    expect(await page.getByTestId('page-title').textContent()).toBe('Setup wizard');
    const size = await frame.evaluate(() => (window as any).$b24.parent.resizeWindow(700, 480));
    expect(size).toEqual({ width: 700, height: 480 });
    expect((await page.getByTestId('app-frame-layout').boundingBox())!.height).toBe(480);
  });

  it('refreshes an expired token through the parent and retries the call', async () => {
    const frame = await appFrame('/install');
    const before = await frame.evaluate(() => (window as any).$b24.auth.getAuthData().access_token);
    portal.controls.expireAllAccessTokens();
    expect(await call(frame, 'profile')).toMatchObject({ ID: '1', ADMIN: true });
    const after = await frame.evaluate(() => (window as any).$b24.auth.getAuthData().access_token);
    expect(after).not.toBe(before);
  });

  it('picks a user in the portal dialog and hands it to the app', async () => {
    const frame = await appFrame('/install');
    const picked = frame.evaluate(() => (window as any).$b24.dialog.selectUser());
    await page.getByTestId('user-picker-item-3').click();
    expect(await picked).toMatchObject({ id: '3', name: 'Olga Smirnova', position: 'Sales Manager' });
  });

  it('picks several users, and fits the frame to the content', async () => {
    const frame = await appFrame('/install');
    const picked = frame.evaluate(() => (window as any).$b24.dialog.selectUsers());
    await page.getByTestId('user-picker-item-5').locator('input').check();
    await page.getByTestId('user-picker-item-6').locator('input').check();
    await page.getByTestId('user-picker-ok').click();
    expect((await picked).map((u: { id: string }) => u.id)).toEqual(['5', '6']);
    const fitted = await frame.evaluate(() => (window as any).$b24.parent.fitWindow());
    expect(fitted.height).toBeGreaterThan(300);
  });

  it('opens a portal path and the app itself in sliders, and answers when they close', async () => {
    const frame = await appFrame('/install');
    const opened = frame.evaluate(() => (window as any).$b24.slider.openPath((window as any).$b24.slider.getUrl('/workgroups/group/7/')));
    const inner = page.frameLocator('[data-testid="slider-page-frame"]');
    await inner.getByTestId('group-about').waitFor();
    await page.getByTestId('slider-close').click();
    expect(await opened).toEqual({ isOpenAtNewWindow: false, isClose: true });
    // openApplication: a second frame of the app, closed from inside with closeApplication
    const closed = frame.evaluate(() => (window as any).$b24.slider.openSliderAppPage({ lesson: '5', bx24_width: 800 }).then(() => 'closed'));
    const child = await frameByTestId('slider-app-frame');
    expect(await child.evaluate(() => (window as any).__app.init.options)).toEqual({ lesson: '5' });
    // The slider (and the frame asking) goes away, so the frame's own promise never matters
    void child.evaluate(() => (window as any).$b24.parent.closeApplication()).catch(() => undefined);
    expect(await closed).toBe('closed');
    expect(await page.getByTestId('slider').count()).toBe(0);
  });

  it('finishes the installation: the portal reloads and opens the app URL', async () => {
    const frame = await appFrame('/install');
    await call(frame, 'placement.bind', { PLACEMENT: 'SONET_GROUP_DETAIL_TAB', HANDLER: `${app.url}/placement`, TITLE: 'Training' });
    void frame.evaluate(() => (window as any).$b24.installFinish()).catch(() => undefined);
    await page.waitForURL(/install_finished=Y/);
    const appMain = await appFrame('/');
    expect(await appMain.evaluate(() => (window as any).__app.init)).toMatchObject({ install: false, firstRun: false });
    expect(portal.controls.installed()).toBe(true);
  });

  it('switches to the employee, who gets the app with their own token', async () => {
    await page.getByTestId('user-switcher').selectOption(String(SEED_USERS.employee));
    await page.waitForURL(/as=3/);
    const frame = await appFrame('/');
    expect(await frame.evaluate(() => (window as any).__app.init)).toMatchObject({ admin: false, firstRun: true });
    expect(await call(frame, 'user.current')).toMatchObject({ ID: '3' });
  });

  it('opens the workgroup widget with GROUP_ID; the parent refuses setTitle there', async () => {
    await page.goto(`${portal.url}/workgroups/group/${SEED_GROUPS.englishClub}/`);
    await page.getByTestId('placement-tab').click();
    const frame = await appFrame('/placement');
    expect(await frame.evaluate(() => (window as any).__app.init)).toMatchObject({ placement: 'SONET_GROUP_DETAIL_TAB', options: { GROUP_ID: '7' } });
    // setTitle is denied in widgets: the SDK gives up after its 900 ms safety timeout
    expect(await frame.evaluate(() => (window as any).$b24.parent.setTitle('nope'))).toEqual({ isSafely: true });
    expect(await page.getByTestId('page-title').textContent()).toBe('English Club');
  });
});
