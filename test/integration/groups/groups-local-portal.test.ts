import type { LightMyRequestResponse } from 'fastify';
import { startPortalApp, bearer, type PortalApp } from '../../support/portal-app';
import { SEED_GROUPS, SEED_USERS, type LocalPortal } from '../../../server/dev-portal';
import { createAppWorker } from '../../../server/app-worker';
import { silentJobLogger } from '../../../server/jobs/job-types';
import type { Worker } from '../../../server/jobs/worker';

/**
 * Training groups end to end against the local Bitrix24 portal (issue 9, "Done when", PostgreSQL
 * part): add vs invite, accepting in the portal, the mirror, rights asked of Bitrix24 with the
 * caller's own token, and what a hand-made request cannot do.
 */

const ADMIN = SEED_USERS.admin;
const MODERATOR = SEED_USERS.moderator;
const EMPLOYEE = SEED_USERS.employee;

describe('training groups with the local portal', () => {
  let t: PortalApp;
  let portal: LocalPortal;
  let worker: Worker;
  const sessions = new Map<number, string>();

  /** Every queued event and job, run to the end (the worker's loop, one round at a time). */
  async function drain(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      const round = await worker.runOnce();
      if (round.events === 0 && round.jobId === null) return;
    }
    throw new Error('the queue did not drain');
  }

  async function session(userId: number): Promise<string> {
    if (!sessions.has(userId)) sessions.set(userId, await t.sessionToken(portal, userId));
    return sessions.get(userId)!;
  }

  /** A request as `userId` from the app frame, with the frame's own Bitrix24 token unless told otherwise. */
  async function call(userId: number, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, b24Token: string | null = portal.controls.issueTokens(userId).access_token) {
    const headers: Record<string, string> = { ...bearer(await session(userId)) };
    if (b24Token) headers['x-b24-access-token'] = b24Token;
    return t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  }

  const ok = (res: LightMyRequestResponse, status = 200) => {
    if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
    return res.json();
  };

  const memberIdsOf = (workgroupId: number) =>
    portal.controls
      .relations(workgroupId)
      .filter((r) => ['A', 'E', 'K'].includes(r.role))
      .map((r) => r.userId)
      .sort((a, b) => a - b);

  async function participantIds(groupId: number): Promise<number[]> {
    const body = ok(await call(ADMIN, 'GET', `/api/groups/${groupId}/participants?limit=200`));
    return body.participants.map((p: { userId: number }) => p.userId).sort((a: number, b: number) => a - b);
  }

  beforeAll(async () => {
    t = await startPortalApp();
    portal = t.portal;
    await t.install();
    worker = createAppWorker({ db: t.database.db, bitrix: t.app.bitrix, log: silentJobLogger });
    // The install queued the people and department imports.
    await drain();
    const stored = await t.stored();
    await t.database.db('moderators').insert({ portal_id: stored.id, subject_type: 'user', subject_id: MODERATOR, added_by: ADMIN }).onConflict().ignore();
  }, 180_000);
  afterAll(async () => t?.close());

  it('lets an admin add a person directly: the portal shows the member at once', async () => {
    const created = ok(await call(ADMIN, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.englishClub, accessStartsOn: null, accessEndsOn: null }), 201);
    expect(created).toMatchObject({ name: 'English Club', workgroup: { id: SEED_GROUPS.englishClub, state: 'linked' }, joinMethod: { method: 'add', via: 'bitrix24' } });
    expect(created.sync.jobId).toEqual(expect.any(Number));
    await drain();
    expect(await participantIds(created.id)).toEqual(memberIdsOf(SEED_GROUPS.englishClub));

    const added = ok(await call(ADMIN, 'POST', `/api/groups/${created.id}/participants`, { userIds: [11, 3] }));
    expect(added.method).toBe('add');
    expect(added.results).toEqual([
      { userId: 11, outcome: 'added', reason: null, code: null },
      { userId: 3, outcome: 'already-member', reason: null, code: null },
    ]);
    // In Bitrix24 at once (sonet_group.user.add with the admin's own token), and in the app.
    expect(portal.controls.relations(SEED_GROUPS.englishClub).find((r) => r.userId === 11)?.role).toBe('K');
    expect(await participantIds(created.id)).toContain(11);
    const audit = ok(await call(ADMIN, 'GET', `/api/groups/${created.id}/audit`));
    expect(audit.entries[0]).toMatchObject({ person: { userId: 11 }, actor: { userId: ADMIN }, action: 'added', method: 'add', source: 'manual', result: 'ok' });
    // A second sync changes nothing.
    await drain();
    expect(await participantIds(created.id)).toEqual(memberIdsOf(SEED_GROUPS.englishClub));
  });

  it('lets a moderator invite; the person accepts in the portal and the mirror makes them a member', async () => {
    const created = ok(await call(MODERATOR, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.salesAcademy }), 201);
    expect(created.joinMethod).toMatchObject({ method: 'invite', via: 'bitrix24', reason: 'not-admin', canRemove: false, removeRefusal: 'linked-admins-only' });
    await drain();
    const invited = ok(await call(MODERATOR, 'POST', `/api/groups/${created.id}/participants`, { userIds: [12] }));
    expect(invited).toEqual({ method: 'invite', results: [{ userId: 12, outcome: 'invited', reason: null, code: null }] });
    // Bitrix24 holds a pending invitation, and told the person.
    expect(portal.controls.relations(SEED_GROUPS.salesAcademy).find((r) => r.userId === 12)).toMatchObject({ role: 'Z', initiatedBy: 'G' });
    expect(portal.controls.notifications().some((n) => n.userId === 12 && n.fromUserId === MODERATOR)).toBe(true);
    const pending = ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}/invitations`));
    expect(pending.invitations).toEqual([expect.objectContaining({ kind: 'workgroup', person: expect.objectContaining({ userId: 12 }), invitedBy: expect.objectContaining({ userId: MODERATOR }) })]);
    expect(await participantIds(created.id)).not.toContain(12);

    // The person accepts on the workgroup's page in the portal; Bitrix24 then sends ONSONETGROUPUPDATE.
    const page = await fetch(`${portal.url}/workgroups/group/${SEED_GROUPS.salesAcademy}/?as=12`);
    expect(await page.text()).toContain('data-testid="group-invitation"');
    const answer = await fetch(`${portal.url}/workgroups/group/${SEED_GROUPS.salesAcademy}/invitation?as=12`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'answer=accept',
      redirect: 'manual',
    });
    expect(answer.status).toBe(303);
    await portal.controls.flushEvents();
    await drain();

    const rows = ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}/participants?limit=200`)).participants;
    const joined = rows.find((p: { userId: number }) => p.userId === 12);
    expect(joined).toMatchObject({ state: 'active', source: 'workgroup', workgroupRole: 'K', joinedAt: expect.any(String), leftAt: null });
    expect(ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}/invitations`)).invitations).toEqual([]);
    const my = ok(await call(12, 'GET', '/api/my-groups'));
    expect(my.current.map((g: { id: number }) => g.id)).toContain(created.id);
  });

  it('refuses a moderator who is only a member (K) of a workgroup, whatever the request says', async () => {
    // Kickoff 2025: the moderator is a plain member there.
    const link = await call(MODERATOR, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.archivedKickoff });
    expect(link.statusCode).toBe(403);
    expect(link.json().error).toBe('NOT_WORKGROUP_MANAGER');
    // Not offered in the picker either (their own sonet_group.user.groups, A/E only).
    const picker = ok(await call(MODERATOR, 'GET', '/api/workgroups'));
    const offered = picker.workgroups.map((w: { id: number }) => w.id);
    expect(offered).toEqual(expect.arrayContaining([SEED_GROUPS.onboarding, SEED_GROUPS.salesAcademy]));
    expect(offered).not.toContain(SEED_GROUPS.archivedKickoff);

    // An admin links it; the moderator's hand-made requests to change that group are all refused.
    const group = ok(await call(ADMIN, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.archivedKickoff }), 201);
    await drain();
    const attempts = [
      await call(MODERATOR, 'PATCH', `/api/groups/${group.id}`, { version: group.version, accessEndsOn: '2030-01-01' }),
      await call(MODERATOR, 'POST', `/api/groups/${group.id}/participants`, { userIds: [12] }),
      await call(MODERATOR, 'PUT', `/api/groups/${group.id}/content/course/1`),
      await call(MODERATOR, 'POST', `/api/groups/${group.id}/unlink`, { version: group.version }),
      await call(MODERATOR, 'DELETE', `/api/groups/${group.id}?version=${group.version}`),
      await call(MODERATOR, 'DELETE', `/api/groups/${group.id}/participants/9`),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403, 403]);
    // Bitrix24, asked with the moderator's own token, says K; removing is for admins whatever Bitrix24 says.
    expect(attempts.map((r) => r.json().error)).toEqual([
      'NOT_WORKGROUP_MANAGER',
      'NOT_WORKGROUP_MANAGER',
      'NOT_WORKGROUP_MANAGER',
      'NOT_WORKGROUP_MANAGER',
      'NOT_WORKGROUP_MANAGER',
      'LINKED_REMOVE_ADMIN_ONLY',
    ]);
    // Another person's Bitrix24 token (the admin's) does not make the moderator an owner.
    const borrowed = await call(MODERATOR, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.archivedKickoff }, portal.controls.issueTokens(ADMIN).access_token);
    expect([borrowed.statusCode, borrowed.json().error]).toEqual([403, 'B24_TOKEN_MISMATCH']);
    // And without a token Bitrix24 cannot be asked at all.
    const none = await call(MODERATOR, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.salesAcademy }, null);
    expect([none.statusCode, none.json().error]).toEqual([428, 'B24_TOKEN_REQUIRED']);
    expect((await t.database.db('training_groups').where({ workgroup_id: SEED_GROUPS.archivedKickoff })).length).toBe(1);
  });

  it('checks a linked group\'s manager with Bitrix24 now: demoted to K, the moderator can no longer change it', async () => {
    const group = ok(await call(MODERATOR, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.supportKnowledgeBase }), 201);
    await drain();
    const edited = ok(await call(MODERATOR, 'PATCH', `/api/groups/${group.id}`, { version: group.version, accessEndsOn: '2031-12-31' }));
    expect(edited.accessEndsOn).toBe('2031-12-31');
    // In Bitrix24 the moderator becomes a plain member; the app's mirror does not know it yet.
    await setRole(SEED_GROUPS.supportKnowledgeBase, MODERATOR, 'K');
    const refused = await call(MODERATOR, 'PATCH', `/api/groups/${group.id}`, { version: edited.version, accessEndsOn: '2032-12-31' });
    expect([refused.statusCode, refused.json().error]).toEqual([403, 'NOT_WORKGROUP_MANAGER']);
  });

  /** What an admin does in Bitrix24 itself (their own token), waiting out the portal's real rate limit like any client. */
  async function asAdminInBitrix24(method: string, params: Record<string, unknown>) {
    const token = portal.controls.issueTokens(ADMIN).access_token;
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await fetch(`${portal.url}/rest/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...params, auth: token }) });
      if (res.status !== 503) return res;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`${method}: the portal stayed busy`);
  }

  async function setRole(workgroupId: number, userId: number, role: 'E' | 'K') {
    expect((await asAdminInBitrix24('sonet_group.user.update', { GROUP_ID: workgroupId, USER_ID: userId, ROLE: role })).status).toBe(200);
  }

  it('lets a moderator invite to an unlinked group through the app; the person accepts in My groups', async () => {
    const created = ok(await call(MODERATOR, 'POST', '/api/groups', { name: 'Phishing drill', description: 'Spring', accessStartsOn: '2020-01-01', accessEndsOn: '2099-12-31' }, null), 201);
    expect(created.joinMethod).toMatchObject({ method: 'app-invitation', via: 'app' });
    const first = ok(await call(MODERATOR, 'POST', `/api/groups/${created.id}/participants`, { userIds: [EMPLOYEE, 4] }, null));
    expect(first.results.map((r: { outcome: string }) => r.outcome)).toEqual(['invited', 'invited']);
    const again = ok(await call(MODERATOR, 'POST', `/api/groups/${created.id}/participants`, { userIds: [EMPLOYEE] }, null));
    expect(again.results[0].outcome).toBe('already-invited');
    // One notification each, tagged (sent by a job): inviting again never doubles it.
    await drain();
    const notes = portal.controls.notifications().filter((n) => n.tag === `training-group:${created.id}:invite:${EMPLOYEE}`);
    expect(notes).toHaveLength(1);

    const mine = ok(await call(EMPLOYEE, 'GET', '/api/my-groups', undefined, null));
    const invitation = mine.invitations.find((i: { group: { id: number } }) => i.group.id === created.id);
    expect(invitation).toMatchObject({ invitedBy: { userId: MODERATOR } });
    // Only the invited person answers it.
    expect((await call(ADMIN, 'POST', `/api/my-groups/invitations/${invitation.id}/accept`, undefined, null)).statusCode).toBe(409);
    expect(ok(await call(EMPLOYEE, 'POST', `/api/my-groups/invitations/${invitation.id}/accept`, undefined, null))).toMatchObject({ state: 'accepted' });
    expect((await call(EMPLOYEE, 'POST', `/api/my-groups/invitations/${invitation.id}/decline`, undefined, null)).statusCode).toBe(409);
    const after = ok(await call(EMPLOYEE, 'GET', '/api/my-groups', undefined, null));
    expect(after.current.map((g: { id: number }) => g.id)).toContain(created.id);
    // The extranet user declines.
    const extranet = ok(await call(4, 'GET', '/api/my-groups', undefined, null)).invitations.find((i: { group: { id: number } }) => i.group.id === created.id);
    expect(ok(await call(4, 'POST', `/api/my-groups/invitations/${extranet.id}/decline`, undefined, null)).state).toBe('declined');
    const audit = ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}/audit?limit=2`, undefined, null));
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['declined', 'accepted']);
    expect(audit.nextBefore).toEqual(expect.any(Number));
    // Employees manage nothing.
    expect((await call(EMPLOYEE, 'GET', `/api/groups/${created.id}`, undefined, null)).statusCode).toBe(403);
  });

  it('creates a workgroup in Bitrix24 with the caller\'s token and links it; deleting the group previews what goes and keeps history', async () => {
    const created = ok(await call(MODERATOR, 'POST', '/api/groups', { name: 'New starters 2027', description: 'Cohort', createWorkgroup: true }), 201);
    const workgroup = portal.controls.groups().find((g) => g.id === created.workgroup.id);
    expect(workgroup).toMatchObject({ name: 'New starters 2027', ownerId: MODERATOR });
    expect(created).toMatchObject({ workgroup: { state: 'linked' }, rights: { edit: true, editNameAndDescription: false } });
    await drain();
    expect(await participantIds(created.id)).toEqual([MODERATOR]);

    await call(MODERATOR, 'PUT', `/api/groups/${created.id}/content/course/999999`);
    const preview = ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}/delete-preview`));
    expect(preview).toMatchObject({ participants: 1, invitations: 0, content: [], workgroup: { id: created.workgroup.id } });
    const card = ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}`));
    // The card reads the portal's address with the group: its link is the one the create answered, on the portal's origin.
    expect(card.workgroup.url).toBe(`${portal.url}/workgroups/group/${created.workgroup.id}/`);
    expect(card.workgroup.url).toBe(created.workgroup.url);
    expect((await call(MODERATOR, 'DELETE', `/api/groups/${created.id}?version=${card.version + 1}`)).statusCode).toBe(409);
    expect(ok(await call(MODERATOR, 'DELETE', `/api/groups/${created.id}?version=${card.version}`))).toEqual({ deleted: true });
    expect((await call(MODERATOR, 'GET', `/api/groups/${created.id}`)).statusCode).toBe(404);
    // The workgroup stays in Bitrix24; the membership is history, not gone.
    expect(portal.controls.groups().some((g) => g.id === created.workgroup.id)).toBe(true);
    const history = await t.database.db('group_members').where({ group_id: created.id }).select('state', 'left_at');
    expect(history).toEqual([{ state: 'ended', left_at: expect.any(Date) }]);
  });

  it('answers the workgroup tab: the group to its members, create to managers, nothing to others', async () => {
    // English Club is linked (first test); user 6 is a member, user 9 is not.
    const member = ok(await call(6, 'GET', `/api/workgroups/${SEED_GROUPS.englishClub}/training-group`, undefined, null));
    expect(member).toMatchObject({ state: 'member', group: { name: 'English Club' }, myGroup: { content: [] } });
    expect(ok(await call(9, 'GET', `/api/workgroups/${SEED_GROUPS.englishClub}/training-group`, undefined, null))).toEqual({ state: 'nothing', group: null, myGroup: null });
    expect(ok(await call(ADMIN, 'GET', `/api/workgroups/${SEED_GROUPS.englishClub}/training-group`, undefined, null)).state).toBe('manager');
    // Marketing Guild has no training group: its moderator (an app moderator) may create one, an employee may not.
    expect(ok(await call(MODERATOR, 'GET', `/api/workgroups/${SEED_GROUPS.marketingGuild}/training-group`, undefined, null)).state).toBe('can-create');
    expect(ok(await call(EMPLOYEE, 'GET', `/api/workgroups/${SEED_GROUPS.marketingGuild}/training-group`, undefined, null)).state).toBe('nothing');
  });

  it('unlinks a group whose workgroup Bitrix24 deleted, and the card says so', async () => {
    const created = ok(await call(ADMIN, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.projectPhoenix }), 201);
    await drain();
    expect((await asAdminInBitrix24('sonet_group.delete', { GROUP_ID: SEED_GROUPS.projectPhoenix })).status).toBe(200);
    await portal.controls.flushEvents();
    await drain();
    const card = ok(await call(ADMIN, 'GET', `/api/groups/${created.id}`));
    expect(card.workgroup).toMatchObject({ id: SEED_GROUPS.projectPhoenix, state: 'unlinked-by-bitrix24', unlinkedAt: expect.any(String) });
    expect(card.sync).toBeNull();
    // Participants stay (history), and name and description are editable again.
    expect(card.counts.active).toBeGreaterThan(0);
    expect(ok(await call(ADMIN, 'PATCH', `/api/groups/${created.id}`, { version: card.version, name: 'Phoenix (archived)' })).name).toBe('Phoenix (archived)');
  });
});
