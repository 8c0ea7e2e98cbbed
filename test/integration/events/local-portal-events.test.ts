import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../../support/app';
import { connectLocalPortal, type ConnectedPortal } from '../../support/local-portal';
import { eventually } from '../../support/seed-portal';
import { createAppWorker } from '../../../server/app-worker';
import type { Worker } from '../../../server/jobs/worker';

/**
 * The whole chain with real HTTP: the local portal posts events the way Bitrix24's queue does
 * (form-encoded, nested auth[...]) to the listening app; the app's worker processes the inbox,
 * runs the job, and the job reads the portal's REST API.
 */
describe('events from the local Bitrix24 portal', () => {
  let t: TestApp;
  let c: ConnectedPortal;
  let worker: Worker;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const handler = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/bitrix/events`;
    c = await connectLocalPortal(t.database.db);
    for (const event of ['ONUSERADD', 'ONSONETGROUPUPDATE', 'ONAPPUNINSTALL']) {
      await c.bitrix.call(c.portal, { kind: 'app' }, 'event.bind', { event, handler });
    }
    c.local.controls.finishInstall();
    worker = createAppWorker({
      db: t.database.db,
      bitrix: c.bitrix,
      log: t.app.log,
      options: { pollMs: 20, workerId: 'e2e' },
    });
    worker.start();
  }, 30_000);
  afterAll(async () => {
    await worker?.stop();
    await c?.close();
    await t?.close();
  });

  it('mirrors a new user after ONUSERADD, through the inbox and a job', async () => {
    const added = await c.local.controls.addUser({ name: 'Pyotr', lastName: 'Novak', position: 'Analyst', departments: [9] });
    await c.local.controls.flushEvents();
    expect(c.local.controls.deliveredEvents().find((e) => e.event === 'ONUSERADD')?.status).toBe(200);

    const person = await eventually(() => t.database.db('people').where({ portal_id: c.portal.id, user_id: added.id }).first(), 10_000);
    expect(person).toMatchObject({ name: 'Pyotr', last_name: 'Novak', position: 'Analyst', department_ids: [9], active: true });
    const inbox = await t.database.db('event_inbox').where({ portal_id: c.portal.id, event: 'ONUSERADD' });
    expect(inbox).toHaveLength(1);
    expect(JSON.stringify(inbox[0].payload)).not.toContain(c.local.controls.applicationToken());
  });

  it('refuses a forged event with 401', async () => {
    const status = await c.local.controls.sendEvent('ONSONETGROUPUPDATE', { FIELDS: { ID: '3' } }, { applicationToken: 'forged-token' });
    expect(status).toBe(401);
    expect(await t.database.db('event_inbox').where({ portal_id: c.portal.id, event: 'ONSONETGROUPUPDATE' })).toHaveLength(0);
  });

  it('drops the credentials when the app is uninstalled without cleaning', async () => {
    expect(await c.local.controls.uninstall({ clean: false })).toBe(200);
    const portal = await t.database.db('portals').where({ id: c.portal.id }).first();
    expect(portal).toMatchObject({ state: 'uninstalled', access_token: null, refresh_token: null, application_token: null });
    expect(await t.database.db('people').where({ portal_id: c.portal.id })).not.toHaveLength(0);
  });
});
