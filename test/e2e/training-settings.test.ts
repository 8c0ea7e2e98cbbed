import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { SEED_USERS } from '../../server/dev-portal';
import { bearer, bootOf, formPost } from '../support/portal-app';
import { appFrame, buildClient, eventually, RESULTS_DIR, startHarness, type Harness } from './app-harness';
import { describeInChromium } from './chromium';

/**
 * The group card's "Training settings" in Chromium, inside the local Bitrix24 portal: the install
 * made the default groups; an admin opens Average Risk, changes its intensity by keyboard, sees
 * the plan of the unsaved change, is stopped before leaving with it unsaved, saves, reloads and
 * finds the change; a save over someone else's newer one is shown and reloaded; the same in Russian.
 */
jest.setTimeout(150_000);

const COURSE = 'Security awareness';

describeInChromium('training settings on the group card', () => {
  let h: Harness;
  let adminToken: string;
  let averageId = 0;

  async function api(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
    const res = await h.app.app.inject({ method, url, headers: bearer(adminToken), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  async function openAverage(lang: 'en' | 'ru' = 'en'): Promise<Frame> {
    await h.page.goto(`${h.portal.url}/?as=${SEED_USERS.admin}&lang=${lang}`);
    const shell = await appFrame(h.page, 'app-shell');
    await shell.getByTestId('nav-groups').click();
    await shell.getByTestId(`group-open-${averageId}`).click();
    await shell.getByTestId('training-form').waitFor();
    return shell;
  }

  beforeAll(async () => {
    buildClient();
    h = await startHarness();
    const launch = h.portal.controls.frameLaunch(SEED_USERS.admin);
    const page = bootOf(await formPost(h.app.app, '/install', launch.query, launch.fields));
    const setup = await h.app.app.inject({ method: 'POST', url: '/api/install/setup', headers: bearer(page.install.token) });
    if (setup.statusCode !== 200) throw new Error(`install setup failed: ${setup.body}`);
    h.portal.controls.finishInstall();
    const admin = h.portal.controls.frameLaunch(SEED_USERS.admin);
    adminToken = bootOf(await formPost(h.app.app, '/', admin.query, admin.fields)).session.token;
    const groups = (await api('GET', '/api/groups')).groups as Array<{ id: number; name: string }>;
    averageId = groups.find((g) => g.name === 'Average Risk')!.id;
    await api('POST', '/api/catalog/demo-pack', { languages: ['en'] });
    const courses = (await api('GET', '/api/manage/courses')).courses as Array<{ id: number; title: string }>;
    await api('PUT', `/api/groups/${averageId}/content/course/${courses.find((c) => c.title === COURSE)!.id}`);
  }, 150_000);

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.appErrors.splice(0)).toEqual([]);
  });

  it('lets an admin change Average Risk\'s intensity, see the plan before saving, save and find it after a reload', async () => {
    let shell = await openAverage();
    // The default group as the install made it: 20 minutes a week, all topics up to Elementary, seed 000's staff text
    expect(await shell.getByTestId('training-minutes').inputValue()).toBe('20');
    expect(await shell.getByTestId('training-program-level').inputValue()).toBe('elementary');
    expect(await shell.getByTestId('training-staff-en').inputValue()).toContain('marketing specialists');
    await shell.getByTestId('training-preview-start').fill('2026-03-02');
    const summary = shell.getByTestId('training-preview-summary');
    await eventually(async () => (await summary.textContent())?.includes('at 20 minutes per week'), 10_000, 'the saved plan');
    const units = await shell.getByTestId('training-preview-unit').count();
    expect(units).toBeGreaterThan(0);
    const savedEnd = await summary.textContent();

    // By keyboard: the new intensity, then Enter would save; first the plan it makes, unsaved
    await shell.getByTestId('training-minutes').focus();
    await h.page.keyboard.press('Control+A');
    await h.page.keyboard.type('60');
    await eventually(async () => (await summary.textContent())?.includes('at 60 minutes per week'), 10_000, 'the preview of the unsaved intensity');
    expect(await shell.locator('.tg-plan-preview-title').textContent()).toBe('Group plan with your unsaved changes');
    expect(await summary.textContent()).not.toBe(savedEnd);
    expect(await shell.getByTestId('training-status').getAttribute('data-state')).toBe('unsaved');

    // Catch-up: the late joiner's minutes per week are shown before saving
    await shell.getByTestId('training-catch-up').check();
    await eventually(async () => /\d+ minutes per week/.test((await shell.getByTestId('training-catch-up-result').textContent()) ?? ''), 10_000, 'the catch-up pace');

    // Leaving with unsaved edits asks first
    await shell.getByTestId('nav-catalog').click();
    await shell.getByTestId('leave-prompt').waitFor();
    await shell.getByTestId('leave-stay').click();
    expect(await shell.getByTestId('training-minutes').inputValue()).toBe('60');

    await expectFrameFitted(shell);
    await screenshot('training-settings-unsaved');
    await shell.getByTestId('training-minutes').focus();
    await h.page.keyboard.press('Enter');
    await eventually(async () => (await shell.getByTestId('training-status').getAttribute('data-state')) === 'saved', 10_000, 'the save');

    shell = await openAverage();
    expect(await shell.getByTestId('training-minutes').inputValue()).toBe('60');
    expect(await shell.getByTestId('training-catch-up-box').count()).toBe(1);
    expect((await api('GET', `/api/groups/${averageId}/training-settings`)) as object).toMatchObject({ version: 2, minutesPerWeek: 60, lateJoiners: 'catchUp', defaultKey: 'average' });
  });

  it('says when someone else saved meanwhile, and reloads their version', async () => {
    const shell = await openAverage();
    await shell.getByTestId('training-threshold').fill('90');
    // Another manager saves first
    const theirs = await api('GET', `/api/groups/${averageId}/training-settings`);
    const { groupId: _g, defaultKey: _k, ...body } = theirs;
    await api('PUT', `/api/groups/${averageId}/training-settings`, { ...body, thresholdPercent: 70 });
    await shell.getByTestId('training-save').click();
    await shell.getByTestId('training-conflict').waitFor();
    await shell.getByTestId('training-conflict-theirs').click();
    expect(await shell.getByTestId('training-threshold').inputValue()).toBe('70');
    expect((await api('GET', `/api/groups/${averageId}/training-settings`)).thresholdPercent).toBe(70);
    // Chromium logs the refused save (the 409 this test staged) as a failed resource load
    expect(h.appErrors.splice(0)).toEqual([expect.stringMatching(/\/training-settings: Failed to load resource: .* 409/)]);
  });

  it('speaks Russian', async () => {
    const shell = await openAverage('ru');
    expect(await shell.locator('#group-training-title').textContent()).toBe('Настройки обучения');
    await eventually(async () => (await shell.getByTestId('training-preview-summary').textContent())?.includes('мин в неделю'), 10_000, 'the Russian preview');
    expect(await shell.getByTestId('training-staff-ru').inputValue()).toContain('маркетологи');
    await expectFrameFitted(shell);
    await screenshot('training-settings-ru');
  });

  /** The frame is as tall as its content and never wider than 1280 px allows (no scrollbars). */
  async function expectFrameFitted(frame: Frame): Promise<void> {
    await eventually(
      async () => {
        const layout = await h.page.getByTestId('app-frame-layout').boundingBox();
        const content = await frame.evaluate(() => Math.ceil(document.getElementById('app')!.getBoundingClientRect().height));
        return layout !== null && Math.abs(layout.height - Math.max(240, content)) <= 1;
      },
      10_000,
      'the frame to fit its content',
    );
    const sizes = await frame.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.clientWidth);
  }

  async function screenshot(name: string): Promise<void> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const viewport = h.page.viewportSize() ?? { width: 1280, height: 900 };
    const height = await h.page.evaluate(() => document.documentElement.scrollHeight);
    await h.page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
    await h.page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`) });
    await h.page.setViewportSize(viewport);
  }
});
