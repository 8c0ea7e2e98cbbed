import { SEED_USERS } from '../../server/dev-portal';
import { courseFile, seedCourse } from '../support/catalog-content';
import { appFrame, callApi, eventually, harnessForFile, installByApi, runQueuedJobs, screenshot, type Harness } from './app-harness';
import { describeInChromium } from './chromium';

/**
 * Chosen people in the training panel of a group card, in Chromium inside the local portal (issue
 * 10 part 4): an admin ticks one member of a running group with the keyboard and pauses only them;
 * the other stays as they were. Then stops the other after a confirmation that says what a stop
 * does, and launches them again; each change lists what became of every chosen person. In Russian
 * too. Last, the paused member is resumed the same way and no longer shows paused.
 */
jest.setTimeout(180_000);

const PAUSED_ONE = SEED_USERS.employee;
const OTHER = SEED_USERS.moderator;

describeInChromium('chosen people in the training panel', () => {
  let h: Harness;
  let adminToken: string;
  let groupId = 0;
  harnessForFile((started) => {
    h = started;
  });

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => callApi(h, adminToken, method, url, payload);
  const statusOf = async (personId: number) => (await api('GET', `/api/groups/${groupId}/training/progress`)).members.find((m: { personId: number }) => m.personId === personId)?.status;

  beforeAll(async () => {
    adminToken = await installByApi(h);
    await runQueuedJobs(h);
    // A course to learn (a plan without units would read "completed" at once).
    const portal = await h.app.database.db('portals').where({ state: 'active' }).first('id');
    const courseId = await seedCourse(h.app.database.db, String(portal.id), SEED_USERS.admin, courseFile('Security basics'));
    groupId = (await api('POST', '/api/groups', { name: 'Chosen people' })).id;
    await api('PUT', `/api/groups/${groupId}/content/course/${courseId}`);
    await api('POST', `/api/groups/${groupId}/participants`, { userIds: [PAUSED_ONE, OTHER] });
    await api('POST', `/api/groups/${groupId}/training/launch`, { startsOn: new Date().toISOString().slice(0, 10) });
  }, 150_000);

  async function openPicker(lang: 'en' | 'ru' = 'en') {
    await h.page.goto(`${h.portal.url}/?as=${SEED_USERS.admin}&lang=${lang}`);
    const shell = await appFrame(h.page, 'app-shell');
    // By keyboard: the list and the card load section by section, and a click can land on a moved target.
    await shell.getByTestId('nav-groups').press('Enter');
    await shell.locator('[data-testid="groups-list"][aria-busy="false"]').waitFor();
    await shell.getByTestId(`group-open-${groupId}`).press('Enter');
    await shell.getByTestId('training-people').waitFor();
    await shell.getByTestId('training-people-open').press('Enter');
    await shell.locator(`[data-testid="people-row"][data-person-id="${OTHER}"]`).waitFor();
    return shell;
  }

  it('pauses one chosen member and only that member shows paused', async () => {
    const shell = await openPicker();
    const row = (personId: number) => shell.locator(`[data-testid="people-row"][data-person-id="${personId}"]`);
    expect(await row(PAUSED_ONE).getAttribute('data-status')).toBe('notStarted');
    expect(await shell.getByTestId('people-pause').isDisabled()).toBe(true); // nobody chosen yet

    // The keyboard: focus the member's box and tick it with Space.
    await shell.getByTestId(`people-choose-${PAUSED_ONE}`).focus();
    await h.page.keyboard.press('Space');
    expect(await shell.getByTestId(`people-choose-${PAUSED_ONE}`).isChecked()).toBe(true);
    expect(await shell.getByTestId('people-chosen').textContent()).toBe('Chosen: 1 person');
    expect(await shell.getByTestId('people-pause').textContent()).toBe('Pause (1)');
    expect(await shell.getByTestId('people-restart').isDisabled()).toBe(true); // nobody chosen is stopped
    await shell.getByTestId('people-pause').click();

    await eventually(async () => (await row(PAUSED_ONE).getAttribute('data-status')) === 'paused', 15_000, 'the chosen member paused');
    expect(await row(PAUSED_ONE).getByTestId('people-status').textContent()).toBe('Paused');
    expect(await row(OTHER).getAttribute('data-status')).toBe('notStarted');
    const result = shell.locator(`[data-testid="people-result-row"][data-person-id="${PAUSED_ONE}"]`);
    expect(await result.getAttribute('data-outcome')).toBe('done');
    expect(await result.textContent()).toContain('Paused');
    await screenshot(h.page, 'training-chosen-people');
    // The group itself runs on; the server agrees.
    expect(await shell.getByTestId('training-state').textContent()).toBe('Running');
    expect(await statusOf(PAUSED_ONE)).toBe('paused');
    expect(await statusOf(OTHER)).toBe('notStarted');
  });

  it('stops a chosen member after a confirmation saying what a stop does, then launches them again', async () => {
    const shell = await openPicker();
    const row = shell.locator(`[data-testid="people-row"][data-person-id="${OTHER}"]`);
    await shell.getByTestId(`people-choose-${OTHER}`).check();
    await shell.getByTestId('people-stop').click();
    const confirm = shell.getByTestId('people-stop-confirm');
    await confirm.waitFor();
    const text = await confirm.textContent();
    expect(text).toContain('Stop training for 1 person?');
    expect(text).toContain('Their personal plans are dropped');
    expect(text).toContain('Their results and history are kept');
    expect(await statusOf(OTHER)).toBe('notStarted'); // nothing happens before the confirmation
    await shell.getByTestId('people-stop-confirm-yes').click();
    await eventually(async () => (await row.getAttribute('data-status')) === 'stopped', 15_000, 'the chosen member stopped');
    expect(await statusOf(PAUSED_ONE)).toBe('paused'); // the other one untouched

    expect(await shell.getByTestId('people-restart').textContent()).toBe('Launch again (1)');
    await shell.getByTestId('people-restart').click();
    await eventually(async () => (await row.getAttribute('data-status')) === 'notStarted', 15_000, 'the member launched again');
    expect(await shell.locator(`[data-testid="people-result-row"][data-person-id="${OTHER}"]`).getAttribute('data-outcome')).toBe('done');
    expect(await statusOf(OTHER)).toBe('notStarted');
  });

  it('reads in Russian', async () => {
    const shell = await openPicker('ru');
    expect(await shell.getByTestId('training-people-open').textContent()).toBe('Выбранные участники: приостановить, возобновить, остановить или запустить снова');
    const paused = shell.locator(`[data-testid="people-row"][data-person-id="${PAUSED_ONE}"]`);
    expect(await paused.getByTestId('people-status').textContent()).toBe('На паузе');
    await shell.getByTestId('people-all').check();
    expect(await shell.getByTestId('people-chosen').textContent()).toBe('Выбрано: 2 человека');
    expect(await shell.getByTestId('people-resume').textContent()).toBe('Возобновить (1)');
  });

  it('resumes the paused member through the panel: no longer shown paused, the other untouched', async () => {
    const shell = await openPicker();
    const row = (personId: number) => shell.locator(`[data-testid="people-row"][data-person-id="${personId}"]`);
    expect(await row(PAUSED_ONE).getAttribute('data-status')).toBe('paused');
    expect(await row(PAUSED_ONE).textContent()).toContain('Paused on their own');
    const otherBefore = await row(OTHER).getAttribute('data-status');

    await shell.getByTestId(`people-choose-${PAUSED_ONE}`).focus();
    await h.page.keyboard.press('Space');
    expect(await shell.getByTestId('people-resume').textContent()).toBe('Resume (1)');
    expect(await shell.getByTestId('people-pause').isDisabled()).toBe(true); // paused already
    await shell.getByTestId('people-resume').press('Enter');

    await eventually(async () => (await row(PAUSED_ONE).getAttribute('data-status')) === 'notStarted', 15_000, 'the chosen member resumed');
    expect(await row(PAUSED_ONE).getByTestId('people-status').textContent()).toBe('Not started');
    expect(await row(PAUSED_ONE).textContent()).not.toContain('Paused on their own');
    const result = shell.locator(`[data-testid="people-result-row"][data-person-id="${PAUSED_ONE}"]`);
    expect(await result.getAttribute('data-outcome')).toBe('done');
    expect(await result.textContent()).toContain('Resumed');
    expect(await row(OTHER).getAttribute('data-status')).toBe(otherBefore);
    // Nobody left to resume; the server agrees.
    expect(await shell.getByTestId('people-resume').isDisabled()).toBe(true);
    expect(await statusOf(PAUSED_ONE)).toBe('notStarted');
    const pauses = (await api('GET', `/api/groups/${groupId}/training`)).pauses.filter((p: { personId: number | null }) => p.personId === PAUSED_ONE);
    expect(pauses).toEqual([expect.objectContaining({ to: expect.any(String) })]);
  });
});
