import { DateTime } from 'luxon';
import { createAppWorker } from '../../server/app-worker';
import { SEED_USERS } from '../../server/dev-portal';
import { silentJobLogger } from '../../server/jobs/job-types';
import { courseFile, seedCourse } from '../support/catalog-content';
import { bearer, bootOf, formPost } from '../support/portal-app';
import { appFrame, buildClient, eventually, startHarness, type Harness } from './app-harness';
import { describeInChromium } from './chromium';

/**
 * The learner's plan in My groups, in Chromium inside the local portal (issue 10 part 8): an
 * employee of a launched group opens it and sees this week's lessons, what comes next and the
 * planned end, in English and in Russian.
 *
 * The group trains from this week's Monday (UTC) at 20 min/week: unit 1 (12 minutes) is due on
 * Saturday, unit 2 (4 minutes) on Sunday, so both are due this week whatever today's weekday; the
 * plan ends on Sunday.
 */
jest.setTimeout(150_000);

describeInChromium('the learner\'s plan in My groups', () => {
  let h: Harness;
  let adminToken: string;
  let groupId = 0;
  let unitTitles: string[] = [];

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

    const portal = await h.app.database.db('portals').where({ state: 'active' }).first('id');
    const courseId = await seedCourse(h.app.database.db, String(portal.id), SEED_USERS.admin, courseFile('Security basics'));
    unitTitles = (await api('GET', `/api/courses/${courseId}`)).units.map((u: { title: string }) => u.title);
    groupId = (await api('POST', '/api/groups', { name: 'Plan in My groups' })).id;
    await api('PUT', `/api/groups/${groupId}/content/course/${courseId}`);
    await api('PUT', `/api/groups/${groupId}/training-settings`, {
      version: 0,
      courseType: 'main',
      noWaiting: false,
      minutesPerWeek: 20,
      thresholdPercent: 80,
      program: { allTopicsUpTo: 'elementary' },
      express: { unitIds: [], durationDays: null },
      intendedStaff: { en: '', ru: '' },
      lateJoiners: 'ownPace',
      timeZone: 'UTC',
    });
    await api('POST', `/api/groups/${groupId}/participants`, { userIds: [SEED_USERS.employee] });
    // A member since before the start (not a late joiner, whose plan would start the day they joined).
    await h.app.database.db('group_members').where({ portal_id: String(portal.id), group_id: groupId, person_id: SEED_USERS.employee }).update({ joined_at: '2026-01-01T00:00:00Z' });
    const monday = DateTime.utc().startOf('week').toISODate();
    await api('POST', `/api/groups/${groupId}/training/launch`, { startsOn: monday });
  }, 150_000);

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.appErrors.splice(0)).toEqual([]);
  });

  async function openMyGroup(lang: 'en' | 'ru') {
    await h.page.goto(`${h.portal.url}/?as=${SEED_USERS.employee}&lang=${lang}`);
    const shell = await appFrame(h.page, 'app-shell');
    await shell.getByTestId('nav-my-groups').click();
    await shell.getByTestId(`my-group-open-${groupId}`).click();
    await shell.getByTestId('my-plan-this-week').waitFor();
    return shell;
  }

  it('shows the employee this week\'s lessons, what comes next and the planned end', async () => {
    const shell = await openMyGroup('en');
    const week = await shell.getByTestId('my-plan-this-week').textContent();
    for (const title of unitTitles) expect(week).toContain(title);
    expect(await shell.getByTestId('my-plan').textContent()).toContain('Due this week');
    const sunday = DateTime.utc().startOf('week').plus({ days: 6 });
    const end = await shell.getByTestId('my-plan-end').textContent();
    expect(end).toContain('Planned end:');
    expect(end).toContain(String(sunday.day));
    expect(await shell.getByTestId('my-plan-status').textContent()).toBe('Not started');

    const ru = await openMyGroup('ru');
    await eventually(async () => (await ru.getByTestId('my-plan').textContent())?.includes('На этой неделе') ?? false, 10_000, 'the Russian plan');
    expect(await ru.getByTestId('my-plan-end').textContent()).toContain('Плановое окончание');
  });
});
