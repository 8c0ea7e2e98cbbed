import type { Frame } from 'playwright-core';
import { SEED_USERS } from '../../server/dev-portal';
import { eventually, expectFrameFitted, openAs, screenshot } from './app-harness';
import { describeInChromium } from './chromium';
import { installedAppForFile } from './training-story-harness';

/**
 * Launching several groups from the training groups list in Chromium, inside the local portal
 * (issue 10 part 4: "launch one or several groups with a start date"): the admin ticks two groups
 * with the keyboard, picks the start day, reads a confirmation that names both groups and the day,
 * confirms, and sees each group launched; the server agrees. Launching one of them again says it is
 * training already and launches nothing. No scrollbars at 1280 px; in Russian too.
 */
jest.setTimeout(150_000);

const DAY = '2026-03-02';

describeInChromium('launching several groups from the list', () => {
  const app = installedAppForFile();
  let first = 0;
  let second = 0;

  beforeAll(async () => {
    first = (await app.api('POST', '/api/groups', { name: 'Night shift' })).id;
    second = (await app.api('POST', '/api/groups', { name: 'Warehouse' })).id;
    await app.api('POST', `/api/groups/${first}/participants`, { userIds: [SEED_USERS.employee] });
    await app.api('POST', `/api/groups/${second}/participants`, { userIds: [SEED_USERS.moderator] });
  });

  /** The groups list as the admin, once it has loaded (its rows move while it loads). */
  async function openList(lang: 'en' | 'ru' = 'en'): Promise<Frame> {
    const shell = await openAs(app.h, SEED_USERS.admin, lang);
    await shell.getByTestId('nav-groups').press('Enter');
    await shell.locator('[data-testid="groups-list"][aria-busy="false"]').waitFor();
    await shell.getByTestId(`group-choose-${second}`).waitFor();
    return shell;
  }

  const launchOf = async (groupId: number) => (await app.api('GET', `/api/groups/${groupId}/training`)).launch;

  it('ticks two groups, confirms the day and the names, and shows both launched', async () => {
    const shell = await openList();
    expect(await shell.getByTestId('groups-chosen').textContent()).toBe('Tick groups to launch their training together from one start day.');

    // The keyboard: focus each group's box and tick it with Space.
    for (const id of [first, second]) {
      await shell.getByTestId(`group-choose-${id}`).focus();
      await app.h.page.keyboard.press('Space');
      expect(await shell.getByTestId(`group-choose-${id}`).isChecked()).toBe(true);
    }
    expect(await shell.getByTestId('groups-chosen').textContent()).toBe('Chosen: 2 groups');
    expect(await shell.getByTestId(`group-choose-${first}`).getAttribute('aria-label')).toBe('Choose Night shift');
    await shell.getByTestId('groups-launch-day').fill(DAY);
    expect(await shell.getByTestId('groups-launch').textContent()).toBe('Launch training (2)');
    await shell.getByTestId('groups-launch').press('Enter');

    // Nothing happens before the confirmation, which names the day and both groups.
    const confirm = shell.getByTestId('groups-launch-confirm');
    await confirm.waitFor();
    expect(await confirm.locator('.tg-confirm-panel-title').textContent()).toBe('Launch training from Mar 2, 2026?');
    expect(await shell.getByTestId('groups-launch-confirm-names').locator('li').allTextContents()).toEqual(['Night shift', 'Warehouse']);
    expect(await confirm.textContent()).toContain('All or none');
    expect(await launchOf(first)).toBeNull();
    await expectFrameFitted(app.h.page, shell);
    await screenshot(app.h.page, 'training-launch-several-confirm');
    await shell.getByTestId('groups-launch-confirm-yes').press('Enter');

    // Each chosen group: launched from that day, with its one member's plan.
    const row = (id: number) => shell.locator(`[data-testid="groups-launch-result-row"][data-group-id="${id}"]`);
    await eventually(async () => (await row(second).getAttribute('data-outcome')) === 'launched', 15_000, 'the launch result');
    expect(await row(first).getAttribute('data-outcome')).toBe('launched');
    const zone = (await launchOf(first)).timeZone;
    expect(await row(first).textContent()).toBe(`Night shift Launched from Mar 2, 2026 (${zone}): 1 personal plan`);
    expect(await shell.getByTestId('groups-launch-confirm').count()).toBe(0);
    // Launched groups are no longer chosen.
    expect(await shell.getByTestId(`group-choose-${first}`).isChecked()).toBe(false);
    expect(await shell.getByTestId('groups-chosen').textContent()).toBe('Tick groups to launch their training together from one start day.');
    await expectFrameFitted(app.h.page, shell);
    await screenshot(app.h.page, 'training-launch-several');

    // The server agrees.
    for (const id of [first, second]) expect(await launchOf(id)).toMatchObject({ state: 'running', startsOn: DAY });
  });

  it('says which group is training already and launches nothing (all or none), in Russian', async () => {
    const third = (await app.api('POST', '/api/groups', { name: 'Склад 2' })).id;
    const shell = await openList('ru');
    await shell.getByTestId(`group-choose-${third}`).check();
    await shell.getByTestId(`group-choose-${first}`).check();
    expect(await shell.getByTestId('groups-chosen').textContent()).toBe('Выбрано: 2 группы');
    await shell.getByTestId('groups-launch-day').fill('2026-03-09');
    await shell.getByTestId('groups-launch').press('Enter');
    await shell.getByTestId('groups-launch-confirm').waitFor();
    expect(await shell.locator('[data-testid="groups-launch-confirm"] .tg-confirm-panel-title').textContent()).toBe('Запустить обучение с 9 мар. 2026 г.?');
    await shell.getByTestId('groups-launch-confirm-yes').press('Enter');

    const row = (id: number) => shell.locator(`[data-testid="groups-launch-result-row"][data-group-id="${id}"]`);
    await eventually(async () => (await row(first).getAttribute('data-outcome')) === 'alreadyTraining', 15_000, 'the refusal');
    expect(await row(first).textContent()).toContain('Уже идёт обучение');
    expect(await row(third).getAttribute('data-outcome')).toBe('heldBack');
    // The group held back stays chosen for another try; the running one does not.
    expect(await shell.getByTestId(`group-choose-${third}`).isChecked()).toBe(true);
    expect(await shell.getByTestId(`group-choose-${first}`).isChecked()).toBe(false);
    expect(await launchOf(third)).toBeNull();
    expect(await launchOf(first)).toMatchObject({ startsOn: DAY });
    await expectFrameFitted(app.h.page, shell);
    // The refused call is the browser's only complaint (it logs every 4xx); nothing else went wrong.
    expect(app.h.appErrors.splice(0)).toEqual([expect.stringMatching(/\/api\/training\/launches: Failed to load resource: .* 409/)]);
  });
});
