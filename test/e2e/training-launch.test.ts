import { createAppWorker } from '../../server/app-worker';
import { SEED_USERS } from '../../server/dev-portal';
import { silentJobLogger } from '../../server/jobs/job-types';
import { bearer, bootOf, formPost } from '../support/portal-app';
import { appFrame, buildClient, eventually, startHarness, type Harness } from './app-harness';
import { describeInChromium } from './chromium';

/**
 * The training panel of the group card in Chromium, inside the local portal (issue 10 part 4): an
 * admin launches a group's training, pauses and resumes it, and stops it after confirming; the
 * member is told of the launch in Bitrix24 once the notice job runs, and the panel reads in Russian.
 */
jest.setTimeout(150_000);

describeInChromium('the training panel of a group card', () => {
  let h: Harness;
  let adminToken: string;
  let groupId = 0;

  async function runJobs(): Promise<void> {
    const worker = createAppWorker({ db: h.app.database.db, bitrix: h.app.app.bitrix, log: silentJobLogger });
    for (let round = 0; round < 50; round++) if ((await worker.runOnce()).jobId === null) return;
    throw new Error('the job queue did not empty');
  }

  async function api(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
    const res = await h.app.app.inject({ method, url, headers: bearer(adminToken), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  beforeAll(async () => {
    buildClient();
    h = await startHarness();
    const launch = h.portal.controls.frameLaunch(SEED_USERS.admin);
    const page = bootOf(await formPost(h.app.app, '/install', launch.query, launch.fields));
    if (!page.install?.ok) throw new Error(`install refused: ${JSON.stringify(page.install)}`);
    const setup = await h.app.app.inject({ method: 'POST', url: '/api/install/setup', headers: bearer(page.install.token) });
    if (setup.statusCode !== 200) throw new Error(`install setup failed: ${setup.body}`);
    h.portal.controls.finishInstall();
    const admin = h.portal.controls.frameLaunch(SEED_USERS.admin);
    adminToken = bootOf(await formPost(h.app.app, '/', admin.query, admin.fields)).session.token;
    await runJobs();
    groupId = (await api('POST', '/api/groups', { name: 'Launch panel' })).id;
    await api('POST', `/api/groups/${groupId}/participants`, { userIds: [SEED_USERS.employee] });
  }, 150_000);

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.appErrors.splice(0)).toEqual([]);
  });

  async function openCard(lang: 'en' | 'ru' = 'en') {
    await h.page.goto(`${h.portal.url}/?as=${SEED_USERS.admin}&lang=${lang}`);
    const shell = await appFrame(h.page, 'app-shell');
    await shell.getByTestId('nav-groups').click();
    await shell.getByTestId(`group-open-${groupId}`).click();
    await shell.getByTestId('group-launch').waitFor();
    return shell;
  }

  it('launches, pauses, resumes and (after confirming) stops a group, and tells the member once', async () => {
    const shell = await openCard();
    const state = shell.getByTestId('training-state');
    await eventually(async () => (await state.textContent()) === 'Not launched', 10_000, 'the panel');
    await shell.getByTestId('training-start').fill('2026-03-02');
    await shell.getByTestId('training-launch').click();
    await eventually(async () => (await state.textContent()) === 'Running', 10_000, 'the launch');

    await runJobs();
    const told = h.portal.controls.notifications().filter((n) => n.userId === SEED_USERS.employee && n.tag?.startsWith(`TG_LAUNCH_${groupId}_`));
    expect(told).toHaveLength(1);

    await shell.getByTestId('training-pause').click();
    await eventually(async () => (await state.textContent()) === 'Paused', 10_000, 'the pause');
    await shell.getByTestId('training-resume').click();
    await eventually(async () => (await state.textContent()) === 'Running', 10_000, 'the resume');

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
