import type { LocalPortal } from '../../server/dev-portal';
import { SEED_GROUPS, SEED_USERS } from '../../server/dev-portal';
import { request, rest, startTestPortal, tokenOf } from './dev-portal-support';

/**
 * Workgroup invitations in the local portal as Bitrix24 handles them: sonet_group.user.invite
 * notifies the invited person, who accepts or declines on the workgroup's page (or by control).
 */
describe('local portal: answering a workgroup invitation', () => {
  let portal: LocalPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(async () => portal.close());

  const page = (groupId: number, as: number) => request(`${portal.url}/workgroups/group/${groupId}/?as=${as}`);
  const answer = (groupId: number, as: number, value: string) =>
    request(`${portal.url}/workgroups/group/${groupId}/invitation?as=${as}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: `answer=${value}`,
    });

  it('notifies the invited person, who accepts on the workgroup page: a member (K), and ONSONETGROUPUPDATE follows', async () => {
    const invited = await rest(portal, 'sonet_group.user.invite', { GROUP_ID: SEED_GROUPS.salesAcademy, USER_ID: [12] }, tokenOf(portal, SEED_USERS.moderator));
    expect(invited.body.result).toEqual(['12']);
    expect(portal.controls.notifications()).toContainEqual(
      expect.objectContaining({ userId: 12, fromUserId: SEED_USERS.moderator, tag: `SOCNET|INVITE_GROUP|12|${SEED_GROUPS.salesAcademy}` }),
    );
    expect((await page(SEED_GROUPS.salesAcademy, 12)).body).toContain('data-testid="group-invitation"');
    // Nobody else is offered the answer.
    expect((await page(SEED_GROUPS.salesAcademy, 11)).body).not.toContain('data-testid="group-invitation"');
    const accepted = await answer(SEED_GROUPS.salesAcademy, 12, 'accept');
    expect(accepted.status).toBe(303);
    expect(portal.controls.relations(SEED_GROUPS.salesAcademy).find((r) => r.userId === 12)).toMatchObject({ role: 'K', initiatedBy: 'G' });
    expect((await page(SEED_GROUPS.salesAcademy, 12)).body).not.toContain('data-testid="group-invitation"');
  });

  it('declines: the pending relation goes away, and a join request of the user is not theirs to accept', async () => {
    await rest(portal, 'sonet_group.user.invite', { GROUP_ID: SEED_GROUPS.salesAcademy, USER_ID: [19] }, tokenOf(portal, SEED_USERS.moderator));
    expect((await answer(SEED_GROUPS.salesAcademy, 19, 'decline')).status).toBe(303);
    expect(portal.controls.relations(SEED_GROUPS.salesAcademy).some((r) => r.userId === 19)).toBe(false);
    const wg = await rest(portal, 'socialnetwork.api.workgroup.get', { params: { groupId: SEED_GROUPS.salesAcademy } }, tokenOf(portal, SEED_USERS.admin));
    expect(wg.body.result.INVITED_MEMBERS).not.toContain(19);
    // User 6 asked to join the Support Knowledge Base (U): only the group can answer that.
    expect(() => portal.controls.acceptInvitation(SEED_GROUPS.supportKnowledgeBase, 6)).toThrow(/no pending invitation/);
    expect(() => portal.controls.declineInvitation(SEED_GROUPS.supportKnowledgeBase, 6)).toThrow(/no pending invitation/);
  });
});
