import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { SEED_USERS } from '../../server/dev-portal';
import { createAppWorker } from '../../server/app-worker';
import { silentJobLogger } from '../../server/jobs/job-types';
import { appFrame, buildClient, installThroughWizard, eventually, RESULTS_DIR, startHarness, type Harness } from './app-harness';
import { describeInChromium } from './chromium';

/**
 * What a portal admin meets in Settings, in Chromium inside the local portal: the access picker's
 * choices honoured or explained, rows that say what each moderator is, administrators not named
 * in vain, a warning before unsaved changes are lost, and what the people numbers mean.
 */
jest.setTimeout(120_000);

// IT (5) > Development (6), Support (7). Robert Taylor is in IT, Emily Clark in Development, Сергей Волков in Support.
const IT = 5;
const DEVELOPMENT = 6;
const ROBERT_IN_IT = 18;
const EMILY_IN_DEVELOPMENT = 6;
const SERGEY_IN_SUPPORT = 7;

describeInChromium('Settings as a portal admin meets it', () => {
  let h: Harness;

  const settings = async (): Promise<Frame> => {
    const shell = await appFrame(h.page, 'app-shell');
    if ((await shell.getByTestId('page-settings').count()) === 0) await shell.getByTestId('nav-settings').click();
    await shell.getByTestId('moderators-save').waitFor();
    return shell;
  };
  const focused = (frame: Frame) => frame.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
  /** What the page's own beforeunload handlers say: true when they ask the browser to confirm leaving. */
  const beforeUnloadAsks = (frame: Frame) =>
    frame.evaluate(() => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });
  /** The portal has sized the frame to the app's content (resizeWindow): a picture taken now shows it all. */
  const frameFitted = async () => {
    const shell = await appFrame(h.page, 'app-shell');
    await eventually(
      async () => {
        const layout = await h.page.getByTestId('app-frame-layout').boundingBox();
        const content = await shell.evaluate(() => Math.ceil(document.getElementById('app')!.getBoundingClientRect().height));
        return layout !== null && Math.abs(layout.height - Math.max(240, content)) <= 1;
      },
      10_000,
      'the frame to fit its content',
    );
  };
  const screenshot = async (name: string) => {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await h.page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    buildClient();
    h = await startHarness();
    // The admin opens the app: the wizard installs it and the portal reloads into the app
    await installThroughWizard(h);
    // The people import the install queued runs (no worker runs in the harness's app)
    const worker = createAppWorker({ db: h.app.database.db, bitrix: h.app.app.bitrix, log: silentJobLogger });
    for (let round = 0; round < 20; round++) if ((await worker.runOnce()).jobId === null) break;
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    // The Market rejects apps with JavaScript errors; none may reach the console.
    if (h) expect(h.appErrors.splice(0)).toEqual([]);
  });

  it('honours "IT" without its sub-departments, "Development" with them and a person from the access picker, and says why "All employees" is not added', async () => {
    const shell = await settings();
    await shell.getByTestId('moderators-add-department').click();
    for (const code of [`D${IT}`, `DR${DEVELOPMENT}`, 'AU', `U${SEED_USERS.moderator}`]) {
      await h.page.getByTestId(`access-picker-item-${code}`).locator('input').check();
    }
    await h.page.getByTestId('access-picker-ok').click();

    await shell.getByTestId(`moderator-department-${IT}`).waitFor();
    expect(await shell.getByTestId(`moderator-type-department-${IT}`).textContent()).toBe('Department only, without its sub-departments');
    expect(await shell.getByTestId(`moderator-type-department-${DEVELOPMENT}`).textContent()).toBe('Department and its sub-departments');
    expect(await shell.getByTestId(`moderator-user-${SEED_USERS.moderator}`).textContent()).toContain('Michael Turner');
    expect(await shell.getByTestId('moderators-notice').textContent()).toContain('“All employees” cannot be made moderators');
    expect(await shell.getByTestId('moderators-status').getAttribute('data-state')).toBe('unsaved');
  });

  it('does not name an administrator, and says they already have every right', async () => {
    const shell = await settings();
    await shell.getByTestId('moderators-add-user').click();
    await h.page.getByTestId(`user-picker-item-${SEED_USERS.admin}`).click();
    await eventually(async () => (await shell.getByTestId('moderators-notice').textContent())?.includes('Anna Petrova is a Bitrix24 administrator'), 5_000, 'the notice');
    expect(await shell.getByTestId(`moderator-user-${SEED_USERS.admin}`).count()).toBe(0);
  });

  it('asks before a tab switch drops the unsaved list; Stay (or Escape) keeps it, from mouse or keyboard', async () => {
    const shell = await settings();
    // The page also asks the browser to confirm closing or reloading it
    expect(await beforeUnloadAsks(shell)).toBe(true);

    await shell.getByTestId('nav-groups').click();
    await shell.getByTestId('leave-prompt').waitFor();
    expect(await shell.getByTestId('leave-prompt').getAttribute('role')).toBe('alertdialog');
    expect(await shell.getByTestId('leave-prompt').textContent()).toContain('You have unsaved changes');
    // The prompt takes the focus as it opens (an effect after its first paint: a busy machine shows the gap)
    await eventually(async () => (await focused(shell)) === 'leave-stay', 5_000, 'the focus on Stay');
    await screenshot('settings-leave-prompt-1280');
    await h.page.keyboard.press('Escape');
    await shell.getByTestId('leave-prompt').waitFor({ state: 'detached' });
    expect(await shell.getByTestId('page-settings').count()).toBe(1);
    // The keyboard is on the open tab again (the tab that did not open is not where anyone was)
    expect(await focused(shell)).toBe('nav-settings');
    expect(await shell.getByTestId(`moderator-department-${IT}`).count()).toBe(1);

    // From the keyboard: an arrow key on the tabs asks too, Enter on the focused "Stay" stays
    await shell.getByTestId('nav-settings').focus();
    await h.page.keyboard.press('ArrowLeft');
    await shell.getByTestId('leave-prompt').waitFor();
    await eventually(async () => (await focused(shell)) === 'leave-stay', 5_000, 'the focus on Stay');
    await h.page.keyboard.press('Enter');
    await shell.getByTestId('leave-prompt').waitFor({ state: 'detached' });
    expect(await shell.getByTestId('nav-settings').getAttribute('aria-selected')).toBe('true');
    // The keyboard is back on the open tab, ready for the next move
    expect(await focused(shell)).toBe('nav-settings');
    expect(await shell.getByTestId('moderators-status').getAttribute('data-state')).toBe('unsaved');
  });

  it('saves each choice as made, shows what each moderator is, and then lets the admin leave without a question', async () => {
    const shell = await settings();
    await shell.getByTestId('moderators-save').click();
    await eventually(async () => (await shell.getByTestId('moderators-status').getAttribute('data-state')) === 'saved', 10_000, 'saved');
    // The people import has run: Michael's row says what Bitrix24 says of him
    expect(await shell.getByTestId(`moderator-type-user-${SEED_USERS.moderator}`).textContent()).toBe('Employee · IT Director');
    const stored = await h.app.database.db('moderators').orderBy(['subject_type', 'subject_id']).select('subject_type', 'subject_id');
    expect(stored).toEqual([
      { subject_type: 'department', subject_id: DEVELOPMENT },
      { subject_type: 'department_only', subject_id: IT },
      { subject_type: 'user', subject_id: SEED_USERS.moderator },
    ]);
    await frameFitted();
    await screenshot('settings-moderators-1280');

    expect(await beforeUnloadAsks(shell)).toBe(false);
    await shell.getByTestId('nav-groups').click();
    await shell.getByTestId('page-groups').waitFor();
    expect(await shell.getByTestId('leave-prompt').count()).toBe(0);
  });

  it('drops the unsaved list when the admin chooses to leave, and shows the saved one on return', async () => {
    let shell = await settings();
    await shell.getByTestId(`moderator-remove-user-${SEED_USERS.moderator}`).click();
    await shell.getByTestId(`moderator-confirm-yes-user-${SEED_USERS.moderator}`).click();
    await shell.getByTestId('nav-catalog').click();
    await shell.getByTestId('leave-confirm').click();
    await shell.getByTestId('page-catalog').waitFor();
    shell = await settings();
    await shell.getByTestId(`moderator-user-${SEED_USERS.moderator}`).waitFor();
  });

  it('explains the people numbers with labels: read by the last import, active and inactive', async () => {
    const shell = await settings();
    const card = shell.getByTestId('people-directory');
    const people = h.portal.controls.users();
    const active = people.filter((user) => user.active).length;
    await card.getByTestId('people-count').waitFor();
    expect(await card.getByTestId('people-count').textContent()).toBe(`Active people${active}`);
    expect(await card.getByTestId('people-inactive').locator('dd').textContent()).toBe(String(people.length - active));
    expect(await card.getByTestId('people-last-import').textContent()).toContain(
      `${people.length} people read from Bitrix24, ${active} of them active and ${people.length - active} inactive.`,
    );
  });

  it('shows Settings in Russian', async () => {
    await h.page.getByTestId('lang-switcher').selectOption('ru');
    await h.page.waitForURL(/lang=ru/);
    const shell = await settings();
    expect(await shell.getByTestId(`moderator-type-department-${IT}`).textContent()).toBe('Только отдел, без подотделов');
    expect(await shell.getByTestId('people-count').locator('dt').textContent()).toBe('Активные сотрудники');
    await frameFitted();
    await screenshot('settings-moderators-ru-1280');
    await h.page.getByTestId('lang-switcher').selectOption('en');
    await h.page.waitForURL(/lang=en/);
  });

  it('links the app opened outside Bitrix24 to the local portal, in both languages, and has an icon', async () => {
    const other = await h.context.newPage();
    try {
      for (const [lang, button] of [['en', 'Open the local Bitrix24 portal'], ['ru', 'Открыть локальный портал Битрикс24']]) {
        await other.goto(`${h.appUrl}/?LANG=${lang}`);
        const link = other.getByTestId('local-portal-link');
        await link.waitFor();
        expect(await link.textContent()).toBe(button);
        expect(await link.getAttribute('href')).toBe(h.portal.url);
        expect(await other.getByTestId('local-portal').textContent()).toContain(h.portal.url);
      }
      await other.screenshot({ path: path.join(RESULTS_DIR, 'app-outside-bitrix24-local-portal-ru.png'), fullPage: true });
      expect(await other.evaluate(async () => (await fetch('/favicon.ico')).status)).toBe(200);
      await other.getByTestId('local-portal-link').click();
      await other.waitForURL(`${h.portal.url}/**`);
      await other.getByTestId('portal-top').waitFor();
    } finally {
      await other.close();
    }
  });

  it('makes moderators of IT\'s own people and of Development\'s, not of Support\'s, in the app they open', async () => {
    const roleOf = async (userId: number) => {
      await h.page.getByTestId('user-switcher').selectOption(String(userId));
      await h.page.waitForURL(new RegExp(`as=${userId}`));
      const shell = await appFrame(h.page, 'app-shell');
      return shell.getByTestId('app-shell').getAttribute('data-role');
    };
    expect(await roleOf(ROBERT_IN_IT)).toBe('moderator');
    expect(await roleOf(EMILY_IN_DEVELOPMENT)).toBe('moderator');
    expect(await roleOf(SERGEY_IN_SUPPORT)).toBe('employee');
  });
});
