import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Frame } from 'playwright-core';
import { SEED_USERS } from '../../server/dev-portal';
import { courseFile, seedCourse } from '../support/catalog-content';
import { manualClock } from '../support/manual-clock';
import { eventually, openAs, RESULTS_DIR } from './app-harness';
import { describeInChromium } from './chromium';
import { installedAppForFile, openGroupCard } from './training-story-harness';

/**
 * Issue 10's story in Chromium, inside the local portal, each step on the real path: an admin
 * edits the default group Average Risk on its card (30 instead of 20 minutes a week) and launches
 * it; the employee, a member, opens My groups and sees this week's units, opens the group's course,
 * reads unit 1, fails its test, passes it on retake, and finds unit 1 done in their plan; days
 * later the admin's group report shows the employee on track with their score, and the moderator,
 * a member who did nothing, behind; the person report lists both attempts; the CSV has the right
 * columns, a BOM and a row per member. The report page's chart loads uPlot there only.
 *
 * The day is the app's injected clock (AppDeps.clock), never the machine's: the group starts on a
 * Monday two weeks ahead (the members joined before it, so nobody is a late joiner). What the
 * database stamps itself (joined_at, lessons read, attempts) keeps the machine's time, before that
 * Monday: progress counts what was done, whenever it was done, so the story reads the same. Course
 * "Security basics": unit 1 (beginner; lessons 5 + 3 min, test 4 min = 12) and unit 2 (elementary;
 * 4 min, no test), both in "all topics up to Elementary". At 30 min/week unit 1 is due 7 x 12/30 =
 * 2.8 days in (Thursday's midnight), unit 2 7 x 16/30 = 3.7 days in (Friday's): both this week.
 */
jest.setTimeout(240_000);

const COURSE = 'Security basics';
const clock = manualClock();
/** The Monday the group starts, in its time zone (UTC, the settings' default: checked below). */
const START = DateTime.utc().startOf('week').plus({ weeks: 2 });
const day = (days: number) => START.plus({ days }).toISODate() as string;
const setClock = (at: DateTime) => clock.advance(at.toMillis() - clock.now());

describeInChromium('issue 10\'s training story: settings, launch, learning, report', () => {
  const app = installedAppForFile({ clock: () => new Date(clock.now()) });
  let averageId = 0;
  let courseId = 0;
  let units: Array<{ id: number; title: string }> = [];
  const names = new Map<number, string>();

  beforeAll(async () => {
    setClock(START.plus({ hours: 9 }));
    courseId = await seedCourse(app.h.app.database.db, app.portalId, SEED_USERS.admin, courseFile(COURSE));
    units = (await app.api('GET', `/api/courses/${courseId}`)).units;
    const groups = (await app.api('GET', '/api/groups')).groups as Array<{ id: number; name: string }>;
    averageId = groups.find((g) => g.name === 'Average Risk')!.id;
    await app.api('PUT', `/api/groups/${averageId}/content/course/${courseId}`);
    await app.api('POST', `/api/groups/${averageId}/participants`, { userIds: [SEED_USERS.employee, SEED_USERS.moderator] });
    for (const user of app.h.portal.controls.users()) names.set(user.id, `${user.name} ${user.lastName}`.trim());
  });

  /** The test's right and wrong options, as its author sees them (the learner's browser never gets them). */
  async function answersOf(testId: number): Promise<Array<{ right: number[]; wrong: number[] }>> {
    const test = await app.api('GET', `/api/manage/tests/${testId}`);
    return test.questions.map((q: { options: Array<{ id: number; correct: boolean }> }) => ({
      right: q.options.filter((o) => o.correct).map((o) => o.id),
      wrong: q.options.filter((o) => !o.correct).map((o) => o.id),
    }));
  }

  async function openMyAverage(): Promise<Frame> {
    const shell = await openAs(app.h, SEED_USERS.employee);
    await shell.getByTestId('nav-my-groups').click();
    await shell.getByTestId(`my-group-open-${averageId}`).click();
    await shell.getByTestId('my-plan-status').waitFor();
    return shell;
  }

  /** One attempt at the open test page: `pick` chooses each question's options. */
  async function attempt(shell: Frame, answers: Array<{ right: number[]; wrong: number[] }>, pick: (q: { right: number[]; wrong: number[] }) => number[]) {
    await shell.getByTestId('test-start').press('Enter');
    await shell.getByTestId('attempt-form').waitFor();
    for (const question of answers) for (const id of pick(question)) await shell.getByTestId(`option-${id}`).press('Space');
    await shell.getByTestId('attempt-submit').press('Enter');
    await shell.getByTestId('attempt-result').waitFor();
  }

  it('runs from the card\'s settings and launch to the learner\'s retake, the report and its CSV', async () => {
    const { h } = app;
    // The admin edits Average Risk as the install made it, then launches it from the same card
    const card = await openGroupCard(h, averageId);
    expect(await card.getByTestId('training-minutes').inputValue()).toBe('20');
    expect(await card.getByTestId('training-program-level').inputValue()).toBe('elementary');
    await card.getByTestId('training-minutes').fill('30');
    await card.getByTestId('training-minutes').press('Enter');
    await eventually(async () => (await card.getByTestId('training-status').getAttribute('data-state')) === 'saved', 10_000, 'the save');
    expect(await app.api('GET', `/api/groups/${averageId}/training-settings`)).toMatchObject({ minutesPerWeek: 30, thresholdPercent: 80, timeZone: 'UTC', defaultKey: 'average' });
    await card.getByTestId('training-start').fill(day(0));
    await card.getByTestId('training-launch').click();
    await eventually(async () => (await card.getByTestId('training-state').textContent()) === 'Running', 10_000, 'the launch');
    await app.runJobs();
    expect(h.portal.controls.notifications().filter((n) => n.userId === SEED_USERS.employee && n.tag?.startsWith(`TG_LAUNCH_${averageId}_`))).toHaveLength(1);

    // Monday: the employee sees both units due this week in My groups
    let mine = await openMyAverage();
    expect(await mine.getByTestId('my-plan-status').textContent()).toBe('Not started');
    expect(await mine.getByTestId('my-plan-pace').textContent()).toBe('On track');
    for (const unit of units) expect(await mine.getByTestId(`my-plan-due-${unit.id}`).textContent()).toContain(unit.title);
    expect(await mine.getByTestId('my-plan-end').textContent()).toContain(String(START.plus({ days: 4 }).day));

    // From the group, the course: unit 1's lessons read to their end (short ones: done on opening)
    await mine.getByTestId(`my-content-open-course-${courseId}`).click();
    await mine.getByTestId('course-page').waitFor();
    const firstUnit = mine.locator('.tg-unit').first();
    const lessons = firstUnit.locator('[data-testid^="lesson-open-"]');
    expect(await lessons.count()).toBe(2);
    for (let i = 0; i < 2; i += 1) {
      await lessons.nth(i).press('Enter');
      await mine.locator('[data-testid="lesson-reader"][data-done="true"]').waitFor();
      await mine.getByTestId('lesson-back').press('Enter');
      await mine.getByTestId('course-page').waitFor();
    }
    expect(await mine.getByTestId('course-progress').getAttribute('data-done')).toBe('2');

    // Unit 1's test: every answer wrong, then every answer right on the retake
    await firstUnit.locator('[data-testid^="test-open-"]').press('Enter');
    await mine.getByTestId('test-page').waitFor();
    const answers = await answersOf(Number(await mine.getByTestId('test-page').getAttribute('data-test-id')));
    await attempt(mine, answers, (q) => [q.wrong[0] as number]);
    expect(await mine.getByTestId('attempt-result').getAttribute('data-passed')).toBe('false');
    await mine.getByTestId('test-start').filter({ hasText: 'Retake the test' }).waitFor(); // once the page has read the attempts again
    await attempt(mine, answers, (q) => q.right);
    await mine.locator('[data-testid="attempt-result"][data-passed="true"]').waitFor();
    expect(await mine.getByTestId('result-score').textContent()).toBe('100%');

    // Back in My groups: in progress, unit 1 done, unit 2 still due this week
    mine = await openMyAverage();
    expect(await mine.getByTestId('my-plan-status').textContent()).toBe('In progress');
    expect(await mine.getByTestId(`my-plan-due-${units[0]!.id}`).count()).toBe(0);
    expect(await mine.getByTestId(`my-plan-due-${units[1]!.id}`).textContent()).toContain(units[1]!.title);

    // Thursday noon: unit 1 is due. The admin opens the report from the card.
    setClock(START.plus({ days: 3, hours: 12 }));
    const chunks: string[] = [];
    h.page.on('request', (request) => {
      if (request.url().includes('/chunks/')) chunks.push(new URL(request.url()).pathname);
    });
    const shell = await openGroupCard(h, averageId);
    expect(chunks.filter((c) => c.includes('uPlot'))).toEqual([]); // not before the report
    await shell.getByTestId('training-report').press('Enter');
    await shell.getByTestId('report-members').waitFor();
    expect(await shell.getByTestId('report-title').locator('..').textContent()).toContain(`today ${day(3)} (UTC)`);

    const employee = shell.locator(`[data-testid="report-member"][data-person-id="${SEED_USERS.employee}"]`);
    expect(await employee.getAttribute('data-on-track')).toBe('true');
    expect(await employee.getByTestId('member-track').textContent()).toBe('On track');
    expect(await employee.locator('td').allTextContents()).toEqual([names.get(SEED_USERS.employee), 'In progressOn track', '1 / 1', day(4), day(5), '100 %', '2']);
    const moderator = shell.locator(`[data-testid="report-member"][data-person-id="${SEED_USERS.moderator}"]`);
    expect(await moderator.getAttribute('data-on-track')).toBe('false');
    expect(await moderator.getByTestId('member-track').textContent()).toBe('Behind');
    // Who needs attention: the moderator, not the employee
    expect(await shell.getByTestId('attention-person').evaluateAll((items) => items.map((i) => Number(i.getAttribute('data-person-id'))))).toEqual([SEED_USERS.moderator]);

    // The chart: this week, 4 units planned (2 each), 1 done; uPlot loaded on this page only
    const chart = shell.getByTestId('report-chart');
    await eventually(async () => (await chart.getAttribute('data-state')) === 'ready', 15_000, 'the chart');
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(await chart.locator('tbody tr').count()).toBe(1);
    expect(await chart.locator('tbody tr td').allTextContents()).toEqual(['4', '1']);
    expect(chunks.filter((c) => c.includes('uPlot'))).toHaveLength(1);
    expect(await shell.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await h.page.screenshot({ path: path.join(RESULTS_DIR, 'training-report-1280.png'), fullPage: true });

    // Sorting by keyboard: focus the score header and press Enter
    await shell.getByTestId('sort-score').focus();
    await h.page.keyboard.press('Enter');
    expect(await shell.locator('th[aria-sort="ascending"]').count()).toBe(1);

    // The CSV, as the browser saves it: Excel's UTF-8 BOM, comma-separated, CRLF, a row per member
    const [download] = await Promise.all([h.page.waitForEvent('download'), shell.getByTestId('report-csv').click()]);
    expect(download.suggestedFilename()).toBe(`group-${averageId}-report-${day(3)}.csv`);
    const file = fs.readFileSync((await download.path()) as string);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Name,Status,On track,Units planned by today,Units done,Units in plan,Planned end,Estimated end,Average best test score (%),Test attempts,Needs attention');
    expect(lines.slice(1).sort()).toEqual(
      [
        '', // the file ends with a line break
        `${names.get(SEED_USERS.employee)},In progress,yes,1,1,2,${day(4)},${day(5)},100,2,`,
        `${names.get(SEED_USERS.moderator)},Not started,no,1,0,2,${day(4)},,,0,"behind plan, not started"`,
      ].sort(),
    );

    // The employee's own report: both attempts, the first below the group's threshold
    await employee.getByRole('button').click();
    await shell.getByTestId('person-report').waitFor();
    expect(await shell.getByTestId('person-attempt').count()).toBe(2);
    expect(await shell.getByTestId('person-attempt').first().textContent()).toContain('Below the threshold');
    expect(await shell.getByTestId('person-unit').count()).toBe(2);
    expect(await shell.locator('[data-testid="person-unit"][data-credited="true"]').count()).toBe(0);
    // Their history: added by the admin, then the group's launch, newest first
    const historyKinds = () => shell.getByTestId('person-history-entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(await historyKinds()).toEqual(['launched', 'joined']);
    expect(await shell.getByTestId('person-history-entry').first().locator('td').allTextContents()).toEqual([day(0), 'Training launchedWhole group', names.get(SEED_USERS.admin)]);
    await h.page.screenshot({ path: path.join(RESULTS_DIR, 'training-report-person-1280.png'), fullPage: true });

    // Stopped alone, then launched again an hour later: unit 1, passed before, is credited in the new plan
    setClock(START.plus({ days: 3, hours: 13 }));
    await app.api('POST', `/api/groups/${averageId}/training/stop`, { personIds: [SEED_USERS.employee] });
    setClock(START.plus({ days: 3, hours: 14 }));
    await app.api('POST', `/api/groups/${averageId}/training/restart`, { personIds: [SEED_USERS.employee] });
    await shell.getByTestId('crumb-report').press('Enter');
    await shell.getByTestId('report-members').waitFor();
    await employee.getByRole('button').press('Enter');
    await shell.getByTestId('person-history').waitFor();
    const credited = shell.locator('[data-testid="person-unit"][data-credited="true"]');
    expect(await credited.count()).toBe(1);
    expect(await credited.locator('td').first().textContent()).toBe(units[0]!.title);
    expect(await credited.textContent()).toContain('Credited');
    expect(await historyKinds()).toEqual(['launchedAgain', 'stopped', 'launched', 'joined']);
    // Both done by the admin through the API, so both name them
    expect(await shell.getByTestId('person-history-entry').first().locator('td').allTextContents()).toEqual([day(3), 'Launched again', names.get(SEED_USERS.admin)]);
    expect(await shell.getByTestId('person-history-entry').nth(1).locator('td').allTextContents()).toEqual([day(3), 'Training stopped', names.get(SEED_USERS.admin)]);
  });

  it('says so, in Russian, before a launch, and leads back to the card', async () => {
    const other = (await app.api('POST', '/api/groups', { name: 'Not launched yet' })).id as number;
    const shell = await openGroupCard(app.h, other, 'ru');
    // By keyboard: the card's sections above the button may still be growing as they load, which moves a click's target
    await shell.getByTestId('training-report').press('Enter');
    const empty = shell.getByTestId('report-not-launched');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('ещё не запущено');
    expect(await shell.getByTestId('report-chart').count()).toBe(0);
    await shell.getByTestId('crumb-group').click();
    await shell.getByTestId('group-launch').waitFor();
  });
});
