import { ok, startGroupsPortal, type GroupsPortal } from '../../support/groups-portal';
import { SEED_GROUPS, SEED_USERS, type LocalPortal } from '../../../server/dev-portal';
import type { PortalApp } from '../../support/portal-app';
import { courseFile, seedCourse } from '../../support/catalog-content';

/**
 * Training groups end to end against the local Bitrix24 portal (issue 9, "Done when", PostgreSQL
 * part): add vs invite, accepting in the portal, the mirror, rights asked of Bitrix24 with the
 * caller's own token, and what a hand-made request cannot do.
 */

const ADMIN = SEED_USERS.admin;
const MODERATOR = SEED_USERS.moderator;
const EMPLOYEE = SEED_USERS.employee;

describe('training groups with the local portal', () => {
  let g: GroupsPortal;
  let t: PortalApp;
  let portal: LocalPortal;
  const drain = () => g.drain();
  const call: GroupsPortal['call'] = (...args) => g.call(...args);

  const memberIdsOf = (workgroupId: number) =>
    portal.controls
      .relations(workgroupId)
      // A deactivated member is no participant: nobody can learn as them.
      .filter((r) => ['A', 'E', 'K'].includes(r.role) && portal.controls.users().find((u) => u.id === r.userId)?.active)
      .map((r) => r.userId)
      .sort((a, b) => a - b);

  async function participantIds(groupId: number): Promise<number[]> {
    const body = ok(await call(ADMIN, 'GET', `/api/groups/${groupId}/participants?limit=200`));
    return body.participants.map((p: { userId: number }) => p.userId).sort((a: number, b: number) => a - b);
  }

  beforeAll(async () => {
    g = await startGroupsPortal();
    ({ t, portal } = g);
  }, 180_000);
  afterAll(async () => g?.close());

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
      await call(MODERATOR, 'DELETE', `/api/groups/${group.id}/content/course/1`),
      await call(MODERATOR, 'POST', `/api/groups/${group.id}/sync`),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403, 403, 403, 403]);
    // Bitrix24, asked with the moderator's own token, says K; removing is for admins whatever Bitrix24 says.
    expect(attempts.map((r) => r.json().error)).toEqual([
      'NOT_WORKGROUP_MANAGER',
      'NOT_WORKGROUP_MANAGER',
      'NOT_WORKGROUP_MANAGER',
      'NOT_WORKGROUP_MANAGER',
      'NOT_WORKGROUP_MANAGER',
      'LINKED_REMOVE_ADMIN_ONLY',
      'NOT_WORKGROUP_MANAGER',
      // Re-reading Bitrix24 is for the group's managers as the mirror knows them: a K member is none.
      'NOT_GROUP_MANAGER',
    ]);
    // Nor may they see the group's card: to them it does not exist.
    expect((await call(MODERATOR, 'GET', `/api/groups/${group.id}`)).statusCode).toBe(404);
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
    // Marketing Guild has no training group: its moderator (E there, and an app moderator) may create one, an employee may not.
    expect(ok(await call(MODERATOR, 'GET', `/api/workgroups/${SEED_GROUPS.marketingGuild}/training-group`)).state).toBe('can-create');
    expect(ok(await call(EMPLOYEE, 'GET', `/api/workgroups/${SEED_GROUPS.marketingGuild}/training-group`, undefined, null)).state).toBe('nothing');
    // An app moderator Bitrix24 does not name owner or moderator of the workgroup is offered nothing:
    // here not in Project Phoenix at all (the same answer as for a member, K); and without the frame's token nobody can ask.
    expect(ok(await call(MODERATOR, 'GET', `/api/workgroups/${SEED_GROUPS.projectPhoenix}/training-group`)).state).toBe('nothing');
    const tokenless = await call(MODERATOR, 'GET', `/api/workgroups/${SEED_GROUPS.marketingGuild}/training-group`, undefined, null);
    expect([tokenless.statusCode, tokenless.json().error]).toEqual([428, 'B24_TOKEN_REQUIRED']);
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

  it('"Sync now" runs the mirror as a job whose progress the card follows to its end', async () => {
    const created = ok(await call(MODERATOR, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.onboarding }), 201);
    await drain();
    // Someone joins in Bitrix24 itself: the app hears of it only by reading the workgroup again.
    expect((await asAdminInBitrix24('sonet_group.user.add', { GROUP_ID: SEED_GROUPS.onboarding, USER_ID: [13] })).status).toBe(200);
    expect(await participantIds(created.id)).not.toContain(13);

    const started = ok(await call(MODERATOR, 'POST', `/api/groups/${created.id}/sync`), 202);
    expect(started.jobId).toEqual(expect.any(Number));
    // A second click while it waits is the same job, not another one.
    expect(ok(await call(MODERATOR, 'POST', `/api/groups/${created.id}/sync`), 202).jobId).toBe(started.jobId);
    const queued = ok(await call(MODERATOR, 'GET', `/api/jobs/${started.jobId}`));
    expect(queued).toMatchObject({ kind: 'workgroup-sync', state: 'queued', progress: { done: 0 } });

    await drain();
    const done = ok(await call(MODERATOR, 'GET', `/api/jobs/${started.jobId}`));
    expect(done.state).toBe('done');
    expect(done.progress.total).toEqual(expect.any(Number));
    expect(done.progress.done).toBe(done.progress.total);
    expect(done.progress.message).toMatch(/^\d+ members, \d+ invited$/);
    expect(await participantIds(created.id)).toEqual(memberIdsOf(SEED_GROUPS.onboarding));
    expect(await participantIds(created.id)).toContain(13);
    const card = ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}`));
    expect(card.sync).toMatchObject({ stale: false, jobId: null, lastSyncedAt: expect.any(String) });
    const [newest] = ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}/audit?limit=1`)).entries;
    expect(newest).toMatchObject({ person: { userId: 13 }, actor: null, action: 'joined', method: 'sync', source: 'workgroup' });
    // Not for employees, and not for a group that mirrors nothing.
    expect((await call(EMPLOYEE, 'POST', `/api/groups/${created.id}/sync`)).statusCode).toBe(403);
    const unlinked = ok(await call(MODERATOR, 'POST', '/api/groups', { name: 'No workgroup' }, null), 201);
    expect((await call(MODERATOR, 'POST', `/api/groups/${unlinked.id}/sync`, undefined, null)).json().error).toBe('NOT_LINKED');
  });

  it('pages the audit trail newest first: every entry once, in order, to the oldest', async () => {
    const created = ok(await call(ADMIN, 'POST', '/api/groups', { name: 'Audit pages' }, null), 201);
    ok(await call(ADMIN, 'POST', `/api/groups/${created.id}/participants`, { userIds: [5, 6, 10, 11, 12] }, null));
    ok(await call(ADMIN, 'DELETE', `/api/groups/${created.id}/participants/6`, undefined, null));
    ok(await call(ADMIN, 'POST', `/api/groups/${created.id}/participants`, { userIds: [6] }, null));

    const seen: Array<{ id: number; at: string; action: string; person: { userId: number } }> = [];
    let before: number | null = null;
    for (let page = 0; page < 10; page++) {
      const reply = ok(await call(ADMIN, 'GET', `/api/groups/${created.id}/audit?limit=3${before === null ? '' : `&before=${before}`}`, undefined, null));
      expect(reply.entries.length).toBeLessThanOrEqual(3);
      seen.push(...reply.entries);
      before = reply.nextBefore;
      if (before === null) break;
      expect(before).toBe(reply.entries[reply.entries.length - 1].id);
    }
    expect(before).toBeNull();
    expect(seen.map((e) => `${e.person.userId}:${e.action}`)).toEqual(['6:added', '6:removed', '12:added', '11:added', '10:added', '6:added', '5:added']);
    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(seen.map((e) => e.at)).toEqual([...seen.map((e) => e.at)].sort().reverse());
    // A page size of exactly the trail's length says there is nothing older.
    expect(ok(await call(ADMIN, 'GET', `/api/groups/${created.id}/audit?limit=7`, undefined, null)).nextBefore).toBeNull();
  });

  it('closes an extranet group\'s content to the intranet, and the intranet\'s to its extranet members', async () => {
    const db = t.database.db;
    const portalId = (await t.stored()).id;
    const partnerCourse = await seedCourse(db, portalId, ADMIN, courseFile('Partner onboarding'));
    const internalCourse = await seedCourse(db, portalId, ADMIN, courseFile('Internal pricing'));
    const hiddenCourse = await seedCourse(db, portalId, ADMIN, courseFile('Staff handbook', { hidden: true }));
    const openCourse = await seedCourse(db, portalId, ADMIN, courseFile('Open to everyone'));

    // The moderator owns the extranet workgroup "Partners & Contractors": its training group is an extranet group.
    const partners = ok(await call(MODERATOR, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.partners }), 201);
    expect(partners.isExtranet).toBe(true);
    await drain();
    expect(await participantIds(partners.id)).toEqual(memberIdsOf(SEED_GROUPS.partners));
    expect(await participantIds(partners.id)).toContain(SEED_USERS.extranet);
    ok(await call(MODERATOR, 'PUT', `/api/groups/${partners.id}/content/course/${partnerCourse}`));
    // An intranet group holds the internal course; the extranet user is not in it.
    const staff = ok(await call(ADMIN, 'POST', '/api/groups', { name: 'Sales staff' }, null), 201);
    ok(await call(ADMIN, 'PUT', `/api/groups/${staff.id}/content/course/${internalCourse}`, undefined, null));
    ok(await call(ADMIN, 'POST', `/api/groups/${staff.id}/participants`, { userIds: [EMPLOYEE] }, null));

    const opens = async (userId: number, courseId: number) => (await call(userId, 'GET', `/api/courses/${courseId}`, undefined, null)).statusCode;
    const catalogOf = async (userId: number) =>
      (ok(await call(userId, 'GET', '/api/catalog?limit=100', undefined, null)).courses as Array<{ id: number }>).map((c) => c.id);
    const ours = [partnerCourse, internalCourse, hiddenCourse, openCourse];

    // The extranet member: their group's course (from My groups), open content not hidden from extranet; nothing of the intranet's.
    const extranet = SEED_USERS.extranet;
    expect(await Promise.all(ours.map((id) => opens(extranet, id)))).toEqual([200, 404, 404, 200]);
    expect((await catalogOf(extranet)).filter((id) => ours.includes(id))).toEqual([openCourse]);
    const mine = ok(await call(extranet, 'GET', '/api/my-groups', undefined, null));
    const group = mine.current.find((g: { id: number }) => g.id === partners.id);
    expect(group.content.map((c: { id: number }) => c.id)).toEqual([partnerCourse]);

    // An intranet employee outside the extranet group: its course is closed to them.
    expect(await Promise.all(ours.map((id) => opens(EMPLOYEE, id)))).toEqual([404, 200, 200, 200]);
    expect((await catalogOf(EMPLOYEE)).filter((id) => ours.includes(id)).sort((a, b) => a - b)).toEqual([hiddenCourse, openCourse].sort((a, b) => a - b));
    // The group's manager manages it, marked closed.
    expect(await opens(MODERATOR, partnerCourse)).toBe(200);
  });

  it('unlinks by hand: the participants stay, mirroring and workgroup invitations end, name and description are editable again', async () => {
    // Marketing Guild: the moderator moderates it (E); the employee has an invitation pending there.
    const created = ok(await call(MODERATOR, 'POST', '/api/groups', { workgroupId: SEED_GROUPS.marketingGuild }), 201);
    await drain();
    const members = await participantIds(created.id);
    expect(members).toEqual(memberIdsOf(SEED_GROUPS.marketingGuild));
    expect((await call(MODERATOR, 'GET', `/api/groups/${created.id}/invitations`)).json().invitations).toEqual([expect.objectContaining({ kind: 'workgroup', person: expect.objectContaining({ userId: EMPLOYEE }) })]);
    const card = ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}`));
    expect((await call(MODERATOR, 'PATCH', `/api/groups/${created.id}`, { version: card.version, name: 'Renamed' })).json().error).toBe('READ_ONLY_WHILE_LINKED');

    // A stale version is refused; the current one unlinks.
    expect((await call(MODERATOR, 'POST', `/api/groups/${created.id}/unlink`, { version: card.version + 1 })).statusCode).toBe(409);
    const unlinked = ok(await call(MODERATOR, 'POST', `/api/groups/${created.id}/unlink`, { version: card.version }));
    expect(unlinked).toMatchObject({ workgroup: null, sync: null, rights: { editNameAndDescription: true, unlink: false, sync: false } });
    expect(unlinked.joinMethod).toMatchObject({ method: 'app-invitation', via: 'app' });
    expect(await participantIds(created.id)).toEqual(members);
    expect(ok(await call(MODERATOR, 'GET', `/api/groups/${created.id}/invitations`)).invitations).toEqual([]);
    // Bitrix24 keeps its own invitation; the app no longer mirrors it.
    expect(portal.controls.relations(SEED_GROUPS.marketingGuild).find((r) => r.userId === EMPLOYEE)).toMatchObject({ role: 'Z' });
    expect((await call(MODERATOR, 'POST', `/api/groups/${created.id}/sync`)).json().error).toBe('NOT_LINKED');
    const renamed = ok(await call(MODERATOR, 'PATCH', `/api/groups/${created.id}`, { version: unlinked.version, name: 'Marketing (own)', description: 'Ours now' }));
    expect(renamed).toMatchObject({ name: 'Marketing (own)', description: 'Ours now' });
    // A member joining in Bitrix24 now changes nothing here.
    expect((await asAdminInBitrix24('sonet_group.user.add', { GROUP_ID: SEED_GROUPS.marketingGuild, USER_ID: [30] })).status).toBe(200);
    await portal.controls.flushEvents();
    await drain();
    expect(await participantIds(created.id)).toEqual(members);
  });

  it('offers workgroups to link: an admin all of them, paged and searchable; a moderator only those they own or moderate', async () => {
    type Offered = { id: number; name: string; role: 'A' | 'E' | null; linkedGroupId: number | null };
    const all = ok(await call(ADMIN, 'GET', '/api/workgroups'));
    const offered = all.workgroups as Offered[];
    const active = portal.controls.groups().filter((g) => g.active !== false);
    expect(offered.map((w) => w.id).sort((a, b) => a - b)).toEqual(active.map((g) => g.id).sort((a, b) => a - b));
    expect(offered.map((w) => w.name)).toEqual([...offered.map((w) => w.name)].sort((a, b) => a.localeCompare(b)));
    expect(all.next).toBeNull();
    // The admin's own role where they have one; groups already linked say to which training group.
    expect(offered.find((w) => w.id === SEED_GROUPS.managementBoard)?.role).toBe('A');
    expect(offered.find((w) => w.id === SEED_GROUPS.onboarding)?.role).toBeNull();
    const englishClub = (await t.database.db('training_groups').where({ workgroup_id: SEED_GROUPS.englishClub, link_state: 'linked' }).first('id')).id;
    expect(offered.find((w) => w.id === SEED_GROUPS.englishClub)?.linkedGroupId).toBe(Number(englishClub));
    // Paged by Bitrix24's start: the next page begins where the first ended.
    const from3 = ok(await call(ADMIN, 'GET', '/api/workgroups?start=3')).workgroups as Offered[];
    expect(from3.map((w) => w.id)).toEqual(offered.slice(3).map((w) => w.id));
    // Searchable, for admins through Bitrix24's filter, for others among their own.
    expect((ok(await call(ADMIN, 'GET', '/api/workgroups?q=club')).workgroups as Offered[]).map((w) => w.id)).toEqual([SEED_GROUPS.englishClub]);
    const mine = ok(await call(MODERATOR, 'GET', '/api/workgroups?q=sales')).workgroups as Offered[];
    expect(mine.map((w) => [w.id, w.role])).toEqual([[SEED_GROUPS.salesAcademy, 'E']]);
    // Employees are offered nothing.
    expect((await call(EMPLOYEE, 'GET', '/api/workgroups')).statusCode).toBe(403);
  });

  it('removes a member of a linked group in Bitrix24 (admins), never its owner, and re-reads a stale group when its card opens', async () => {
    // English Club, linked by the admin in the first test; its owner is user 15.
    const groupId = Number((await t.database.db('training_groups').where({ workgroup_id: SEED_GROUPS.englishClub, link_state: 'linked' }).first('id')).id);
    const removed = ok(await call(ADMIN, 'DELETE', `/api/groups/${groupId}/participants/26`));
    expect(removed).toEqual({ outcome: 'removed' });
    // Gone from the workgroup in Bitrix24 at once (sonet_group.user.delete with the admin's token), history kept here.
    expect(portal.controls.relations(SEED_GROUPS.englishClub).some((r) => r.userId === 26)).toBe(false);
    expect(await participantIds(groupId)).not.toContain(26);
    const former = ok(await call(ADMIN, 'GET', `/api/groups/${groupId}/participants?state=ended&limit=200`)).participants;
    expect(former.find((p: { userId: number }) => p.userId === 26)).toMatchObject({ state: 'removed', leftAt: expect.any(String) });
    const [newest] = ok(await call(ADMIN, 'GET', `/api/groups/${groupId}/audit?limit=1`)).entries;
    expect(newest).toMatchObject({ person: { userId: 26 }, actor: { userId: ADMIN }, action: 'removed', method: 'remove', result: 'ok' });
    // Bitrix24 does not remove a workgroup's owner this way: said, and nothing changes.
    const owner = await call(ADMIN, 'DELETE', `/api/groups/${groupId}/participants/15`);
    expect([owner.statusCode, owner.json().error]).toEqual([409, 'B24_REFUSED']);
    expect(await participantIds(groupId)).toContain(15);
    expect((await call(ADMIN, 'DELETE', `/api/groups/${groupId}/participants/26`)).json().error).toBe('NOT_A_MEMBER');

    // Mirrored more than 5 minutes ago: opening the card queues a sync, and says so.
    await t.database.db('training_groups').where({ id: groupId }).update({ last_synced_at: new Date(Date.now() - 6 * 60_000) });
    const stale = ok(await call(ADMIN, 'GET', `/api/groups/${groupId}`));
    expect(stale.sync).toMatchObject({ stale: true, jobId: expect.any(Number) });
    await drain();
    const fresh = ok(await call(ADMIN, 'GET', `/api/groups/${groupId}`));
    expect(fresh.sync).toMatchObject({ stale: false, jobId: null });
    expect(await participantIds(groupId)).toEqual(memberIdsOf(SEED_GROUPS.englishClub));
  });
});
