import { BIG_GROUP_FIRST_USER_ID, SEED_USERS } from '../../../server/dev-portal';
import { createAppWorker } from '../../../server/app-worker';
import { silentJobLogger, type JobContext } from '../../../server/jobs/job-types';
import { applyRulesHandler } from '../../../server/training/grouping-rules-jobs';
import type { Worker } from '../../../server/jobs/worker';
import { bearer, startPortalApp, type PortalApp } from '../../support/portal-app';

/**
 * Grouping rules on PostgreSQL with the local Bitrix24 portal (issue 10 part 3): the people and
 * departments come from the portal's import; a dry run changes nothing; apply runs as a job and
 * writes memberships with an audit trail of source 'rule'; a new portal user is placed on ONUSERADD
 * once an admin turned that on; moderators and employees are refused.
 *
 * Seed: IT (5) > Development (6), Support (7); Finance (9). Development: 5, 6, 16, 22, 23, 31, 35,
 * 43; Support: 7, 17, 25, 41 (33 inactive); IT itself: 2, 18, 27, 39, 48. Extranet: 4, 44, 45, 46.
 * The portal also has generated benchmark users (ids from 1001) spread over departments: the lists
 * below name the hand-written people, the counts take everyone.
 */

const IT = 5;
const DEVELOPMENT = 6;
const FINANCE = 9;

describe('grouping rules', () => {
  let t: PortalApp;
  let worker: Worker;
  let portalId: string;
  let admin: string;
  let itGroup: number;
  let devGroup: number;
  let partnersGroup: number;

  const db = () => t.database.db;
  const call = (token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  /** Runs the worker until the queue is empty (events first, then jobs). */
  const drain = async () => {
    for (let round = 0; round < 50; round++) {
      const { events, jobId } = await worker.runOnce();
      if (events === 0 && jobId === null) return;
    }
    throw new Error('the queue did not empty');
  };
  const seeded = (ids: number[]) => ids.filter((id) => id < BIG_GROUP_FIRST_USER_ID);
  const isOpenMember = async (groupId: number, personId: number) =>
    Boolean(await db()('group_members').where({ portal_id: portalId, group_id: groupId, person_id: personId }).whereNull('left_at').first());
  const openMembers = async (groupId: number) =>
    seeded((await db()('group_members').where({ portal_id: portalId, group_id: groupId }).whereNull('left_at').orderBy('person_id').select('person_id')).map((r: { person_id: number }) => Number(r.person_id)));
  const snapshot = async () => ({
    members: await db()('group_members').where({ portal_id: portalId }).orderBy('id').select('*'),
    audit: await db()('membership_audit').where({ portal_id: portalId }).count<{ count: string }>({ count: '*' }).first(),
    jobs: await db()('jobs').where({ portal_id: portalId }).count<{ count: string }>({ count: '*' }).first(),
  });

  beforeAll(async () => {
    t = await startPortalApp();
    portalId = (await t.install()).id;
    worker = createAppWorker({ db: db(), bitrix: t.app.bitrix, log: silentJobLogger });
    await drain(); // the people and departments import the install queued
    await db()('moderators').insert({ portal_id: portalId, subject_type: 'user', subject_id: SEED_USERS.moderator, added_by: SEED_USERS.admin }).onConflict().ignore();
    admin = await t.sessionToken(t.portal, SEED_USERS.admin);
    const group = async (name: string) => (await call(admin, 'POST', '/api/groups', { name })).json().id as number;
    itGroup = await group('IT staff');
    devGroup = await group('Developers');
    partnersGroup = await group('Partners');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('refuses moderators and employees every route, before reading their input', async () => {
    for (const userId of [SEED_USERS.moderator, SEED_USERS.employee]) {
      const token = await t.sessionToken(t.portal, userId);
      for (const [method, url] of [
        ['GET', '/api/settings/grouping-rules'],
        ['POST', '/api/settings/grouping-rules'],
        ['PUT', '/api/settings/grouping-rules/1'],
        ['DELETE', '/api/settings/grouping-rules/1'],
        ['PUT', '/api/settings/grouping-rules/order'],
        ['PUT', '/api/settings/grouping-rules/new-users'],
        ['POST', '/api/settings/grouping-rules/dry-run'],
        ['POST', '/api/settings/grouping-rules/apply'],
      ] as const) {
        expect({ userId, url, status: (await call(token, method, url, {})).statusCode }).toEqual({ userId, url, status: 403 });
      }
    }
  });

  it('keeps an ordered list, and names the field of a bad rule', async () => {
    const add = (payload: object) => call(admin, 'POST', '/api/settings/grouping-rules', payload);
    // Development (with sub-departments) first, then IT with its sub-departments, then extranet users
    expect((await add({ condition: { kind: 'department', departmentId: DEVELOPMENT }, groupId: devGroup })).statusCode).toBe(201);
    expect((await add({ condition: { kind: 'department', departmentId: IT, includeSubdepartments: true }, groupId: itGroup })).statusCode).toBe(201);
    const third = await add({ condition: { kind: 'userType', userType: 'extranet' }, groupId: partnersGroup });
    expect(third.statusCode).toBe(201);
    expect(third.json().rules.map((r: { position: number; groupName: string }) => [r.position, r.groupName])).toEqual([
      [1, 'Developers'],
      [2, 'IT staff'],
      [3, 'Partners'],
    ]);
    expect(third.json().departments.find((d: { id: number }) => d.id === DEVELOPMENT)).toEqual({ id: DEVELOPMENT, name: 'Development', parentId: IT });
    // The app's scope (user_basic) shows EMAIL: email-domain rules can match
    expect(third.json().emailsKnown).toBe(true);

    const refusals: Array<[object, string]> = [
      [{ condition: { kind: 'department' }, groupId: devGroup }, 'condition.departmentId'],
      [{ condition: { kind: 'department', departmentId: 999 }, groupId: devGroup }, 'condition.departmentId'],
      [{ condition: { kind: 'position', contains: '   ' }, groupId: devGroup }, 'condition.contains'],
      [{ condition: { kind: 'userType' }, groupId: devGroup }, 'condition.userType'],
      [{ condition: { kind: 'emailDomain', domain: 'not a domain' }, groupId: devGroup }, 'condition.domain'],
      [{ condition: { kind: 'emailDomain', domain: 'acme.example.com' }, groupId: 987654 }, 'groupId'],
      [{ condition: { kind: 'nonsense' }, groupId: devGroup }, 'condition.kind'],
      [{ condition: { kind: 'position', contains: 'x' }, groupId: devGroup, extra: 1 }, 'extra'],
    ];
    for (const [payload, field] of refusals) {
      const res = await add(payload);
      expect({ field, status: res.statusCode, named: res.json().field }).toEqual({ field, status: 400, named: field });
    }
    expect((await call(admin, 'GET', '/api/settings/grouping-rules')).json().rules).toHaveLength(3);
  });

  it('reorders with every rule once, and refuses a partial list naming ruleIds', async () => {
    const ids = (await call(admin, 'GET', '/api/settings/grouping-rules')).json().rules.map((r: { id: number }) => r.id) as number[];
    const partial = await call(admin, 'PUT', '/api/settings/grouping-rules/order', { ruleIds: [ids[0]] });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().field).toBe('ruleIds');
    // IT first: then IT's rule takes Development's people too (first match wins)
    const swapped = await call(admin, 'PUT', '/api/settings/grouping-rules/order', { ruleIds: [ids[1], ids[0], ids[2]] });
    expect(swapped.json().rules.map((r: { id: number }) => r.id)).toEqual([ids[1], ids[0], ids[2]]);
    const dry = (await call(admin, 'POST', '/api/settings/grouping-rules/dry-run')).json();
    expect(dry.groups.find((g: { group: { id: number } }) => g.group.id === devGroup)).toBeUndefined();
    // Back to Development first
    expect((await call(admin, 'PUT', '/api/settings/grouping-rules/order', { ruleIds: ids })).statusCode).toBe(200);
  });

  it('changes a rule in place, and answers 404 for a rule that is not there', async () => {
    const [first] = (await call(admin, 'GET', '/api/settings/grouping-rules')).json().rules;
    const body = (over: object) => ({ condition: { kind: 'position', contains: '  Engineer ' }, groupId: devGroup, ...over });
    const changed = await call(admin, 'PUT', `/api/settings/grouping-rules/${first.id}`, body({ enabled: false }));
    expect(changed.statusCode).toBe(200);
    expect(changed.json().rules[0]).toMatchObject({ id: first.id, position: 1, condition: { kind: 'position', contains: 'Engineer' }, enabled: false, skipped: null });
    expect((await call(admin, 'PUT', `/api/settings/grouping-rules/${first.id}`, body({ condition: { kind: 'position' } }))).json().field).toBe('condition.contains');
    expect((await call(admin, 'PUT', '/api/settings/grouping-rules/987654', body({}))).statusCode).toBe(404);
    const restored = await call(admin, 'PUT', `/api/settings/grouping-rules/${first.id}`, { condition: first.condition, groupId: devGroup, enabled: true });
    expect(restored.json().rules[0]).toMatchObject({ id: first.id, condition: { kind: 'department', departmentId: DEVELOPMENT, includeSubdepartments: true }, enabled: true });
  });

  it('runs a dry run that lists who would join which group and changes nothing', async () => {
    const before = await snapshot();
    const res = await call(admin, 'POST', '/api/settings/grouping-rules/dry-run');
    expect(res.statusCode).toBe(200);
    const dry = res.json();
    const joining = (groupId: number) => seeded(dry.joining.filter((j: { group: { id: number } }) => j.group.id === groupId).map((j: { person: { id: number } }) => j.person.id));
    expect(joining(devGroup)).toEqual([5, 6, 16, 22, 23, 31, 35, 43]);
    // IT's own people and Support's (a sub-department); Кирилл (33) is inactive
    expect(joining(itGroup)).toEqual([2, 7, 17, 18, 25, 27, 39, 41, 48]);
    expect(joining(partnersGroup)).toEqual([4, 44, 45, 46]);
    expect(dry.joining.find((j: { person: { id: number } }) => j.person.id === 6)).toMatchObject({ person: { id: 6, name: 'Emily Clark' }, group: { name: 'Developers' }, from: null });
    expect(dry.leaving).toEqual([]);
    expect(dry.totals.joining).toBe(dry.joining.length);
    expect(dry.totals.leaving).toBe(0);
    expect(dry.truncated).toBe(false);
    expect(dry.plansRebuilt).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('applies as a job: people join, a manual member of another rule group moves, an unmatched rule member leaves, all audited as rule', async () => {
    // Given Emily (Development) was added to the IT group by hand, and Igor (Finance) was put there by an old rule
    await db()('group_members').insert([
      { portal_id: portalId, group_id: itGroup, person_id: 6, source: 'manual' },
      { portal_id: portalId, group_id: itGroup, person_id: 12, source: 'rule' },
      { portal_id: portalId, group_id: itGroup, person_id: 19, source: 'manual' },
    ]);
    const dry = (await call(admin, 'POST', '/api/settings/grouping-rules/dry-run')).json();
    expect(dry.leaving.map((l: { person: { id: number }; to: { id: number } | null }) => [l.person.id, l.to?.id ?? null])).toEqual([
      [6, devGroup],
      [12, null],
    ]);
    expect(dry.joining.find((j: { person: { id: number } }) => j.person.id === 6).from).toEqual({ id: itGroup, name: 'IT staff' });

    const applied = await call(admin, 'POST', '/api/settings/grouping-rules/apply');
    expect(applied.statusCode).toBe(202);
    const { jobId } = applied.json();
    // A second click while it waits is the same job
    expect((await call(admin, 'POST', '/api/settings/grouping-rules/apply')).json().jobId).toBe(jobId);
    await drain();
    const job = (await call(admin, 'GET', `/api/jobs/${jobId}`)).json();
    const changes = dry.totals.joining + dry.totals.leaving;
    expect(job).toMatchObject({ state: 'done', progress: { done: changes, total: changes } });

    expect(await openMembers(devGroup)).toEqual([5, 6, 16, 22, 23, 31, 35, 43]);
    // Elena (19, Finance) was added by hand: the rules leave her be
    expect(await openMembers(itGroup)).toEqual([2, 7, 17, 18, 19, 25, 27, 39, 41, 48]);
    expect(await openMembers(partnersGroup)).toEqual([4, 44, 45, 46]);
    expect((await db()('training_groups').where({ portal_id: portalId, id: partnersGroup }).first()).is_extranet).toBe(true);

    const audit = await db()('membership_audit').where({ portal_id: portalId }).orderBy('id').select('*');
    expect(audit).toHaveLength(changes);
    expect(audit.every((a: { source: string; method: string; actor_id: number }) => a.source === 'rule' && a.method === 'rule' && a.actor_id === SEED_USERS.admin)).toBe(true);
    expect(audit.filter((a: { action: string }) => a.action === 'removed').map((a: { person_id: number }) => a.person_id)).toEqual([6, 12]);
    expect((await db()('group_members').where({ portal_id: portalId, group_id: devGroup, person_id: 6 }).whereNull('left_at').first()).source).toBe('rule');

    // Applying again changes nothing
    const again = (await call(admin, 'POST', '/api/settings/grouping-rules/dry-run')).json();
    expect(again.totals).toMatchObject({ joining: 0, leaving: 0 });
  });

  it('finishes an apply that crashed half-way on its next attempt, with no change made or audited twice', async () => {
    // Given a last rule for every employee: it takes everyone no earlier rule took
    const everyone = (await call(admin, 'POST', '/api/groups', { name: 'Everyone else' })).json().id as number;
    await call(admin, 'POST', '/api/settings/grouping-rules', { condition: { kind: 'userType', userType: 'employee' }, groupId: everyone });
    const planned = (await call(admin, 'POST', '/api/settings/grouping-rules/dry-run')).json().totals.joining as number;
    expect(planned).toBeGreaterThan(10);
    // And an apply job whose worker dies after two committed steps of 5 changes
    let attempt = 0;
    const crashing = createAppWorker({
      db: db(),
      bitrix: t.app.bitrix,
      log: silentJobLogger,
      extraHandlers: {
        'apply-grouping-rules': async (ctx: JobContext) => {
          attempt += 1;
          if (attempt > 1) return applyRulesHandler({ changesPerStep: 5 })(ctx);
          let steps = 0;
          const dying = { ...ctx, saveStep: async (...args: Parameters<JobContext['saveStep']>) => (++steps > 2 ? Promise.reject(new Error('worker killed')) : ctx.saveStep(...args)) };
          return applyRulesHandler({ changesPerStep: 5 })(dying);
        },
      },
    });
    const { jobId } = (await call(admin, 'POST', '/api/settings/grouping-rules/apply')).json();
    await crashing.runOnce();
    expect((await db()('jobs').where({ portal_id: portalId, id: jobId }).first()).state).toBe('queued');
    // Two steps committed with their audit entries (Elena leaving the IT group, where she was added
    // by hand, then 5 joins); the third never did
    expect(await db()('group_members').where({ portal_id: portalId, group_id: everyone })).toHaveLength(5);
    expect(await db()('membership_audit').where({ portal_id: portalId, group_id: everyone })).toHaveLength(5);
    expect(await isOpenMember(itGroup, 19)).toBe(false);
    // When the retry comes due and runs
    await db()('jobs').where({ portal_id: portalId, id: jobId }).update({ run_at: db().fn.now() });
    await crashing.runOnce();
    // Then everyone planned is in, once, with one audit entry each
    expect((await db()('jobs').where({ portal_id: portalId, id: jobId }).first()).state).toBe('done');
    const rows = await db()('group_members').where({ portal_id: portalId, group_id: everyone }).pluck('person_id');
    expect(rows).toHaveLength(planned);
    expect(new Set(rows).size).toBe(planned);
    expect(await db()('membership_audit').where({ portal_id: portalId, group_id: everyone, action: 'added' })).toHaveLength(planned);
    expect(await db()('membership_audit').where({ portal_id: portalId, person_id: 19, action: 'removed' })).toHaveLength(1);
    expect((await call(admin, 'POST', '/api/settings/grouping-rules/dry-run')).json().totals).toMatchObject({ joining: 0, leaving: 0 });
    // The rule goes again, for the rest of the story (memberships it made stay)
    const rules = (await call(admin, 'GET', '/api/settings/grouping-rules')).json().rules;
    await call(admin, 'DELETE', `/api/settings/grouping-rules/${rules[rules.length - 1].id}`);
  });

  it('deletes a rule and closes the gap; the memberships it made stay', async () => {
    const rules = (await call(admin, 'GET', '/api/settings/grouping-rules')).json().rules;
    const deleted = await call(admin, 'DELETE', `/api/settings/grouping-rules/${rules[2].id}`);
    expect(deleted.json().rules.map((r: { position: number }) => r.position)).toEqual([1, 2]);
    expect((await call(admin, 'DELETE', `/api/settings/grouping-rules/${rules[2].id}`)).statusCode).toBe(404);
    expect(await openMembers(partnersGroup)).toEqual([4, 44, 45, 46]);
    // Put back, for the rest of the story
    await call(admin, 'POST', '/api/settings/grouping-rules', { condition: { kind: 'userType', userType: 'extranet' }, groupId: partnersGroup });
  });

  it('places nobody on ONUSERADD until an admin turns it on; then a new user matched by a rule lands in its group', async () => {
    expect((await call(admin, 'GET', '/api/settings/grouping-rules')).json().applyToNewUsers).toBe(false);
    const before = await t.portal.controls.addUser({ name: 'Pyotr', lastName: 'Novak', position: 'Analyst', departments: [DEVELOPMENT] });
    await t.portal.controls.flushEvents();
    await drain();
    expect(await db()('people').where({ portal_id: portalId, user_id: before.id }).first()).toBeTruthy();
    expect(await isOpenMember(devGroup, before.id)).toBe(false);

    const on = await call(admin, 'PUT', '/api/settings/grouping-rules/new-users', { applyToNewUsers: true });
    expect(on.json().applyToNewUsers).toBe(true);
    // A finance analyst matches no rule; a new developer matches the first
    const developer = await t.portal.controls.addUser({ name: 'Vera', lastName: 'Orlova', position: 'Developer', departments: [DEVELOPMENT] });
    const accountant = await t.portal.controls.addUser({ name: 'Oleg', lastName: 'Sidorov', position: 'Accountant', departments: [FINANCE] });
    await t.portal.controls.flushEvents();
    await drain();
    expect(await isOpenMember(devGroup, developer.id)).toBe(true);
    const placed = await db()('membership_audit').where({ portal_id: portalId, person_id: developer.id }).first();
    expect(Number(placed.group_id)).toBe(devGroup);
    expect(placed).toMatchObject({ action: 'added', method: 'rule', source: 'rule', actor_id: null });
    expect(await db()('group_members').where({ portal_id: portalId, person_id: accountant.id })).toEqual([]);
  });
});
