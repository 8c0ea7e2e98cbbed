import { createTestDatabase, type TestDatabase } from '../../support/database';
import { connectLocalPortal, type ConnectedPortal } from '../../support/local-portal';
import { createAppWorker } from '../../../server/app-worker';
import { enqueueDueRecurringJobs } from '../../../server/jobs/maintenance';
import { enqueueJob } from '../../../server/jobs/job-repository';
import { JOB_KINDS } from '../../../server/jobs/job-kinds';
import { silentJobLogger } from '../../../server/jobs/job-types';
import { getPortal } from '../../../server/tenants/portal-repository';
import { saysAppUninstalled } from '../../../server/portal/lost-uninstall';
import { BitrixError, PortalAuthError } from '../../../server/bitrix/bitrix-errors';
import { SEED_GROUPS, SEED_USERS } from '../../../server/dev-portal';
import { insertGroup } from '../../../server/groups/groups-repository';
import { GROUPS_RECURRING_JOBS } from '../../../server/groups/groups-jobs';

const DAY = 86_400_000;

/**
 * Events that arrive while our database is down are lost: Bitrix24 does not deliver them again
 * (the README, "Events lost while the database was down", names the pass that heals each kind).
 * Here the local portal's events go to an address where nothing listens, as if we were down,
 * and the passes that exist today heal what they claim to.
 */
describe('events lost while we were down, healed by the regular passes', () => {
  let t: TestDatabase;
  let c: ConnectedPortal;
  beforeAll(async () => {
    t = await createTestDatabase();
    c = await connectLocalPortal(t.db);
  }, 60_000);
  afterAll(async () => {
    await c?.close();
    await t?.destroy();
  });

  /** Runs the app's worker (the real job handlers) until no job is left. */
  async function drainJobs() {
    const worker = createAppWorker({ db: t.db, bitrix: c.bitrix, log: silentJobLogger });
    for (let i = 0; i < 50; i++) if ((await worker.runOnce()).jobId === null) return;
    throw new Error('jobs kept coming');
  }
  /** A REST call as the portal's admin, made on the portal itself (not through our app). */
  async function rest(method: string, params: Record<string, unknown>) {
    const token = c.local.controls.issueTokens(SEED_USERS.admin).access_token;
    const res = await fetch(`${c.local.url}/rest/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...params, auth: token }) });
    if (res.status !== 200) throw new Error(`${method}: HTTP ${res.status} ${await res.text()}`);
  }
  const person = (userId: number) => t.db('people').where({ portal_id: c.portal.id, user_id: userId }).first();

  it('a user added without an ONUSERADD reaching us appears after the daily people pass', async () => {
    // Given the install's full import, done
    await enqueueJob(t.db, c.portal.id, JOB_KINDS.importPeople, {}, { dedupKey: `${JOB_KINDS.importPeople}:all` });
    await drainJobs();
    // When a new employee registers and the ONUSERADD is lost
    const nina = await c.local.controls.addUser({ name: 'Nina', lastName: 'Lostevent' });
    await c.local.controls.flushEvents();
    expect(await person(nina.id)).toBeUndefined();
    // Then the next daily pass (due a day after the last full import) brings her in
    expect(await enqueueDueRecurringJobs(t.db, Date.now() + DAY + 60_000)).toBeGreaterThan(0);
    await drainJobs();
    expect(await person(nina.id)).toMatchObject({ name: 'Nina', last_name: 'Lostevent', active: true });
  });

  it('a workgroup change or deletion whose event was lost is picked up by the 15-minute workgroup pass', async () => {
    const link = (workgroupId: number, name: string) =>
      insertGroup(t.db, c.portal.id, { name, description: '', accessStartsOn: null, accessEndsOn: null, createdBy: SEED_USERS.admin, workgroupId, isExtranet: false });
    const sales = await link(SEED_GROUPS.salesAcademy, 'Sales');
    const security = await link(SEED_GROUPS.itSecurity, 'Security');
    let now = Date.now() + 15 * 60_000;
    await enqueueDueRecurringJobs(t.db, now, GROUPS_RECURRING_JOBS);
    await drainJobs();
    const members = async (groupId: number) =>
      (await t.db('group_members').where({ portal_id: c.portal.id, group_id: groupId }).whereNull('left_at').select('person_id')).map((r) => Number(r.person_id));

    // When someone joins one workgroup and the other is deleted, and both events are lost
    const inSales = new Set(c.local.controls.relations(SEED_GROUPS.salesAcademy).map((r) => r.userId));
    const newcomer = c.local.controls.users().find((u) => u.active && u.userType === 'employee' && !inSales.has(u.id));
    if (!newcomer) throw new Error('no employee outside the sales workgroup');
    await rest('sonet_group.user.add', { GROUP_ID: SEED_GROUPS.salesAcademy, USER_ID: newcomer.id });
    await rest('sonet_group.delete', { GROUP_ID: SEED_GROUPS.itSecurity });
    await c.local.controls.flushEvents();
    expect(await members(sales.id)).not.toContain(newcomer.id);

    // Then the next 15-minute pass mirrors the one and unlinks the other
    now += 15 * 60_000;
    expect(await enqueueDueRecurringJobs(t.db, now, GROUPS_RECURRING_JOBS)).toBe(1);
    await drainJobs();
    expect(await members(sales.id)).toContain(newcomer.id);
    expect(await t.db('training_groups').where({ portal_id: c.portal.id, id: security.id }).first('link_state')).toEqual({ link_state: 'unlinked-by-bitrix24' });
  });

  it('a portal whose app was uninstalled while we were down is marked uninstalled by the daily housekeeping', async () => {
    expect((await getPortal(t.db, c.portal.id))?.state).toBe('active');
    // When the app is deleted on the portal and the ONAPPUNINSTALL never reaches us
    await c.local.controls.uninstall({ clean: false });
    expect((await getPortal(t.db, c.portal.id))?.state).toBe('active');
    // Then the housekeeping asks the portal (app.info with the app's grant), learns it, and
    // does what the event would have done: credentials dropped, state uninstalled, data kept
    await enqueueDueRecurringJobs(t.db, Date.now() + 2 * DAY + 60_000);
    await drainJobs();
    const row = await t.db('portals').where({ id: c.portal.id }).first();
    expect(row).toMatchObject({ state: 'uninstalled', access_token: null, refresh_token: null, application_token: null });
    expect(await t.db('people').where({ portal_id: c.portal.id }).count('* as n').first()).not.toMatchObject({ n: 0 });
    // And no further job is queued for it
    expect(await enqueueDueRecurringJobs(t.db, Date.now() + 3 * DAY + 60_000)).toBe(0);
  });
});

describe('which answers say the app was uninstalled', () => {
  it('the REST error for a deleted app, and the OAuth server saying the app is not installed; never our own bad credentials', () => {
    expect(saysAppUninstalled(new BitrixError('APPLICATION_NOT_FOUND', '', 401, 'app.info'))).toBe(true);
    expect(saysAppUninstalled(new PortalAuthError('invalid_client', 'Application not installed', 400, 'app.info'))).toBe(true);
    expect(saysAppUninstalled(new PortalAuthError('invalid_client', 'Invalid client', 400, 'app.info'))).toBe(false);
    expect(saysAppUninstalled(new PortalAuthError('invalid_grant', 'The portal is needs_reinstall', 0, 'app.info'))).toBe(false);
    expect(saysAppUninstalled(new BitrixError('QUERY_LIMIT_EXCEEDED', 'Too many requests', 503, 'app.info'))).toBe(false);
    expect(saysAppUninstalled(new Error('Application not installed'))).toBe(false);
  });
});
