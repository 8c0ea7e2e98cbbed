import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { asCachedCaller, requireSession, requireSharedSession } from '../auth/guard';
import { quarterHourOf, replyKey } from '../http/reply-cache';
import type { GroupsDeps } from './group-access';
import { groupsCaller, groupsCallerOf, type GroupsRouteDeps } from './groups-caller';
import * as S from './groups-schemas';
import { myGroups, workgroupTab } from './my-groups';
import { answerInvitation } from './participants-service';

/** "My groups" and the answers to app invitations: every role, each about themselves only. */
export function myGroupsRoutes(scope: FastifyInstance, deps: GroupsRouteDeps, service: GroupsDeps): void {
  const api = scope.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['training groups'], security: [{ session: [] }] };
  const everyRole = ['admin', 'moderator', 'employee', 'extranet'] as const;
  const anyone = requireSession(deps, everyRole);

  api.get(
    '/api/my-groups',
    // What every employee opens: the caller check rides on the read's statement (one round trip).
    { onRequest: requireSharedSession(deps, everyRole), schema: { ...common, summary: "The caller's current and upcoming groups with their content, and their invitations", response: { 200: S.MyGroupsReply, ...S.errorReplies } } },
    async (request, reply) => {
      // The person's own; which groups are current or upcoming depends on the day in each group's zone.
      const quarter = quarterHourOf(service.now());
      const key = (session: { portalId: string; userId: number; role: string }) => replyKey(session.portalId, 'my-groups', session.userId, session.role, quarter);
      return asCachedCaller(request, reply, { key }, (session, run) => myGroups(service, groupsCallerOf(request, session), run));
    },
  );

  api.get(
    '/api/workgroups/:id/training-group',
    {
      onRequest: anyone,
      schema: {
        ...common,
        summary: "The workgroup tab: the training group linked to a workgroup, as the viewer may see it. With none linked, a moderator is offered to create one only if Bitrix24 names them the workgroup's owner or moderator: send the frame's token in X-B24-Access-Token.",
        params: S.Type.Object({ id: S.Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        response: { 200: S.WorkgroupTabReply, ...S.errorReplies },
      },
    },
    async (request) => workgroupTab(service, groupsCaller(request), request.params.id),
  );

  for (const [path, accept] of [
    ['/api/my-groups/invitations/:id/accept', true],
    ['/api/my-groups/invitations/:id/decline', false],
  ] as const) {
    api.post(
      path,
      { onRequest: anyone, schema: { ...common, summary: accept ? 'Accept an app invitation (an active member at once)' : 'Decline an app invitation', params: S.AnswerParams, response: { 200: S.AnswerReply, ...S.errorReplies } } },
      async (request) => answerInvitation(service, groupsCaller(request), request.params.id, accept),
    );
  }
}
