import { DateTime } from 'luxon';
import { SEED_USERS } from '../../../server/dev-portal';
import { createAppWorker } from '../../../server/app-worker';
import { silentJobLogger } from '../../../server/jobs/job-types';
import type { Worker } from '../../../server/jobs/worker';
import { PLACE_NEW_USER_JOB } from '../../../server/training/grouping-rules-service';
import { courseFile, seedCourse } from '../../support/catalog-content';
import { bearer, startPortalApp, type PortalApp } from '../../support/portal-app';

/**
 * Grouping rules on ONUSERADD, through the event itself (issue 10 part 3), on PostgreSQL with the
 * local portal: a new user completes registration in the portal, which POSTs ONUSERADD to the
 * app's event handler (application_token checked); the events inbox stores it; the worker turns it
 * into jobs (mirror the person, then place them by the rules); the person ends up a member of the
 * rule's group and, that group being in training, with a personal plan they can read in My groups.
 * With "apply rules to new users" off, the same event mirrors the person and places nobody; a
 * placement queued while it was on and turned off before the job ran places nobody either; a
 * forged event is refused and stored nowhere.
 */

const FINANCE = 9;
const DOMAIN = 'newhires.example.com';

describe('grouping rules on ONUSERADD, delivered by the local portal', () => {
  let t: PortalApp;
  let worker: Worker;
  let portalId: string;
  let admin: string;
  let averageId: number;
  let financeId: number;
  /** The Monday a week before this one: whoever joins now is a late joiner of a group in its second week. */
  const startsOn = DateTime.utc().startOf('week').minus({ weeks: 1 }).toISODate() as string;

  const db = () => t.database.db;
  const call = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  /** Runs the worker until the inbox and the queue are empty (events first, then jobs). */
  const drain = async () => {
    for (let round = 0; round < 50; round++) {
      const { events, jobId } = await worker.runOnce();
      if (events === 0 && jobId === null) return;
    }
    throw new Error('the queue did not empty');
  };
  const switchNewUsers = async (on: boolean) => {
    const res = await call(admin, 'PUT', '/api/settings/grouping-rules/new-users', { applyToNewUsers: on });
    expect(res.json().applyToNewUsers).toBe(on);
  };
  /** A new employee registers in the portal; resolves once the portal's ONUSERADD was answered (its HTTP status). */
  const register = async (name: string, fields: { email?: string; departments?: number[] }) => {
    const user = await t.portal.controls.addUser({ name, lastName: 'Newcomer', position: 'Trainee', ...fields });
    await t.portal.controls.flushEvents();
    const delivered = t.portal.controls.deliveredEvents().filter((e) => e.event === 'ONUSERADD' && (e.body.data as { ID?: string }).ID === String(user.id));
    return { user, statuses: delivered.map((e) => e.status) };
  };
  const inboxOf = (userId: number) => db()('event_inbox').where({ portal_id: portalId, event: 'ONUSERADD' }).whereRaw(`payload->'data'->>'ID' = ?`, [String(userId)]);
  const placementJobsOf = (userId: number) => db()('jobs').where({ portal_id: portalId, kind: PLACE_NEW_USER_JOB }).whereRaw(`payload->>'userId' = ?`, [String(userId)]);
  const membershipsOf = (userId: number) => db()('group_members').where({ portal_id: portalId, person_id: userId }).select('group_id', 'source', 'left_at', 'joined_at');
  const plansOf = (userId: number) => db()('personal_plans').where({ portal_id: portalId, person_id: userId }).select('group_id', 'starts_at');

  beforeAll(async () => {
    t = await startPortalApp();
    portalId = (await t.install()).id;
    worker = createAppWorker({ db: db(), bitrix: t.app.bitrix, log: silentJobLogger });
    await drain(); // the people and departments import the install queued
    admin = await t.sessionToken(t.portal, SEED_USERS.admin);

    // The default group Average Risk trains on a course from last week's Monday; a Finance group does not train.
    const groups = (await call(admin, 'GET', '/api/groups')).json().groups as Array<{ id: number; name: string }>;
    averageId = groups.find((g) => g.name === 'Average Risk')!.id;
    financeId = (await call(admin, 'POST', '/api/groups', { name: 'Finance staff' })).json().id;
    const courseId = await seedCourse(db(), portalId, SEED_USERS.admin, courseFile('Security basics'));
    expect((await call(admin, 'PUT', `/api/groups/${averageId}/content/course/${courseId}`)).statusCode).toBeLessThan(300);
    expect((await call(admin, 'POST', `/api/groups/${averageId}/training/launch`, { startsOn })).statusCode).toBe(201);

    // First match wins: the new hires' e-mail domain before the department
    for (const rule of [
      { condition: { kind: 'emailDomain', domain: DOMAIN }, groupId: averageId },
      { condition: { kind: 'department', departmentId: FINANCE }, groupId: financeId },
    ]) {
      expect((await call(admin, 'POST', '/api/settings/grouping-rules', rule)).statusCode).toBe(201);
    }
    await drain(); // the launch's notices
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('with "apply to new users" off, stores the event and mirrors the new user, but places nobody', async () => {
    expect((await call(admin, 'GET', '/api/settings/grouping-rules')).json().applyToNewUsers).toBe(false);
    const { user, statuses } = await register('Anna', { email: `anna@${DOMAIN}` });
    expect(statuses).toEqual([200]);
    expect(await inboxOf(user.id)).toHaveLength(1);
    await drain();

    expect(await db()('people').where({ portal_id: portalId, user_id: user.id }).first('email')).toEqual({ email: `anna@${DOMAIN}` });
    expect(await placementJobsOf(user.id)).toEqual([]);
    expect(await membershipsOf(user.id)).toEqual([]);
    expect(await plansOf(user.id)).toEqual([]);
  });

  it('refuses a forged ONUSERADD and stores nothing of it', async () => {
    const before = await db()('event_inbox').where({ portal_id: portalId }).count<{ count: string }>({ count: '*' }).first();
    const status = await t.portal.controls.sendEvent('ONUSERADD', { ID: String(SEED_USERS.employee) }, { applicationToken: 'forged-token' });
    expect(status).toBe(401);
    expect(await db()('event_inbox').where({ portal_id: portalId }).count<{ count: string }>({ count: '*' }).first()).toEqual(before);
  });

  it('turned on: the new user matched by a rule lands in its group and, the group training, gets a plan from the day they joined', async () => {
    await switchNewUsers(true);
    const { user, statuses } = await register('Boris', { email: `boris@${DOMAIN}`, departments: [FINANCE] });
    expect(statuses).toEqual([200]);
    const [stored] = await inboxOf(user.id);
    expect(stored).toMatchObject({ processed_at: null });
    await drain();

    // The inbox row is processed, and both jobs of the event ran: the mirror, then the placement
    expect((await inboxOf(user.id))[0].processed_at).not.toBeNull();
    const [placement] = await placementJobsOf(user.id);
    expect(placement).toMatchObject({ state: 'done', result: { placed: true, joined: 1, left: 0, groupIds: [averageId] } });
    expect(await db()('people').where({ portal_id: portalId, user_id: user.id }).first('name', 'email')).toEqual({ name: 'Boris', email: `boris@${DOMAIN}` });

    // The e-mail rule comes first, so Finance (his department too) does not get him
    const memberships = await membershipsOf(user.id);
    expect(memberships.map((m: { group_id: string; source: string; left_at: Date | null }) => [Number(m.group_id), m.source, m.left_at])).toEqual([[averageId, 'rule', null]]);
    const audit = await db()('membership_audit').where({ portal_id: portalId, person_id: user.id }).select('group_id', 'action', 'method', 'actor_id');
    expect(audit.map((a: { group_id: string }) => ({ ...a, group_id: Number(a.group_id) }))).toEqual([{ group_id: averageId, action: 'added', method: 'rule', actor_id: null }]);

    // A late joiner: the plan starts on the day they joined, not the group's start
    const joinedOn = DateTime.fromJSDate(new Date(memberships[0].joined_at), { zone: 'utc' }).toISODate();
    const plans = await plansOf(user.id);
    expect(plans.map((p: { group_id: string; starts_at: Date }) => [Number(p.group_id), DateTime.fromJSDate(new Date(p.starts_at), { zone: 'utc' }).toISODate()])).toEqual([[averageId, joinedOn]]);
    expect(joinedOn! > startsOn).toBe(true);

    // ... and the new user reads it in My groups
    const own = await call(await t.sessionToken(t.portal, user.id), 'GET', `/api/my-groups/${averageId}/plan`);
    expect(own.statusCode).toBe(200);
    expect(own.json().plan).toMatchObject({ status: 'notStarted', behind: false, startsOn: joinedOn, totalMinutes: 16 });
  });

  it('places a match of a later rule in a group not training: a member, no plan', async () => {
    const { user } = await register('Vera', { departments: [FINANCE] });
    await drain();
    expect((await membershipsOf(user.id)).map((m: { group_id: string; source: string }) => [Number(m.group_id), m.source])).toEqual([[financeId, 'rule']]);
    expect(await plansOf(user.id)).toEqual([]);
  });

  it('places nobody when the switch is turned off between the event and its job', async () => {
    const { user } = await register('Gleb', { email: `gleb@${DOMAIN}` });
    // The event is taken in while the switch is on: the placement is queued...
    await worker.runOnce();
    expect((await placementJobsOf(user.id)).map((j: { state: string }) => j.state)).toEqual(['queued']);
    // ... and an admin turns it off before it runs
    await switchNewUsers(false);
    await drain();
    expect(await placementJobsOf(user.id)).toEqual([expect.objectContaining({ state: 'done', result: { placed: false, reason: 'turned off' } })]);
    expect(await membershipsOf(user.id)).toEqual([]);
    expect(await db()('people').where({ portal_id: portalId, user_id: user.id }).first('name')).toEqual({ name: 'Gleb' });
  });
});
