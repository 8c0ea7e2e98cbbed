import { SEED_USERS } from '../../server/dev-portal';
import { eventually } from './app-harness';
import { describeInChromium } from './chromium';
import { installedAppForFile, openGroupCard } from './training-story-harness';

/**
 * The training panel of the group card in Chromium, inside the local portal (issue 10 part 4): an
 * admin launches a group's training, pauses and resumes it, and stops it after confirming; the
 * member is told of the launch in Bitrix24 once the notice job runs, and the panel reads in Russian.
 */
jest.setTimeout(150_000);

describeInChromium('the training panel of a group card', () => {
  const app = installedAppForFile();
  let groupId = 0;

  beforeAll(async () => {
    groupId = (await app.api('POST', '/api/groups', { name: 'Launch panel' })).id;
    await app.api('POST', `/api/groups/${groupId}/participants`, { userIds: [SEED_USERS.employee] });
  });

  const openCard = (lang: 'en' | 'ru' = 'en') => openGroupCard(app.h, groupId, lang);

  it('launches, pauses, resumes and (after confirming) stops a group, and tells the member once', async () => {
    const shell = await openCard();
    const state = shell.getByTestId('training-state');
    await eventually(async () => (await state.textContent()) === 'Not launched', 10_000, 'the panel');
    await shell.getByTestId('training-start').fill('2026-03-02');
    await shell.getByTestId('training-launch').click();
    await eventually(async () => (await state.textContent()) === 'Running', 10_000, 'the launch');

    await app.runJobs();
    const told = app.h.portal.controls.notifications().filter((n) => n.userId === SEED_USERS.employee && n.tag?.startsWith(`TG_LAUNCH_${groupId}_`));
    expect(told).toHaveLength(1);

    await shell.getByTestId('training-pause').click();
    await eventually(async () => (await state.textContent()) === 'Paused', 10_000, 'the pause');
    await shell.getByTestId('training-resume').click();
    await eventually(async () => (await state.textContent()) === 'Running', 10_000, 'the resume');

    // New settings for a group in training lay the member's running plan out again, and say so
    await shell.getByTestId('training-minutes').fill('40');
    await shell.getByTestId('training-minutes').press('Enter');
    await eventually(async () => (await shell.getByTestId('training-status').getAttribute('data-state')) === 'saved', 10_000, 'the save');
    expect(await shell.getByTestId('training-plans-rebuilt').textContent()).toBe('Running plans laid out again: 1');

    await shell.getByTestId('training-stop').click();
    await shell.getByTestId('training-stop-confirm').waitFor();
    expect(await state.textContent()).toBe('Running'); // nothing happens before the confirmation
    await shell.getByTestId('training-stop-confirm').getByRole('button', { name: 'Stop training' }).click();
    await eventually(async () => (await state.textContent()) === 'Stopped', 10_000, 'the stop');
    await shell.getByTestId('training-launch').waitFor();

    const ru = await openCard('ru');
    await eventually(async () => (await ru.getByTestId('training-state').textContent()) === 'Остановлено', 10_000, 'the Russian panel');
  });
});
