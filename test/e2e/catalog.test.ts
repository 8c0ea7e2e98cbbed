import type { Frame } from 'playwright-core';
import { SEED_USERS } from '../../server/dev-portal';
import { bearer } from '../support/portal-app';
import { buildClient, eventually, expectFrameFitted, installByApi, openAs, screenshot, startHarness, type Harness } from './app-harness';
import { describeInChromium } from './chromium';

/**
 * The catalog in Chromium, inside the local Bitrix24 portal, with the real client and server:
 * the admin fills an empty catalog with the demo pack and writes a course hidden from extranet;
 * an employee opens a course, reads a lesson to its end, fails a unit test, passes it on retake
 * and sees both attempts; the extranet user does not see the hidden course; and the employee's
 * story again with the portal switched to Russian, on the Russian course.
 */
jest.setTimeout(120_000);

const COURSE = { en: 'Security awareness', ru: 'Информационная безопасность для сотрудников' } as const;
const HIDDEN_COURSE = 'Internal procedures';

/** What the learner's screens say, per language (the client's messages, checked as the user reads them). */
const WORDS = {
  en: { filters: 'Search', done: 'Lesson done: your progress is saved.', failed: 'Test not passed', passed: 'Test passed', retake: 'Retake the test', attempts: 'Your attempts' },
  ru: { filters: 'Поиск', done: 'Урок пройден: прогресс сохранён.', failed: 'Тест не сдан', passed: 'Тест сдан', retake: 'Пройти тест ещё раз', attempts: 'Ваши попытки' },
} as const;

describeInChromium('the catalog inside the local Bitrix24 portal', () => {
  let h: Harness;
  let adminToken: string;

  /** The test's right answers, as its author sees them (the learner's browser never gets them). */
  async function rightAnswers(testId: number): Promise<Array<{ right: number[]; wrong: number[] }>> {
    const res = await h.app.app.inject({ method: 'GET', url: `/api/manage/tests/${testId}`, headers: bearer(adminToken) });
    expect(res.statusCode).toBe(200);
    return res.json().questions.map((q: { options: Array<{ id: number; correct: boolean }> }) => ({
      right: q.options.filter((o) => o.correct).map((o) => o.id),
      wrong: q.options.filter((o) => !o.correct).map((o) => o.id),
    }));
  }

  /** The portal as `userId`, on the Catalog tab. */
  async function openCatalogAs(userId: number, lang: 'en' | 'ru'): Promise<Frame> {
    const shell = await openAs(h, userId, lang);
    await shell.getByTestId('nav-catalog').click();
    return shell;
  }

  const card = (shell: Frame, title: string) => shell.locator('[data-testid^="course-card-"]', { has: shell.getByRole('heading', { name: title, exact: true }) });

  beforeAll(async () => {
    buildClient();
    h = await startHarness();
    adminToken = await installByApi(h);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    // The Market rejects apps with JavaScript errors; none may reach the console.
    expect(h.appErrors.splice(0)).toEqual([]);
  });

  it('lets the admin load the demo pack from the empty catalog, in the portal language by default or both', async () => {
    const shell = await openCatalogAs(SEED_USERS.admin, 'en');
    await shell.getByTestId('catalog-empty').waitFor();
    // The portal speaks English: English is chosen; the admin picks both languages
    expect(await shell.getByTestId('demo-pack-en').isChecked()).toBe(true);
    await screenshot(h.page, 'catalog-empty-admin');
    await shell.getByTestId('demo-pack').getByText('Both', { exact: true }).click();
    expect(await shell.getByTestId('demo-pack-both').isChecked()).toBe(true);
    await shell.getByTestId('demo-pack-load').click();

    await shell.getByTestId('catalog-list').waitFor({ timeout: 60_000 });
    await card(shell, COURSE.en).waitFor();
    await card(shell, COURSE.ru).waitFor();
    expect(await shell.locator('[data-testid^="test-card-"]').count()).toBe(2);
    await expectFrameFitted(h.page, shell);
    await screenshot(h.page, 'catalog-admin');

    // Filters: by level and by words
    await shell.getByTestId('catalog-search').fill('Информационная');
    await eventually(async () => (await shell.locator('[data-testid^="course-card-"]').count()) === 1, 10_000, 'the search to narrow the list');
    await card(shell, COURSE.ru).waitFor();
    await shell.getByTestId('catalog-search').fill('');
    await shell.getByTestId('catalog-search').press('Enter');
    await card(shell, COURSE.en).waitFor();
  });

  it('lets the admin write a course hidden from extranet, and asks before unsaved edits are dropped', async () => {
    const shell = await openCatalogAs(SEED_USERS.admin, 'en');
    await shell.getByTestId('catalog-manage').click();
    await shell.getByTestId('manage-new-course').click();
    await shell.getByTestId('create-course-title').fill(HIDDEN_COURSE);
    await shell.getByTestId('create-course-submit').click();
    await shell.getByTestId('course-editor').waitFor();

    // An unsaved edit, then a section switch: the app asks first, and staying keeps the edit
    await shell.getByTestId('course-hidden-input').check();
    expect(await shell.getByTestId('course-status').getAttribute('data-state')).toBe('unsaved');
    await shell.getByTestId('nav-groups').click();
    await shell.getByTestId('leave-prompt').waitFor();
    await screenshot(h.page, 'catalog-leave-prompt');
    await shell.getByTestId('leave-stay').click();
    expect(await shell.getByTestId('course-editor').isVisible()).toBe(true);
    expect(await shell.getByTestId('course-hidden-input').isChecked()).toBe(true);
    await shell.getByTestId('course-save').click();
    await eventually(async () => (await shell.getByTestId('course-status').getAttribute('data-state')) === 'saved', 10_000, 'the course to save');

    // Someone else saves the course while the admin edits it: the save is refused with both versions shown
    const courseId = Number(await shell.getByTestId('course-editor').getAttribute('data-course-id'));
    const colleagueSaves = async (description: string) => {
      const stored = await h.app.app.inject({ method: 'GET', url: `/api/manage/courses/${courseId}`, headers: bearer(adminToken) });
      const res = await h.app.app.inject({ method: 'PATCH', url: `/api/courses/${courseId}`, headers: bearer(adminToken), payload: { version: stored.json().version, description } });
      expect(res.statusCode).toBe(200);
    };
    await shell.getByTestId('course-description-input').fill('Mine');
    await colleagueSaves('Theirs');
    await shell.getByTestId('course-save').click();
    const conflict = shell.getByTestId('course-conflict');
    await conflict.waitFor();
    expect(await conflict.locator('td').allTextContents()).toEqual(['Theirs', 'Mine']);
    await screenshot(h.page, 'catalog-edit-conflict');
    // Loading theirs drops the draft; saving over theirs is a second, conscious choice
    await shell.getByTestId('course-conflict-theirs').click();
    expect(await shell.getByTestId('course-description-input').inputValue()).toBe('Theirs');
    await shell.getByTestId('course-description-input').fill('Mine again');
    await colleagueSaves('Theirs again');
    await shell.getByTestId('course-save').click();
    await shell.getByTestId('course-conflict-overwrite').click();
    await eventually(async () => (await shell.getByTestId('course-status').getAttribute('data-state')) === 'saved', 10_000, 'the overwrite to save');
    const after = await h.app.app.inject({ method: 'GET', url: `/api/manage/courses/${courseId}`, headers: bearer(adminToken) });
    expect(after.json()).toMatchObject({ description: 'Mine again', hiddenFromExtranet: true, title: HIDDEN_COURSE });
    // Chromium logs each refused save (the two 409s this test staged) as a failed resource load
    expect(h.appErrors.splice(0)).toEqual([
      expect.stringMatching(/\/api\/courses\/\d+: Failed to load resource: .* 409/),
      expect.stringMatching(/\/api\/courses\/\d+: Failed to load resource: .* 409/),
    ]);

    // A unit on a new topic, and a lesson written in Markdown and previewed as the learner sees it
    await shell.getByTestId('unit-add-open').click();
    await shell.getByTestId('unit-add-title').fill('Office rules');
    await shell.getByTestId('unit-add-topic-select').selectOption('new');
    await shell.getByTestId('unit-add-topic-name').fill('Office');
    await shell.getByTestId('unit-add-save').click();
    const unit = shell.locator('[data-testid^="edit-unit-"]').first();
    await unit.waitFor();
    expect(await unit.textContent()).toContain('Office');
    await unit.locator('[data-testid^="lesson-add-"]').click();
    await shell.getByTestId('lesson-editor').waitFor();
    await shell.getByTestId('lesson-title-input').fill('Badges and visitors');
    await shell.getByTestId('lesson-body-input').fill('# Badges\n\nWear your **badge** and meet visitors at the desk.');
    await shell.getByTestId('lesson-tab-preview').click();
    await shell.getByTestId('lesson-preview').locator('strong', { hasText: 'badge' }).waitFor();
    await screenshot(h.page, 'catalog-lesson-preview');
    await shell.getByTestId('lesson-save').click();
    await eventually(async () => (await shell.getByTestId('lesson-editor').getAttribute('data-lesson-id')) !== '', 10_000, 'the lesson to be created');
    await shell.getByTestId('lesson-editor-back').click();
    await shell.getByTestId('course-editor').waitFor();

    // A second lesson moved above the first with its arrow, then the first deleted after asking
    await unit.locator('[data-testid^="lesson-add-"]').click();
    await shell.getByTestId('lesson-title-input').fill('Clean desk');
    await shell.getByTestId('lesson-body-input').fill('Lock your screen and clear your desk.');
    await shell.getByTestId('lesson-save').click();
    await eventually(async () => (await shell.getByTestId('lesson-editor').getAttribute('data-lesson-id')) !== '', 10_000, 'the second lesson to be created');
    await shell.getByTestId('lesson-editor-back').click();
    const lessonTitles = () => unit.locator('[data-testid^="lesson-edit-"]').allTextContents();
    await eventually(async () => (await lessonTitles()).length === 2, 10_000, 'both lessons listed');
    expect(await lessonTitles()).toEqual(['Badges and visitors', 'Clean desk']);
    const second = await unit.locator('[data-testid^="edit-lesson-"]').nth(1).getAttribute('data-testid');
    await shell.locator(`[data-move="lesson-${second!.replace('edit-lesson-', '')}-up"]`).click();
    await eventually(async () => (await lessonTitles())[0] === 'Clean desk', 10_000, 'the moved lesson first');
    const first = (await unit.locator('[data-testid^="edit-lesson-"]').nth(1).getAttribute('data-testid'))!.replace('edit-lesson-', '');
    await shell.getByTestId(`lesson-delete-${first}`).click();
    await shell.getByTestId(`lesson-delete-confirm-${first}-yes`).click();
    await eventually(async () => JSON.stringify(await lessonTitles()) === JSON.stringify(['Clean desk']), 10_000, 'the deleted lesson gone');
    await expectFrameFitted(h.page, shell);
    await screenshot(h.page, 'catalog-course-editor');
  });

  it('walks an employee through a course: a lesson read to its end, a unit test failed, passed on retake, both attempts listed', async () => {
    await learnerStory('en');
  });

  it('hides the course hidden from extranet from the extranet user, and shows it to employees', async () => {
    let shell = await openCatalogAs(SEED_USERS.extranet, 'en');
    await card(shell, COURSE.en).waitFor();
    expect(await card(shell, HIDDEN_COURSE).count()).toBe(0);
    await screenshot(h.page, 'catalog-extranet');
    shell = await openCatalogAs(SEED_USERS.employee, 'en');
    await card(shell, HIDDEN_COURSE).waitFor();
  });

  it('shows the same screens in Russian when the portal speaks Russian', async () => {
    const shell = await openCatalogAs(SEED_USERS.employee, 'ru');
    await shell.getByTestId('catalog-list').waitFor();
    expect(await shell.evaluate(() => document.documentElement.lang)).toBe('ru');
    await screenshot(h.page, 'catalog-ru');
    expect(await shell.getByTestId('catalog-filters').textContent()).toContain(WORDS.ru.filters);
    await learnerStory('ru');
  });

  it('shows 24 courses a page and the rest on "Show more", by keyboard', async () => {
    const before = (await h.app.app.inject({ method: 'GET', url: '/api/catalog?limit=200', headers: bearer(adminToken) })).json().courses.length as number;
    for (let i = 1; i <= 30; i++) {
      const res = await h.app.app.inject({ method: 'POST', url: '/api/courses', headers: bearer(adminToken), payload: { title: `Workshop ${String(i).padStart(2, '0')}` } });
      expect(res.statusCode).toBe(201);
    }
    const shell = await openCatalogAs(SEED_USERS.employee, 'en');
    const cards = shell.locator('[data-testid^="course-card-"]');
    const more = shell.getByTestId('catalog-more');
    await more.waitFor();
    expect(await cards.count()).toBe(24);
    expect(await more.textContent()).toContain('showing 24');
    await more.press('Enter');
    await eventually(async () => (await cards.count()) === before + 30, 10_000, 'every course on screen');
    expect(await more.count()).toBe(0);
    await expectFrameFitted(h.page, shell);
  });

  /**
   * The learner's story on the demo course of `lang`: open it, read its first lesson to the end,
   * fail the first unit test, pass it on retake, see both attempts.
   */
  async function learnerStory(lang: 'en' | 'ru'): Promise<void> {
    const { page } = h;
    const words = WORDS[lang];
    let completions = 0;
    const countCompletions = (request: { url(): string; method(): string }) => {
      if (request.method() === 'POST' && /\/api\/lessons\/\d+\/complete$/.test(request.url())) completions += 1;
    };
    page.on('request', countCompletions);
    try {
      const shell = await openCatalogAs(SEED_USERS.employee, lang);
      await card(shell, COURSE[lang]).getByRole('button').press('Enter');
      await shell.getByTestId('course-page').waitFor();
      expect(await shell.getByTestId('course-progress').getAttribute('data-done')).toBe('0');
      await expectFrameFitted(h.page, shell);
      await screenshot(h.page, `catalog-course-${lang}`);

      // A window shorter than the lesson: it is done only once its end has been on screen
      const firstUnit = shell.locator('.tg-unit').first();
      const lessonButton = firstUnit.locator('[data-testid^="lesson-open-"]').first();
      const lessonId = Number((await lessonButton.getAttribute('data-testid'))?.replace('lesson-open-', ''));
      await page.setViewportSize({ width: 1280, height: 480 });
      await lessonButton.press('Enter');
      const reader = shell.getByTestId('lesson-reader');
      await reader.waitFor();
      await shell.getByTestId('lesson-body').waitFor();
      expect(await reader.getAttribute('data-done')).toBe('false');
      expect(completions).toBe(0);
      await shell.getByTestId('lesson-end').scrollIntoViewIfNeeded();
      await shell.locator('[data-testid="lesson-reader"][data-done="true"]').waitFor();
      expect(await shell.getByTestId('lesson-status').textContent()).toBe(words.done);
      expect(completions).toBe(1);
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(h.page, `catalog-lesson-${lang}`);

      await shell.getByTestId('lesson-back').press('Enter');
      await shell.getByTestId('course-page').waitFor();
      expect(await shell.getByTestId(`lesson-row-${lessonId}`).getAttribute('data-done')).toBe('true');
      expect(await shell.getByTestId('course-progress').getAttribute('data-done')).toBe('1');
      expect(await shell.getByTestId('course-progress-lessons').textContent()).toContain(lang === 'en' ? '1 of 44' : 'Прочитано уроков: 1 из 44');

      // The unit test: all wrong first
      await firstUnit.locator('[data-testid^="test-open-"]').press('Enter');
      await shell.getByTestId('test-page').waitFor();
      const testId = Number(await shell.getByTestId('test-page').getAttribute('data-test-id'));
      const answers = await rightAnswers(testId);
      await shell.getByTestId('test-start').press('Enter');
      await shell.getByTestId('attempt-form').waitFor();
      for (const question of answers) await shell.getByTestId(`option-${question.wrong[0]}`).press('Space');
      expect(await shell.getByTestId('attempt-answered').getAttribute('data-answered')).toBe(String(answers.length));
      await screenshot(h.page, `catalog-test-taking-${lang}`);
      await shell.getByTestId('attempt-submit').press('Enter');
      const result = shell.getByTestId('attempt-result');
      await result.waitFor();
      expect(await result.getAttribute('data-passed')).toBe('false');
      expect(await shell.getByTestId('result-verdict').textContent()).toBe(words.failed);
      await expectFrameFitted(h.page, shell);
      await screenshot(h.page, `catalog-test-failed-${lang}`);

      // Retake: every right answer (the button says "retake" once the page has read the attempts again)
      await shell.getByTestId('test-start').filter({ hasText: words.retake }).waitFor();
      expect(await shell.getByTestId('test-start').textContent()).toBe(words.retake);
      await shell.getByTestId('test-start').press('Enter');
      await shell.getByTestId('attempt-form').waitFor();
      for (const question of answers) for (const id of question.right) await shell.getByTestId(`option-${id}`).press('Space');
      await shell.getByTestId('attempt-submit').press('Enter');
      await shell.locator('[data-testid="attempt-result"][data-passed="true"]').waitFor();
      expect(await shell.getByTestId('result-verdict').textContent()).toBe(words.passed);
      expect(await shell.getByTestId('result-score').textContent()).toBe('100%');

      // Both attempts, newest first
      const attempts = shell.getByTestId('attempts-list');
      await eventually(async () => (await attempts.locator('tbody tr').count()) === 2, 10_000, 'both attempts in the list');
      expect(await attempts.locator('h3').textContent()).toBe(words.attempts);
      expect(await shell.getByTestId('attempt-row-2').getAttribute('data-passed')).toBe('true');
      expect(await shell.getByTestId('attempt-row-1').getAttribute('data-passed')).toBe('false');
      expect(await attempts.locator('tbody tr').first().getAttribute('data-testid')).toBe('attempt-row-2');
      await screenshot(h.page, `catalog-test-passed-${lang}`);

      // The course now shows the test passed
      await shell.getByTestId('test-back').press('Enter');
      await shell.getByTestId('course-page').waitFor();
      expect(await shell.getByTestId(`unit-test-${testId}`).getAttribute('data-passed')).toBe('true');
    } catch (error) {
      await screenshot(h.page, `catalog-failed-${lang}`).catch(() => undefined); // what the learner saw, for whoever reads the failure
      throw error;
    } finally {
      page.off('request', countCompletions);
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }
});
