import { DateTime } from 'luxon';
import { SEED_USERS } from '../../server/dev-portal';
import { courseFile, seedCourse } from '../support/catalog-content';
import { appFrame, buildClient, callApi, eventually, installByApi, runQueuedJobs, startHarness, type Harness } from './app-harness';
import { describeInChromium } from './chromium';
import { trainingSettingsBody } from '../support/training-settings';

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

  const runJobs = () => runQueuedJobs(h);
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => callApi(h, adminToken, method, url, payload);

  beforeAll(async () => {
    buildClient();
    h = await startHarness();
    adminToken = await installByApi(h);
    await runJobs();

    const portal = await h.app.database.db('portals').where({ state: 'active' }).first('id');
    const courseId = await seedCourse(h.app.database.db, String(portal.id), SEED_USERS.admin, courseFile('Security basics'));
    unitTitles = (await api('GET', `/api/courses/${courseId}`)).units.map((u: { title: string }) => u.title);
    groupId = (await api('POST', '/api/groups', { name: 'Plan in My groups' })).id;
    await api('PUT', `/api/groups/${groupId}/content/course/${courseId}`);
    await api('PUT', `/api/groups/${groupId}/training-settings`, { version: 0, ...trainingSettingsBody({ timeZone: 'UTC' }) });
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
