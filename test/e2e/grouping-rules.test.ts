import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { createAppWorker } from '../../server/app-worker';
import { silentJobLogger } from '../../server/jobs/job-types';
import type { Worker } from '../../server/jobs/worker';
import { appFrame, buildClient, installThroughWizard, eventually, RESULTS_DIR, startHarness, type Harness } from './app-harness';
import { describeInChromium } from './chromium';

/**
 * Settings → Grouping rules in Chromium inside the local portal (issue 10 part 3): an admin adds
 * rules, orders them from the keyboard, previews who would join which group before anything
 * changes, applies them, and sees the section in Russian.
 */
jest.setTimeout(120_000);

// IT (5) > Development (6). Emily Clark (6) and Pavel Kozlov (16) are in Development; Robert Taylor (18) in IT.
const DEVELOPMENT = 6;
const IT = 5;
const EMILY = 6;
const PAVEL = 16;
const ROBERT = 18;

describeInChromium('Grouping rules as a portal admin meets them', () => {
  let h: Harness;
  let worker: Worker;
  let portalId: string;
  let developers: number;
  let itStaff: number;

  const db = () => h.app.database.db;
  const section = async (): Promise<Frame> => {
    const shell = await appFrame(h.page, 'app-shell');
    if ((await shell.getByTestId('page-settings').count()) === 0) await shell.getByTestId('nav-settings').click();
    await shell.getByTestId('grouping-rules').locator('[data-testid="rules-add"], [data-testid="rules-list"], [data-testid="rule-form"]').first().waitFor();
    return shell;
  };
  const focused = (frame: Frame) => frame.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
  const drain = async () => {
    for (let round = 0; round < 30; round++) if ((await worker.runOnce()).jobId === null) return;
  };
  /** The section as the admin sees it (an element picture: the portal page may not have sized the frame yet). */
  const screenshot = async (shell: Frame, name: string) => {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await shell.getByTestId('grouping-rules').screenshot({ path: path.join(RESULTS_DIR, `${name}.png`) });
  };

  beforeAll(async () => {
    buildClient();
    h = await startHarness();
    // The admin opens the app: the wizard installs it and the portal reloads into the app
    await installThroughWizard(h);
    // The people import the install queued runs (no worker runs in the harness's app)
    worker = createAppWorker({ db: db(), bitrix: h.app.app.bitrix, log: silentJobLogger });
    await drain();
    portalId = (await db()('portals').first('id')).id;
    const group = async (name: string) => Number((await db()('training_groups').insert({ portal_id: portalId, name, created_by: 1 }).returning('id'))[0].id);
    developers = await group('Developers');
    itStaff = await group('IT staff');
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    // The Market rejects apps with JavaScript errors; none may reach the console.
    if (h) expect(h.appErrors.splice(0)).toEqual([]);
  });

  it('starts empty, and says what is missing before sending a rule', async () => {
    const shell = await section();
    expect(await shell.getByTestId('rules-empty').count()).toBe(1);
    expect(await shell.getByTestId('rules-new-users').isChecked()).toBe(false);
    await shell.getByTestId('rules-add').click();
    // The form opens with the keyboard on its first field
    expect(await focused(shell)).toBe('rule-form-kind');
    await shell.getByTestId('rule-form-save').click();
    expect(await shell.getByTestId('rule-form-error-condition.departmentId').textContent()).toBe('Fill this in.');
    expect(await shell.getByTestId('rule-form-department').getAttribute('aria-invalid')).toBe('true');
  });

  it('adds two rules and puts IT first from the keyboard', async () => {
    const shell = await section();
    if ((await shell.getByTestId('rule-form').count()) === 0) await shell.getByTestId('rules-add').click();
    // Development (with its sub-departments) → Developers
    await shell.getByTestId('rule-form-department').selectOption(String(DEVELOPMENT));
    await shell.getByTestId('rule-form-group').selectOption(String(developers));
    await shell.getByTestId('rule-form-save').click();
    await shell.getByTestId('rules-list').waitFor();
    // IT without sub-departments → IT staff
    await shell.getByTestId('rules-add').click();
    await shell.getByTestId('rule-form-department').selectOption(String(IT));
    await shell.getByTestId('rule-form-subdepartments').uncheck();
    await shell.getByTestId('rule-form-group').selectOption(String(itStaff));
    await shell.getByTestId('rule-form-save').click();
    await eventually(async () => (await shell.locator('[data-testid="rules-list"] > li').count()) === 2, 10_000, 'two rules');
    const rows = shell.locator('[data-testid="rules-list"] > li');
    expect(await rows.nth(0).textContent()).toContain('Department Development and its sub-departments goes to Developers');
    expect(await rows.nth(1).textContent()).toContain('Department IT goes to IT staff');

    // Alt+↑ on the second rule's "Move up" button moves it first; the keyboard stays with it
    const itRule = Number((await rows.nth(1).getAttribute('data-testid'))!.replace('rule-', ''));
    await shell.getByTestId(`rule-up-${itRule}`).focus();
    await h.page.keyboard.press('Alt+ArrowUp');
    await eventually(async () => (await rows.nth(0).getAttribute('data-testid')) === `rule-${itRule}`, 10_000, 'the IT rule first');
    expect(await shell.getByTestId('rules-announce').textContent()).toBe('Rule moved to position 1.');
    await eventually(async () => (await focused(shell)) === `rule-down-${itRule}`, 5_000, 'focus on the moved rule');
    // And back down with Enter on the focused "Move down"
    await h.page.keyboard.press('Enter');
    await eventually(async () => (await rows.nth(1).getAttribute('data-testid')) === `rule-${itRule}`, 10_000, 'the IT rule second');
  });

  it('runs the dry run and sees who would join, with nothing changed, then applies it', async () => {
    const shell = await section();
    expect(await shell.getByTestId('rules-apply').isDisabled()).toBe(true);
    await shell.getByTestId('rules-preview').click();
    const preview = shell.getByTestId('rules-dry-run');
    await preview.waitFor();
    expect(await shell.getByTestId(`rules-join-${EMILY}`).textContent()).toBe('Emily Clark → Developers');
    expect(await shell.getByTestId(`rules-join-${PAVEL}`).textContent()).toBe('Pavel Kozlov → Developers');
    expect(await shell.getByTestId(`rules-join-${ROBERT}`).textContent()).toBe('Robert Taylor → IT staff');
    expect(await shell.getByTestId(`rules-dry-run-group-${developers}`).locator('td').first().textContent()).not.toBe('0');
    expect(await shell.getByTestId('rules-dry-run-plans').textContent()).toBe('Running training plans that would be rebuilt: 0.');
    expect(await db()('group_members').where({ portal_id: portalId })).toEqual([]);
    await screenshot(shell, 'settings-grouping-rules-dry-run-1280');

    await shell.getByTestId('rules-apply').click();
    await eventually(async () => (await db()('jobs').where({ portal_id: portalId, kind: 'apply-grouping-rules' }).first()) !== undefined, 10_000, 'the apply job');
    await drain();
    await shell.getByTestId('rules-applied').waitFor({ timeout: 15_000 });
    const members = await db()('group_members').where({ portal_id: portalId, group_id: developers }).whereNull('left_at').pluck('person_id');
    expect(members.map(Number)).toEqual(expect.arrayContaining([EMILY, PAVEL]));
    // The next preview says there is nothing left to do
    await shell.getByTestId('rules-preview').click();
    await shell.getByTestId('rules-dry-run-nothing').waitFor();
  });

  it('deletes a rule after asking, and turns on placing new users', async () => {
    const shell = await section();
    const rows = shell.locator('[data-testid="rules-list"] > li');
    const last = Number((await rows.nth(1).getAttribute('data-testid'))!.replace('rule-', ''));
    await shell.getByTestId(`rule-delete-${last}`).click();
    expect(await shell.getByTestId(`rule-confirm-${last}`).textContent()).toContain('People it placed stay in their groups.');
    // Escape keeps it
    await eventually(async () => (await focused(shell)) === `rule-delete-yes-${last}`, 5_000, 'focus on the answer');
    await h.page.keyboard.press('Escape');
    expect(await shell.getByTestId(`rule-${last}`).count()).toBe(1);
    await shell.getByTestId(`rule-delete-${last}`).click();
    await shell.getByTestId(`rule-delete-yes-${last}`).click();
    await shell.getByTestId(`rule-${last}`).waitFor({ state: 'detached' });

    await shell.getByTestId('rules-new-users').check();
    await eventually(async () => (await shell.getByTestId('rules-new-users-status').getAttribute('data-state')) === 'saved', 10_000, 'saved');
    expect((await db()('grouping_settings').where({ portal_id: portalId }).first()).apply_on_user_add).toBe(true);
  });

  it('shows the section in Russian', async () => {
    await h.page.getByTestId('lang-switcher').selectOption('ru');
    await h.page.waitForURL(/lang=ru/);
    const shell = await section();
    expect(await shell.locator('#rules-title').textContent()).toBe('Правила распределения');
    expect(await shell.locator('[data-testid="rules-list"] > li').first().textContent()).toContain('попадают в');
    await shell.getByTestId('rules-preview').click();
    await shell.getByTestId('rules-dry-run-nothing').waitFor();
    expect(await shell.getByTestId('rules-dry-run-nothing').textContent()).toBe('Все уже там, где велят правила. Применять нечего.');
    await screenshot(shell, 'settings-grouping-rules-ru-1280');
    await h.page.getByTestId('lang-switcher').selectOption('en');
    await h.page.waitForURL(/lang=en/);
  });
});
