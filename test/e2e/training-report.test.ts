import fs from 'node:fs';
import path from 'node:path';
import { SEED_USERS } from '../../server/dev-portal';
import { courseFile, seedCourse } from '../support/catalog-content';
import { appFrame, buildClient, callApi, eventually, installByApi, RESULTS_DIR, runQueuedJobs, startHarness, type Harness } from './app-harness';
import { describeInChromium } from './chromium';

/**
 * The group report in Chromium, inside the local portal (issue 10 part 8): an admin opens the
 * report of a launched group from its card, sees the weekly chart drawn (uPlot's canvas, loaded
 * on that page only), the member who passed unit 1 on track, opens that member's report, and
 * downloads the CSV with the BOM and the right columns.
 */
jest.setTimeout(150_000);

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

describeInChromium('the training report of a group', () => {
  let h: Harness;
  let adminToken: string;
  let groupId = 0;

  const runJobs = () => runQueuedJobs(h);
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => callApi(h, adminToken, method, url, payload);

  beforeAll(async () => {
    buildClient();
    h = await startHarness();
    adminToken = await installByApi(h);
    await runJobs();

    const db = h.app.database.db;
    const portalId = (await db('portals').first('id')).id as string;
    const courseId = await seedCourse(db, portalId, SEED_USERS.admin, courseFile('Security basics'));
    groupId = (await api('POST', '/api/groups', { name: 'Report group' })).id;
    await api('PUT', `/api/groups/${groupId}/content/course/${courseId}`);
    await api('PUT', `/api/groups/${groupId}/training-settings`, {
      version: 0, courseType: 'main', noWaiting: false, minutesPerWeek: 20, thresholdPercent: 80, program: { allTopicsUpTo: 'elementary' },
      express: { unitIds: [], durationDays: null }, intendedStaff: { en: '', ru: '' }, lateJoiners: 'ownPace', timeZone: 'UTC',
    });
    await api('POST', `/api/groups/${groupId}/participants`, { userIds: [SEED_USERS.employee] });
    // Started yesterday: unit 1 (12 of 20 weekly minutes) is not due before the fourth day.
    await api('POST', `/api/groups/${groupId}/training/launch`, { startsOn: dayOf(new Date(Date.now() - 86_400_000)) });
    await runJobs();

    // The employee read unit 1's lessons and passed its test on the second try.
    const unitId = (await api('GET', `/api/courses/${courseId}`)).units[0].id as number;
    const lessons = await db('lessons').where({ portal_id: portalId, unit_id: unitId }).select('id');
    await db('lesson_progress').insert(lessons.map((l: { id: number }) => ({ portal_id: portalId, person_id: SEED_USERS.employee, lesson_id: l.id, course_id: courseId })));
    const test = await db('tests').where({ portal_id: portalId, unit_id: unitId }).first('id', 'title');
    for (const [number, score] of [[1, 50], [2, 100]]) {
      await db('test_attempts').insert({ portal_id: portalId, test_id: test.id, person_id: SEED_USERS.employee, number, title_snapshot: test.title, submitted_at: new Date(), answers: '{}', score, passed: score >= 60 });
    }
  }, 150_000);

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.appErrors.splice(0)).toEqual([]);
  });

  it('shows the chart, the member on track, their own report, and downloads the CSV', async () => {
    const chunks: string[] = [];
    h.page.on('request', (request) => {
      if (request.url().includes('/chunks/')) chunks.push(new URL(request.url()).pathname);
    });
    await h.page.goto(`${h.portal.url}/?as=${SEED_USERS.admin}&lang=en`);
    const shell = await appFrame(h.page, 'app-shell');
    await shell.getByTestId('nav-groups').click();
    await shell.getByTestId(`group-open-${groupId}`).click();
    await shell.getByTestId('group-launch').waitFor();
    expect(chunks.filter((c) => c.includes('uPlot'))).toEqual([]); // not before the report
    await shell.getByTestId('training-report').click();

    const chart = shell.getByTestId('report-chart');
    await eventually(async () => (await chart.getAttribute('data-state')) === 'ready', 15_000, 'the chart');
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    const box = await chart.locator('canvas').first().boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    // The chart's data: this week, one unit done.
    expect(await chart.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await chart.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('1');
    expect(chunks.filter((c) => c.includes('uPlot'))).toHaveLength(1);

    const member = shell.locator(`[data-testid="report-member"][data-person-id="${SEED_USERS.employee}"]`);
    expect(await member.getAttribute('data-on-track')).toBe('true');
    expect(await member.getByTestId('member-track').textContent()).toBe('On track');
    // Nothing needs attention: no overflow at 1280 px either.
    expect(await shell.getByTestId('report-attention').textContent()).toContain('Everyone is on track.');
    expect(await shell.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await h.page.screenshot({ path: path.join(RESULTS_DIR, 'training-report-1280.png'), fullPage: true });

    // Sorting by keyboard: focus the score header and press Enter.
    await shell.getByTestId('sort-score').focus();
    await h.page.keyboard.press('Enter');
    expect(await shell.locator('th[aria-sort="ascending"]').count()).toBe(1);

    const [download] = await Promise.all([h.page.waitForEvent('download'), shell.getByTestId('report-csv').click()]);
    const file = fs.readFileSync((await download.path()) as string);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Name,Status,On track,Units planned by today,Units done,Units in plan,Planned end,Estimated end,Average best test score (%),Test attempts,Needs attention');
    expect(lines[1].split(',').slice(1, 6)).toEqual(['In progress', 'yes', '0', '1', '2']);
    expect(download.suggestedFilename()).toMatch(/^group-\d+-report-\d{4}-\d\d-\d\d\.csv$/);

    await member.getByRole('button').click();
    const person = shell.getByTestId('person-report');
    await person.waitFor();
    expect(await shell.getByTestId('person-attempt').count()).toBe(2);
    expect(await shell.getByTestId('person-attempt').first().textContent()).toContain('Below the threshold');
    expect(await shell.getByTestId('person-unit').count()).toBe(2);
    await h.page.screenshot({ path: path.join(RESULTS_DIR, 'training-report-person-1280.png'), fullPage: true });
  });

  it('says so, in Russian, before a launch, and leads back to the card', async () => {
    const other = (await api('POST', '/api/groups', { name: 'Not launched yet' })).id as number;
    await h.page.goto(`${h.portal.url}/?as=${SEED_USERS.admin}&lang=ru`);
    const shell = await appFrame(h.page, 'app-shell');
    await shell.getByTestId('nav-groups').click();
    await shell.getByTestId(`group-open-${other}`).click();
    await shell.getByTestId('group-launch').waitFor();
    await shell.getByTestId('training-report').click();
    const empty = shell.getByTestId('report-not-launched');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('ещё не запущено');
    expect(await shell.getByTestId('report-chart').count()).toBe(0);
    await shell.getByTestId('crumb-group').click();
    await shell.getByTestId('group-launch').waitFor();
  });
});
