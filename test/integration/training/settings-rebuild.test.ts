import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import type { Role } from '../../../server/auth/session-token';
import { trainingSettingsBody } from '../../support/training-settings';

/**
 * Saving a training group's settings while it trains (issue 10 parts 1 and 5): the preview says how
 * many running plans a save would lay out again, the save rebuilds them in a bounded number of
 * statements and says how many, a member who left is not planned again, and a group that is not
 * training rebuilds nothing.
 *
 * The seeded course: unit 1 (12 minutes) and unit 2 (4 minutes). From Monday 2026-03-02 in
 * Europe/Moscow at 20 min/week: due 03-07 and 03-08; at 10 min/week: unit 1 due day ceil(84/10) = 9
 * (03-11), unit 2 opens day floor(84/10) = 8 (03-10), due day ceil(112/10) = 12 (03-14).
 */

const ADMIN = 1;

describe('training settings saved while the group trains', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let courseId: number;
  const db = () => t.database.db;
  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, role: Role, payload?: object) =>
    t.app.inject({ method, url, headers: sessionHeader(t.config.sessionSecret, portal, role, ADMIN), ...(payload ? { payload } : {}) });
  const settings = (version: number, minutesPerWeek: number) => ({ version, ...trainingSettingsBody({ minutesPerWeek }) });
  const dueDays = async (groupId: number, personId: number) =>
    (
      await db().raw(
        `SELECT to_char(u.due_at AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD') AS due FROM personal_plan_units u JOIN personal_plans p USING (portal_id, launch_id, member_id)
         WHERE p.portal_id = ? AND p.group_id = ? AND p.person_id = ? AND p.stopped_at IS NULL ORDER BY u.position`,
        [portal.id, groupId, personId],
      )
    ).rows.map((r: { due: string }) => r.due);

  async function group(name: string, members: number[]): Promise<number> {
    const id = (await call('POST', '/api/groups', 'admin', { name })).json().id as number;
    expect((await call('PUT', `/api/groups/${id}/content/course/${courseId}`, 'admin')).statusCode).toBe(200);
    expect((await call('PUT', `/api/groups/${id}/training-settings`, 'admin', settings(0, 20))).json()).toMatchObject({ version: 1, plansRebuilt: 0 });
    await db().raw(
      `INSERT INTO group_members (portal_id, group_id, person_id, state, source, joined_at) SELECT ?, ?, x, 'active', 'manual', '2026-02-01T00:00:00Z' FROM unnest(CAST(? AS int[])) AS x`,
      [portal.id, id, `{${members.join(',')}}`],
    );
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(db());
    courseId = await seedCourse(db(), portal.id, ADMIN, courseFile('Security basics'));
  }, 180_000);
  afterAll(async () => t?.close());

  it('rebuilds the running plans of a launched group, set-based, and says how many', async () => {
    const groupId = await group('Training', [11, 12, 13]);
    expect((await call('POST', `/api/groups/${groupId}/training/launch`, 'admin', { startsOn: '2026-03-02' })).statusCode).toBe(201);
    // Person 13 leaves: their plan is not laid out again.
    await db()('group_members').where({ portal_id: portal.id, group_id: groupId, person_id: 13 }).update({ left_at: db().fn.now(), state: 'removed' });
    expect(await dueDays(groupId, 11)).toEqual(['2026-03-07', '2026-03-08']);
    expect((await call('GET', `/api/groups/${groupId}/training-settings/preview?startsOn=2026-03-02`, 'admin')).json()).toMatchObject({ runningPlans: 2 });

    const statements: string[] = [];
    const count = (query: { sql: string }) => statements.push(query.sql);
    db().on('query', count);
    const saved = await call('PUT', `/api/groups/${groupId}/training-settings`, 'admin', settings(1, 10));
    db().off('query', count);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, minutesPerWeek: 10, plansRebuilt: 2 });
    expect(statements.length).toBeLessThan(25);
    expect(await dueDays(groupId, 11)).toEqual(['2026-03-11', '2026-03-14']);
    expect(await dueDays(groupId, 12)).toEqual(['2026-03-11', '2026-03-14']);
    const left = await db()('personal_plans').where({ portal_id: portal.id, group_id: groupId, person_id: 13 }).first('minutes_per_week');
    expect(left.minutes_per_week).toBe(20);

    // A stale version is refused and rebuilds nothing.
    const stale = await call('PUT', `/api/groups/${groupId}/training-settings`, 'admin', settings(1, 40));
    expect(stale.statusCode).toBe(409);
    expect(await dueDays(groupId, 11)).toEqual(['2026-03-11', '2026-03-14']);
  });

  it('rebuilds nothing in a group that is not training', async () => {
    const groupId = await group('Idle', [21]);
    expect((await call('GET', `/api/groups/${groupId}/training-settings/preview`, 'admin')).json()).toMatchObject({ runningPlans: 0 });
    expect((await call('PUT', `/api/groups/${groupId}/training-settings`, 'admin', settings(1, 10))).json()).toMatchObject({ version: 2, plansRebuilt: 0 });
  });
});
