import qs from 'qs';
import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, secretLike, type SeededPortal } from '../../support/seed-portal';
import { defaultEventRegistry, processDueEvents, processInboxEvent, storeEvent } from '../../../server/portal/events-inbox';
import { EventRegistry } from '../../../server/portal/event-registry';
import { enqueueJob } from '../../../server/jobs/job-repository';

/**
 * POST /bitrix/events as Bitrix24 sends it (form-encoded, nested auth[...] keys): verified by the
 * portal's application token, stored once, answered at once, processed by the worker.
 */
describe('the Bitrix24 event handler', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  let ts = 1_700_000_000;
  /** A delivery like Bitrix24's queue makes; `auth` overrides parts of the auth block. */
  function delivery(portal: Pick<SeededPortal, 'memberId' | 'applicationToken' | 'domain'>, event: string, data: Record<string, unknown>, auth: Record<string, unknown> = {}) {
    return {
      event,
      event_handler_id: '7',
      data,
      ts: String(++ts),
      auth: {
        access_token: secretLike('event-access'),
        expires_in: '3600',
        scope: 'user_brief,sonet_group',
        domain: portal.domain,
        server_endpoint: 'https://oauth.bitrix.info/rest/',
        client_endpoint: `https://${portal.domain}/rest/`,
        member_id: portal.memberId,
        application_token: portal.applicationToken,
        ...auth,
      },
    };
  }
  const post = (body: unknown) =>
    t.app.inject({ method: 'POST', url: '/bitrix/events', payload: qs.stringify(body), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const postJson = (body: unknown) => t.app.inject({ method: 'POST', url: '/bitrix/events', payload: body as object });
  const inboxOf = (portalId: string) => t.database.db('event_inbox').where({ portal_id: portalId }).orderBy('id');
  const jobsOf = (portalId: string) => t.database.db('jobs').where({ portal_id: portalId }).orderBy('id');
  const portalRow = (portalId: string) => t.database.db('portals').where({ id: portalId }).first();
  const processAll = () => processDueEvents(t.database.db, defaultEventRegistry, { retryBaseMs: 0 });

  describe('verification (fails closed)', () => {
    it.each([
      ['a wrong application token', (p: SeededPortal) => ({ application_token: `${p.applicationToken}x` })],
      ['a token of the same length but different', (p: SeededPortal) => ({ application_token: p.applicationToken.replace(/.$/, (c) => (c === '0' ? '1' : '0')) })],
      ['no application token', () => ({ application_token: undefined })],
      ['an empty application token', () => ({ application_token: '' })],
      ['an unknown member_id', () => ({ member_id: secretLike('member') })],
      ['no member_id', () => ({ member_id: undefined })],
    ])('refuses an event with %s: 401 and nothing stored', async (_label, authOf) => {
      const portal = await seedPortal(t.database.db);
      const res = await post(delivery(portal, 'ONUSERADD', { ID: '77' }, authOf(portal)));
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'EVENT_NOT_VERIFIED', message: 'The event could not be verified.' });
      expect(await inboxOf(portal.id)).toHaveLength(0);
      await processAll();
      expect(await jobsOf(portal.id)).toHaveLength(0);
    });

    it('refuses an event without any auth block', async () => {
      const portal = await seedPortal(t.database.db);
      const res = await post({ event: 'ONUSERADD', data: { ID: '5' }, ts: '1' });
      expect(res.statusCode).toBe(401);
      expect(await inboxOf(portal.id)).toHaveLength(0);
    });

    it('refuses events for a portal that has no stored application token', async () => {
      const portal = await seedPortal(t.database.db);
      await t.database.db('portals').where({ id: portal.id }).update({ application_token: null });
      const res = await post(delivery(portal, 'ONUSERADD', { ID: '5' }));
      expect(res.statusCode).toBe(401);
      expect(await inboxOf(portal.id)).toHaveLength(0);
    });
  });

  describe('a verified event', () => {
    it('is stored once without its auth block, answered 200, and processed once even if delivered twice', async () => {
      const portal = await seedPortal(t.database.db);
      const body = delivery(portal, 'ONUSERADD', { ID: '77', NAME: 'Ivan', UF_DEPARTMENT: ['3'] });

      const first = await post(body);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ status: 'accepted' });
      const stored = await inboxOf(portal.id);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ event: 'ONUSERADD', processed_at: null });
      expect(stored[0].payload).toEqual({ event: 'ONUSERADD', data: { ID: '77', NAME: 'Ivan', UF_DEPARTMENT: ['3'] }, ts: body.ts });
      const rowText = JSON.stringify(stored[0]);
      expect(rowText).not.toContain(portal.applicationToken);
      expect(rowText).not.toContain(body.auth.access_token);
      // Answered before processing: no job yet.
      expect(await jobsOf(portal.id)).toHaveLength(0);

      const again = await post(body);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ status: 'duplicate' });
      expect(await inboxOf(portal.id)).toHaveLength(1);

      await processAll();
      await processAll();
      expect((await post(body)).json()).toEqual({ status: 'duplicate' }); // even after processing
      await processAll();

      const jobs = await jobsOf(portal.id);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ kind: 'import-people', state: 'queued', payload: { userIds: [77] } });
      const processed = await inboxOf(portal.id);
      expect(processed[0].processed_at).not.toBeNull();
      expect(processed[0].attempts).toBe(1);
    });

    it('accepts a JSON body as well', async () => {
      const portal = await seedPortal(t.database.db);
      const res = await postJson(delivery(portal, 'onSonetGroupUpdate', { FIELDS: { ID: '12' } }));
      expect(res.statusCode).toBe(200);
      await processAll();
      expect(await jobsOf(portal.id)).toMatchObject([{ kind: 'workgroup-sync', payload: { groupId: 12 }, dedup_key: 'workgroup-sync:12' }]);
    });

    it('turns workgroup events into one open sync per group, and a delete into an unlink', async () => {
      const portal = await seedPortal(t.database.db);
      await post(delivery(portal, 'ONSONETGROUPUPDATE', { FIELDS: { ID: '5' } }));
      await post(delivery(portal, 'ONSONETGROUPUPDATE', { FIELDS: { ID: '5' } })); // a later ts: a new delivery, same work
      await post(delivery(portal, 'ONSONETGROUPDELETE', { FIELDS: { ID: '6' } }));
      await processAll();
      expect(await inboxOf(portal.id)).toHaveLength(3);
      const jobs = await jobsOf(portal.id);
      expect(jobs.map((j) => [j.kind, j.payload])).toEqual([
        ['workgroup-sync', { groupId: 5 }],
        ['workgroup-unlink', { groupId: 6 }],
      ]);
    });

    it('answers 200 to an event nobody handles, storing nothing', async () => {
      const portal = await seedPortal(t.database.db);
      const res = await post(delivery(portal, 'ONCRMDEALADD', { FIELDS: { ID: '1' } }));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ignored' });
      expect(await inboxOf(portal.id)).toHaveLength(0);
    });

    it('keeps the events of one portal away from another', async () => {
      const [a, b] = [await seedPortal(t.database.db), await seedPortal(t.database.db)];
      // b's member id with a's token: refused.
      const res = await post(delivery({ ...b, applicationToken: a.applicationToken }, 'ONUSERADD', { ID: '1' }));
      expect(res.statusCode).toBe(401);
      expect(await inboxOf(a.id)).toHaveLength(0);
      expect(await inboxOf(b.id)).toHaveLength(0);
    });
  });

  describe('ONAPPINSTALL', () => {
    it('is ignored with 200 and nothing stored when the portal is not known yet', async () => {
      const before = await t.database.db('event_inbox').count<{ count: number }[]>({ count: '*' });
      const stranger = { memberId: secretLike('member'), applicationToken: secretLike('app'), domain: 'new.bitrix24.com' };
      const res = await post(delivery(stranger, 'ONAPPINSTALL', { VERSION: '1', ACTIVE: 'Y', INSTALLED: 'Y' }, { refresh_token: secretLike('refresh') }));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ignored' });
      expect(await t.database.db('portals').where({ member_id: stranger.memberId })).toHaveLength(0);
      const after = await t.database.db('event_inbox').count<{ count: number }[]>({ count: '*' });
      expect(Number(after[0]!.count)).toBe(Number(before[0]!.count));
    });

    it('never takes tokens from the event, even for a known portal', async () => {
      const portal = await seedPortal(t.database.db);
      const res = await post(delivery(portal, 'ONAPPINSTALL', { VERSION: '1' }, { access_token: 'evil-access', refresh_token: 'evil-refresh' }));
      expect(res.statusCode).toBe(200);
      await processAll();
      expect(await portalRow(portal.id)).toMatchObject({ access_token: portal.accessToken, refresh_token: portal.refreshToken });
    });
  });

  describe('ONAPPUNINSTALL', () => {
    const uninstall = (portal: SeededPortal, clean: '0' | '1', auth: Record<string, unknown> = {}) => {
      // Sent after API access is revoked: no access or refresh token (BITRIX24.md §1.5).
      const body = delivery(portal, 'ONAPPUNINSTALL', { LANGUAGE_ID: 'en', CLEAN: clean }, { access_token: undefined, expires_in: undefined, scope: undefined, ...auth });
      return post(body);
    };
    async function withData(portal: SeededPortal) {
      await t.database.db('people').insert({ portal_id: portal.id, user_id: 1, name: 'Anna' });
      await t.database.db('departments').insert({ portal_id: portal.id, department_id: 1, name: 'Acme' });
      await enqueueJob(t.database.db, portal.id, 'import-people', {});
      await storeEvent(t.database.db, portal.id, { event: 'ONUSERADD', data: { ID: '9' }, ts: '1' });
    }
    const counts = async (portalId: string) => ({
      portals: (await t.database.db('portals').where({ id: portalId })).length,
      people: (await t.database.db('people').where({ portal_id: portalId })).length,
      departments: (await t.database.db('departments').where({ portal_id: portalId })).length,
      jobs: (await t.database.db('jobs').where({ portal_id: portalId })).length,
      inbox: (await t.database.db('event_inbox').where({ portal_id: portalId })).length,
    });

    it('with a wrong token changes nothing', async () => {
      const portal = await seedPortal(t.database.db);
      await withData(portal);
      const before = await portalRow(portal.id);
      for (const clean of ['0', '1'] as const) {
        const res = await uninstall(portal, clean, { application_token: secretLike('forged') });
        expect(res.statusCode).toBe(401);
      }
      expect(await portalRow(portal.id)).toEqual(before);
      expect(await counts(portal.id)).toEqual({ portals: 1, people: 1, departments: 1, jobs: 1, inbox: 1 });
    });

    it('with CLEAN=0 keeps the data for a reinstall but drops every token, at once', async () => {
      const portal = await seedPortal(t.database.db);
      await withData(portal);
      const res = await uninstall(portal, '0');
      expect(res.statusCode).toBe(200);

      // Processed before the answer: no worker needed.
      const row = await portalRow(portal.id);
      expect(row).toMatchObject({ state: 'uninstalled', access_token: null, refresh_token: null, application_token: null, token_expires_at: null });
      expect(row.uninstalled_at).not.toBeNull();
      expect(await counts(portal.id)).toEqual({ portals: 1, people: 1, departments: 1, jobs: 1, inbox: 2 });
      expect(await jobsOf(portal.id)).toMatchObject([{ state: 'cancelled' }]);

      // A repeated delivery finds no token to match: 401, and nothing changes.
      const repeated = await uninstall(portal, '0');
      expect(repeated.statusCode).toBe(401);
      expect(await portalRow(portal.id)).toEqual(row);
      // Earlier events of the uninstalled portal are dropped, not run.
      await processAll();
      expect(await jobsOf(portal.id)).toMatchObject([{ state: 'cancelled' }]);
    });

    it('with CLEAN=1 deletes everything of that portal and nothing of another', async () => {
      const [gone, other] = [await seedPortal(t.database.db), await seedPortal(t.database.db)];
      await withData(gone);
      await withData(other);
      const res = await uninstall(gone, '1');
      expect(res.statusCode).toBe(200);

      expect(await counts(gone.id)).toEqual({ portals: 0, people: 0, departments: 0, jobs: 0, inbox: 0 });
      expect(await counts(other.id)).toEqual({ portals: 1, people: 1, departments: 1, jobs: 1, inbox: 1 });
      expect(await portalRow(other.id)).toMatchObject({ state: 'active', application_token: other.applicationToken, access_token: other.accessToken });

      // Repeated: the portal is unknown now; 401, nothing breaks, the other portal still works.
      expect((await uninstall(gone, '1')).statusCode).toBe(401);
      expect((await post(delivery(other, 'ONUSERADD', { ID: '3' }))).statusCode).toBe(200);
    });

    it('does not touch a portal reinstalled after the event was received', async () => {
      const portal = await seedPortal(t.database.db);
      const { id } = await storeEvent(t.database.db, portal.id, { event: 'ONAPPUNINSTALL', data: { CLEAN: '1' }, ts: '5' });
      await t.database.db('portals').where({ id: portal.id }).update({ installed_at: t.database.db.raw(`now() + interval '1 second'`) });
      expect(await processInboxEvent(t.database.db, defaultEventRegistry, {}, { portalId: portal.id, id: id! })).toBe('processed');
      expect(await portalRow(portal.id)).toMatchObject({ state: 'active', application_token: portal.applicationToken });
    });
  });

  describe('processing', () => {
    it('retries a failed handler with nothing half-done, then succeeds', async () => {
      const portal = await seedPortal(t.database.db);
      let calls = 0;
      const registry = new EventRegistry().register('ONTEST', async (ctx) => {
        calls++;
        await ctx.enqueueJob('test-event-job', { call: calls });
        if (calls === 1) throw new Error('database hiccup');
      });
      const { id } = await storeEvent(t.database.db, portal.id, { event: 'ONTEST', data: {}, ts: '1' });
      const target = { portalId: portal.id, id: id! };

      expect(await processInboxEvent(t.database.db, registry, {}, target)).toBe('failed');
      expect(await inboxOf(portal.id)).toMatchObject([{ attempts: 1, last_error: 'database hiccup', processed_at: null }]);
      expect(await jobsOf(portal.id)).toHaveLength(0); // rolled back with the failure

      expect(await processDueEvents(t.database.db, registry, { retryBaseMs: 0 })).toBeGreaterThanOrEqual(1);
      expect(await jobsOf(portal.id)).toMatchObject([{ kind: 'test-event-job', payload: { call: 2 } }]);
      expect((await inboxOf(portal.id))[0]).toMatchObject({ attempts: 2, last_error: null });
      expect((await inboxOf(portal.id))[0].processed_at).not.toBeNull();
    });

    it('runs each stored event exactly once when several workers poll the inbox at the same time', async () => {
      const portal = await seedPortal(t.database.db);
      const runs = new Map<number, number>();
      const registry = new EventRegistry().register('ONCOUNTED', async (ctx) => {
        runs.set(ctx.inboxId, (runs.get(ctx.inboxId) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2)); // hold the row a moment, as real work would
      });
      for (let i = 0; i < 30; i++) await storeEvent(t.database.db, portal.id, { event: 'ONCOUNTED', data: { n: i }, ts: '1' });

      const taken = await Promise.all([1, 2, 3, 4].map(() => processDueEvents(t.database.db, registry, { retryBaseMs: 0 })));
      expect(taken.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30); // plus any row an earlier test left
      expect(runs.size).toBe(30);
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
    });

    it('waits before retrying, and gives up after max attempts', async () => {
      const portal = await seedPortal(t.database.db);
      const registry = new EventRegistry().register('ONBROKEN', async () => Promise.reject(new Error('always')));
      await storeEvent(t.database.db, portal.id, { event: 'ONBROKEN', data: {}, ts: '1' });
      await processDueEvents(t.database.db, registry, { retryBaseMs: 60_000 });
      // Not due again for a minute.
      expect(await processDueEvents(t.database.db, registry, { retryBaseMs: 60_000 })).toBe(0);
      // With no wait it is tried until max attempts, then left alone with its error.
      await processDueEvents(t.database.db, registry, { retryBaseMs: 0, maxAttempts: 3 });
      expect(await processDueEvents(t.database.db, registry, { retryBaseMs: 0, maxAttempts: 3 })).toBe(0);
      expect(await inboxOf(portal.id)).toMatchObject([{ attempts: 3, last_error: 'always', processed_at: null }]);
    });
  });
});
