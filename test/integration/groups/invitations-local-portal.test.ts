import { ok, startGroupsPortal, type GroupsPortal } from '../../support/groups-portal';
import type { PortalApp } from '../../support/portal-app';
import { SEED_GROUPS, SEED_USERS, type LocalPortal } from '../../../server/dev-portal';
import type { Worker } from '../../../server/jobs/worker';
import { BitrixClient } from '../../../server/bitrix/rest-client';
import { INVITATION_NOTICE_KIND, queueInvitationNotices } from '../../../server/groups/invitation-notice';

/**
 * Pending invitations on the group's card, against the local Bitrix24 portal: an app invitation
 * is cancelled in the app; a Bitrix24 workgroup invitation is withdrawn in Bitrix24 (by an admin,
 * with their own token), never by removing someone who has accepted meanwhile.
 */

const ADMIN = SEED_USERS.admin;
const MODERATOR = SEED_USERS.moderator;
const EMPLOYEE = SEED_USERS.employee;

describe('cancelling pending invitations with the local portal', () => {
  let g: GroupsPortal;
  let t: PortalApp;
  let portal: LocalPortal;
  let worker: Worker;
  const drain = () => g.drain();
  const call: GroupsPortal['call'] = (...args) => g.call(...args);

  const relationOf = (workgroupId: number, userId: number) => portal.controls.relations(workgroupId).find((r) => r.userId === userId);
  const pendingOf = async (groupId: number) => ok(await call(ADMIN, 'GET', `/api/groups/${groupId}/invitations`)).invitations as Array<{ id: number; kind: string; person: { userId: number } }>;

  beforeAll(async () => {
    // A client that never really sleeps between its own retries: the worker's retries are what is tested.
    g = await startGroupsPortal({ app: { bitrix: { sleep: async () => undefined } }, backoffMs: () => 0 });
    ({ t, portal, worker } = g);
    // Sessions first: a launch asks Bitrix24, which some tests below make busy on purpose.
    for (const userId of [ADMIN, MODERATOR, EMPLOYEE]) await g.session(userId);
  }, 180_000);
  afterAll(async () => g?.close());

  describe('a Bitrix24 workgroup invitation (linked group)', () => {
    let groupId: number;
    beforeAll(async () => {
      groupId = ok(await call(MODERATOR, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.salesAcademy }), 201).id;
      await drain();
    });

    it('is withdrawn in Bitrix24 by an admin, with their own token, and the trail says who did it', async () => {
      ok(await call(MODERATOR, 'POST', `/api/groups/${groupId}/participants`, { userIds: [12] }));
      expect(relationOf(SEED_GROUPS.salesAcademy, 12)).toMatchObject({ role: 'Z' });
      const [invitation] = await pendingOf(groupId);
      expect(invitation).toMatchObject({ kind: 'workgroup', id: expect.any(Number), person: { userId: 12 } });

      // A moderator cannot: Bitrix24's only way is admin-only. The card tells them so and links to Bitrix24.
      const card = ok(await call(MODERATOR, 'GET', `/api/groups/${groupId}`));
      expect(card.rights).toMatchObject({ cancelInvitations: true, withdrawWorkgroupInvitations: false });
      const refused = await call(MODERATOR, 'DELETE', `/api/groups/${groupId}/invitations/${invitation!.id}`);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ error: 'LINKED_WITHDRAW_ADMIN_ONLY', message: expect.stringContaining('Bitrix24') });
      expect(relationOf(SEED_GROUPS.salesAcademy, 12)).toMatchObject({ role: 'Z' });

      // Without the frame's token the admin is asked to reopen the app; nothing changes.
      expect((await call(ADMIN, 'DELETE', `/api/groups/${groupId}/invitations/${invitation!.id}`, undefined, null)).statusCode).toBe(428);
      expect(ok(await call(ADMIN, 'DELETE', `/api/groups/${groupId}/invitations/${invitation!.id}`))).toEqual({ state: 'cancelled' });
      expect(relationOf(SEED_GROUPS.salesAcademy, 12)).toBeUndefined();
      expect(await pendingOf(groupId)).toEqual([]);
      const audit = ok(await call(ADMIN, 'GET', `/api/groups/${groupId}/audit?limit=1`));
      expect(audit.entries[0]).toMatchObject({ person: { userId: 12 }, actor: { userId: ADMIN }, action: 'cancelled', method: 'invite', source: 'invitation', result: 'ok' });

      // Cancelling twice is a plain conflict; a sync brings nothing back.
      expect((await call(ADMIN, 'DELETE', `/api/groups/${groupId}/invitations/${invitation!.id}`)).statusCode).toBe(409);
      ok(await call(ADMIN, 'POST', `/api/groups/${groupId}/sync`), 202);
      await drain();
      expect(await pendingOf(groupId)).toEqual([]);
    });

    it('never removes someone who accepted in Bitrix24 meanwhile: the group is synced instead', async () => {
      ok(await call(MODERATOR, 'POST', `/api/groups/${groupId}/participants`, { userIds: [13] }));
      const [invitation] = await pendingOf(groupId);
      portal.controls.acceptInvitation(SEED_GROUPS.salesAcademy, 13);

      const late = await call(ADMIN, 'DELETE', `/api/groups/${groupId}/invitations/${invitation!.id}`);
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ error: 'INVITATION_CLOSED', message: expect.stringContaining('accepted') });
      expect(relationOf(SEED_GROUPS.salesAcademy, 13)).toMatchObject({ role: 'K' });
      await drain();
      expect(await pendingOf(groupId)).toEqual([]);
      const participants = ok(await call(ADMIN, 'GET', `/api/groups/${groupId}/participants?limit=200`)).participants;
      expect(participants.map((p: { userId: number }) => p.userId)).toContain(13);
    });
    it('adds back, with the admin\'s token, someone who accepted in the instant between the check and the withdrawal', async () => {
      ok(await call(MODERATOR, 'POST', `/api/groups/${groupId}/participants`, { userIds: [21] }));
      const [invitation] = (await pendingOf(groupId)).filter((i) => i.person.userId === 21);
      // The person accepts in Bitrix24 right after the app has read that they are still only invited.
      // (The routes' client is a view of the app's, sharing its prototype.)
      const original = BitrixClient.prototype.call;
      let raced = false;
      const spy = jest.spyOn(BitrixClient.prototype, 'call').mockImplementation(async function (this: BitrixClient, ...args: Parameters<BitrixClient['call']>) {
        const answer = await original.apply(this, args);
        if (args[2] === 'socialnetwork.api.workgroup.get' && !raced) {
          raced = true;
          portal.controls.acceptInvitation(SEED_GROUPS.salesAcademy, 21);
        }
        return answer;
      } as BitrixClient['call']);
      let late;
      try {
        late = await call(ADMIN, 'DELETE', `/api/groups/${groupId}/invitations/${invitation!.id}`);
      } finally {
        spy.mockRestore();
      }
      expect(raced).toBe(true);
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ error: 'INVITATION_CLOSED', message: expect.stringContaining('stay a member') });
      // Bitrix24 removed them with the withdrawal; the app put them back at once.
      expect(relationOf(SEED_GROUPS.salesAcademy, 21)).toMatchObject({ role: 'K' });
      const [newest] = ok(await call(ADMIN, 'GET', `/api/groups/${groupId}/audit?limit=1`)).entries;
      expect(newest).toMatchObject({ person: { userId: 21 }, actor: { userId: ADMIN }, action: 'added', method: 'add', result: 'ok', detail: expect.stringContaining('accepted') });
      await drain();
      expect(await pendingOf(groupId)).toEqual([]);
      const participants = ok(await call(ADMIN, 'GET', `/api/groups/${groupId}/participants?limit=200`)).participants;
      expect(participants.map((p: { userId: number }) => p.userId)).toContain(21);
    });
  });

  describe('an app invitation (unlinked group)', () => {
    it('is cancelled in the app by the group manager, and disappears from My groups', async () => {
      const created = ok(await call(MODERATOR, 'POST', '/api/groups', { name: 'Fire safety', description: '', accessStartsOn: null, accessEndsOn: null }, null), 201);
      ok(await call(MODERATOR, 'POST', `/api/groups/${created.id}/participants`, { userIds: [EMPLOYEE] }, null));
      const [invitation] = await pendingOf(created.id);
      expect(invitation).toMatchObject({ kind: 'app', person: { userId: EMPLOYEE } });
      expect(ok(await call(EMPLOYEE, 'GET', '/api/my-groups', undefined, null)).invitations.map((i: { id: number }) => i.id)).toContain(invitation!.id);

      // Nobody else: an employee is refused, a withdrawal of a workgroup kind makes no sense here.
      expect((await call(EMPLOYEE, 'DELETE', `/api/groups/${created.id}/invitations/${invitation!.id}`, undefined, null)).statusCode).toBe(403);
      expect(ok(await call(MODERATOR, 'DELETE', `/api/groups/${created.id}/invitations/${invitation!.id}`, undefined, null))).toEqual({ state: 'cancelled' });
      expect(ok(await call(EMPLOYEE, 'GET', '/api/my-groups', undefined, null)).invitations.map((i: { id: number }) => i.id)).not.toContain(invitation!.id);
      expect((await call(EMPLOYEE, 'POST', `/api/my-groups/invitations/${invitation!.id}/accept`, undefined, null)).statusCode).toBe(409);
      const audit = ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}/audit?limit=1`, undefined, null));
      expect(audit.entries[0]).toMatchObject({ person: { userId: EMPLOYEE }, actor: { userId: MODERATOR }, action: 'cancelled', method: 'app-invitation', result: 'ok' });
      // Another group's invitation id is not found under this group.
      const other = ok(await call(ADMIN, 'POST', '/api/groups', { name: 'Other', description: '', accessStartsOn: null, accessEndsOn: null }, null), 201);
      expect((await call(ADMIN, 'DELETE', `/api/groups/${other.id}/invitations/${invitation!.id}`, undefined, null)).statusCode).toBe(409);
    });
  });

  describe('deleting a group with pending invitations', () => {
    it('withdraws the app invitations and says so', async () => {
      const created = ok(await call(MODERATOR, 'POST', '/api/groups', { name: 'Short-lived', description: '', accessStartsOn: null, accessEndsOn: null }, null), 201);
      ok(await call(MODERATOR, 'POST', `/api/groups/${created.id}/participants`, { userIds: [EMPLOYEE, 12] }, null));
      const preview = ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}/delete-preview`, undefined, null));
      expect(preview).toMatchObject({ invitations: 2, appInvitations: 2, workgroupInvitations: 0, workgroup: null });
      ok(await call(MODERATOR, 'DELETE', `/api/groups/${created.id}?version=${created.version}`, undefined, null));
      const mine = ok(await call(EMPLOYEE, 'GET', '/api/my-groups', undefined, null));
      expect(mine.invitations.map((i: { group: { id: number } }) => i.group.id)).not.toContain(created.id);
    });

    it('leaves the invitations pending in the Bitrix24 workgroup there, and says so before', async () => {
      const created = ok(await call(ADMIN, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.englishClub }), 201);
      await drain();
      // The workgroup's owner (15) invites someone in Bitrix24 itself; the sync sees it pending.
      const invite = await fetch(`${portal.url}/rest/sonet_group.user.invite`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ GROUP_ID: SEED_GROUPS.englishClub, USER_ID: [14], auth: portal.controls.issueTokens(15).access_token }),
      });
      expect((await invite.json()).result).toEqual(['14']);
      ok(await call(ADMIN, 'POST', `/api/groups/${created.id}/sync`), 202);
      await drain();
      const preview = ok(await call(ADMIN, 'GET', `/api/groups/${created.id}/delete-preview`));
      expect(preview).toMatchObject({ appInvitations: 0, workgroupInvitations: 1, workgroup: { id: SEED_GROUPS.englishClub } });
      const card = ok(await call(ADMIN, 'GET', `/api/groups/${created.id}`));
      ok(await call(ADMIN, 'DELETE', `/api/groups/${created.id}?version=${card.version}`));
      expect(relationOf(SEED_GROUPS.englishClub, 14)).toMatchObject({ role: 'Z' });
    });
  });

  // Last: the 429s below leave the app's client waiting out Bitrix24's operating limit for a while.
  describe('the Bitrix24 notification of an app invitation', () => {
    const noticesFor = (groupId: number, userId: number) => portal.controls.notifications().filter((n) => n.tag === `training-group:${groupId}:invite:${userId}`);
    /** Worker rounds until it has run this job once (events and other jobs may come first). */
    async function runJob(jobId: number): Promise<void> {
      for (let i = 0; i < 20; i++) if ((await worker.runOnce()).jobId === jobId) return;
      throw new Error(`job ${jobId} did not run`);
    }
    const noticeJobs = async () => t.database.db('jobs').where({ kind: INVITATION_NOTICE_KIND }).orderBy('id', 'desc');

    it('is sent by a job that outlasts 503s and 429s, once', async () => {
      const created = ok(await call(MODERATOR, 'POST', '/api/groups', { name: 'Busy portal', description: '', accessStartsOn: null, accessEndsOn: null }, null), 201);
      portal.controls.setFaults({ rate503: 1 });
      // The person waits for nothing: the invitation is stored and its notice queued.
      const invited = ok(await call(MODERATOR, 'POST', `/api/groups/${created.id}/participants`, { userIds: [EMPLOYEE, 12] }, null));
      expect(invited.results.map((r: { outcome: string }) => r.outcome)).toEqual(['invited', 'invited']);
      expect(noticesFor(created.id, EMPLOYEE)).toHaveLength(0);

      // Bitrix24 stays busy for a run (503), then for another (429): nothing sent, the job waits to retry.
      const [queued] = await noticeJobs();
      await runJob(Number(queued.id));
      portal.controls.setFaults({ rate503: 0, rate429: 1 });
      await runJob(Number(queued.id));
      const [waiting] = await noticeJobs();
      expect(waiting).toMatchObject({ state: 'queued', attempts: 2 });
      expect(noticesFor(created.id, EMPLOYEE)).toHaveLength(0);

      portal.controls.setFaults({ rate429: 0 });
      await drain();
      const [done] = await noticeJobs();
      expect(done.state).toBe('done');
      expect(noticesFor(created.id, EMPLOYEE)).toHaveLength(1);
      expect(noticesFor(created.id, 12)).toHaveLength(1);
      expect(noticesFor(created.id, EMPLOYEE)[0]!.message).toContain('Busy portal');
      const announced = await t.database.db('group_invitations').where({ group_id: created.id }).whereNotNull('notified_at');
      expect(announced).toHaveLength(2);

      // A run that died after sending and before recording it sends again: the tag keeps it to one.
      await t.database.db('group_invitations').where({ group_id: created.id }).update({ notified_at: null });
      await queueInvitationNotices(t.database.db, (await t.stored()).id, announced.map((row: { id: number }) => Number(row.id)));
      await drain();
      expect(noticesFor(created.id, EMPLOYEE)).toHaveLength(1);
      expect(noticesFor(created.id, 12)).toHaveLength(1);
    });

    it('is not sent for an invitation cancelled before the job ran', async () => {
      const created = ok(await call(MODERATOR, 'POST', '/api/groups', { name: 'Changed my mind', description: '', accessStartsOn: null, accessEndsOn: null }, null), 201);
      ok(await call(MODERATOR, 'POST', `/api/groups/${created.id}/participants`, { userIds: [EMPLOYEE] }, null));
      const [invitation] = await pendingOf(created.id);
      ok(await call(MODERATOR, 'DELETE', `/api/groups/${created.id}/invitations/${invitation!.id}`, undefined, null));
      await drain();
      expect(noticesFor(created.id, EMPLOYEE)).toHaveLength(0);
    });
  });
});
