import type { Frame } from 'playwright-core';
import { SEED_USERS } from '../../server/dev-portal';
import { appFrame, eventually, harnessForFile, openAs, screenshot, type Harness } from './app-harness';
import { describeInChromium } from './chromium';

/**
 * `npm start` on a new local portal: the install wizard's last step offers the demo course
 * "Security awareness" (in the portal's language, in both, or skip). Loading it fills the catalog;
 * a reinstall offers it again, says what is already there, and loading again adds nothing twice.
 */
jest.setTimeout(120_000);

const COURSE = { en: 'Security awareness', ru: 'Информационная безопасность для сотрудников' } as const;

describeInChromium('the install wizard offers the demo course', () => {
  let h: Harness;

  harnessForFile((started) => (h = started));

  /** The pack's rows in the database, by kind and language ("course-en"), sorted. */
  async function packRows(): Promise<string[]> {
    const db = h.app.database.db;
    const courses = await db('courses').whereNotNull('source_key').whereNull('deleted_at').select('language');
    const tests = await db('tests').whereNotNull('source_key').whereNull('deleted_at').select('language');
    return [...courses.map((r) => `course-${r.language}`), ...tests.map((r) => `test-${r.language}`)].sort();
  }

  /** The admin opens the app on the portal: the wizard runs up to its last step. */
  async function wizardAtDemoStep(): Promise<Frame> {
    await h.page.goto(`${h.portal.url}/`);
    const wizard = await appFrame(h.page, 'install-demo', { timeout: 40_000 });
    expect(await wizard.getByTestId('install-step-demo').getAttribute('data-status')).toBe('running');
    expect(await wizard.getByTestId('install-step-finish').getAttribute('data-status')).toBe('pending');
    // Nothing finishes before the admin chooses
    expect(h.portal.controls.installed()).toBe(false);
    return wizard;
  }

  async function catalogCards(): Promise<string[]> {
    const shell = await openAs(h, SEED_USERS.admin, 'en');
    await shell.getByTestId('nav-catalog').click();
    await shell.getByTestId('catalog-list').waitFor();
    return (await shell.locator('[data-testid^="course-card-"] h3').allTextContents()).map((s) => s.trim()).sort();
  }

  it('offers the demo course in the portal language on a fresh install, and loading it fills the catalog', async () => {
    const wizard = await wizardAtDemoStep();
    // The portal speaks English: its language is chosen by default
    expect(await wizard.getByTestId('install-demo-portal').isChecked()).toBe(true);
    expect(await wizard.getByTestId('install-demo').textContent()).toContain('Load the demo course "Security awareness" in English');
    expect(await wizard.getByTestId('install-demo-already').count()).toBe(0);
    await screenshot(h.page, 'install-wizard-demo-step');

    await wizard.getByTestId('install-demo-continue').click();
    // Then the wizard finishes and the portal reloads into the app, whose catalog holds the course
    await h.page.waitForURL(/install_finished=Y/, { timeout: 60_000 });
    await appFrame(h.page, 'app-shell');
    expect(h.portal.controls.installed()).toBe(true);
    expect(await packRows()).toEqual(['course-en', 'test-en']);
    expect(await catalogCards()).toEqual([COURSE.en]);
  });

  it('on a reinstall says what is already loaded, and loading again adds only what is missing', async () => {
    h.portal.controls.reinstall();
    const wizard = await wizardAtDemoStep();
    await eventually(async () => ((await wizard.getByTestId('install-demo-already').count()) === 1 ? wizard.getByTestId('install-demo-already').textContent() : null), 10_000, 'the note on what is loaded');
    expect(await wizard.getByTestId('install-demo-already').textContent()).toContain('English');

    // When the admin loads both languages, English is not added a second time
    await wizard.getByTestId('install-demo-both').check();
    await wizard.getByTestId('install-demo-continue').click();
    await h.page.waitForURL(/install_finished=Y/, { timeout: 60_000 });
    await appFrame(h.page, 'app-shell');
    expect(await packRows()).toEqual(['course-en', 'course-ru', 'test-en', 'test-ru']);
    expect(await catalogCards()).toEqual([COURSE.en, COURSE.ru].sort());

    // And once more, in the portal's language only: nothing changes
    h.portal.controls.reinstall();
    const again = await wizardAtDemoStep();
    await again.getByTestId('install-demo-continue').click();
    await h.page.waitForURL(/install_finished=Y/, { timeout: 60_000 });
    expect(await packRows()).toEqual(['course-en', 'course-ru', 'test-en', 'test-ru']);
  });

  it('lets the admin skip it: the wizard finishes and adds nothing', async () => {
    const before = await packRows();
    h.portal.controls.reinstall();
    const wizard = await wizardAtDemoStep();
    await wizard.getByTestId('install-demo-skip').check();
    await wizard.getByTestId('install-demo-continue').click();
    await h.page.waitForURL(/install_finished=Y/, { timeout: 60_000 });
    await appFrame(h.page, 'app-shell');
    expect(await packRows()).toEqual(before);
  });
});
