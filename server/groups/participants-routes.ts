import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireSession } from '../auth/guard';
import { listAudit } from './audit-repository';
import { admit, type GroupsDeps } from './group-access';
import { groupsCaller, type GroupsRouteDeps } from './groups-caller';
import * as S from './groups-schemas';
import { listPendingInvitations } from './invitations-repository';
import { listParticipants } from './members-repository';
import { cancelInvitation } from './invitation-cancel';
import { addParticipants, removeParticipant } from './participants-service';

const tokenNote = ' For a linked group, send the frame\'s Bitrix24 access token in X-B24-Access-Token.';

/** Participants, invitations and the audit trail of a group (managers only). */
export function participantsRoutes(scope: FastifyInstance, deps: GroupsRouteDeps, service: GroupsDeps): void {
  const api = scope.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['training groups'], security: [{ session: [] }] };
  const managers = requireSession(deps, ['admin', 'moderator']);

  api.get(
    '/api/groups/:id/participants',
    { onRequest: managers, schema: { ...common, summary: 'Participants of a group (memberships, history included with state=ended|all)', params: S.GroupParams, querystring: S.ParticipantsQuery, response: { 200: S.Type.Object({ total: S.Type.Integer(), participants: S.Type.Array(S.Participant) }), ...S.errorReplies } } },
    async (request) => {
      const caller = groupsCaller(request);
      await admit(service, caller, request.params.id, 'view');
      const { state = 'active', q, limit = 50, offset = 0 } = request.query;
      return listParticipants(deps.db, caller.portalId, request.params.id, { state, q, limit, offset });
    },
  );

  api.post(
    '/api/groups/:id/participants',
    { onRequest: managers, schema: { ...common, summary: `Add (admins) or invite (others) people; the result says per person what happened.${tokenNote}`, params: S.GroupParams, body: S.AddBody, response: { 200: S.AddReply, ...S.errorReplies } } },
    async (request) => addParticipants(service, groupsCaller(request), request.params.id, request.body.userIds),
  );

  api.delete(
    '/api/groups/:id/participants/:userId',
    { onRequest: managers, schema: { ...common, summary: `Remove a participant (linked group: admins only).${tokenNote}`, params: S.PersonParams, response: { 200: S.Type.Object({ outcome: S.Type.Literal('removed') }), ...S.errorReplies } } },
    async (request) => removeParticipant(service, groupsCaller(request), request.params.id, request.params.userId),
  );

  api.get(
    '/api/groups/:id/invitations',
    { onRequest: managers, schema: { ...common, summary: 'Pending invitations: who invited whom and when', params: S.GroupParams, response: { 200: S.Type.Object({ invitations: S.Type.Array(S.Invitation) }), ...S.errorReplies } } },
    async (request) => {
      const caller = groupsCaller(request);
      await admit(service, caller, request.params.id, 'view');
      const rows = await listPendingInvitations(deps.db, caller.portalId, request.params.id);
      return {
        invitations: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          person: r.person,
          invitedBy: r.inviter,
          invitedAt: r.invitedAt,
          state: 'pending' as const,
        })),
      };
    },
  );

  api.delete(
    '/api/groups/:id/invitations/:invitationId',
    { onRequest: managers, schema: { ...common, summary: `Cancel a pending invitation: an app invitation here; a Bitrix24 workgroup invitation is withdrawn in Bitrix24 (sonet_group.user.delete, admins only).${tokenNote}`, params: S.InvitationParams, response: { 200: S.Type.Object({ state: S.Type.Literal('cancelled') }), ...S.errorReplies } } },
    async (request) => cancelInvitation(service, groupsCaller(request), request.params.id, request.params.invitationId),
  );

  api.get(
    '/api/groups/:id/audit',
    { onRequest: managers, schema: { ...common, summary: 'Membership audit trail, newest first, paged with `before`', params: S.GroupParams, querystring: S.AuditQuery, response: { 200: S.AuditReply, ...S.errorReplies } } },
    async (request) => {
      const caller = groupsCaller(request);
      await admit(service, caller, request.params.id, 'view-audit');
      const limit = request.query.limit ?? 50;
      const rows = await listAudit(deps.db, caller.portalId, request.params.id, { before: request.query.before, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        entries: page.map((r) => ({
          id: r.id,
          at: r.at,
          actor: r.actorId === null ? null : { userId: r.actorId, name: r.actorName ?? '' },
          person: { userId: r.personId, name: r.personName },
          action: r.action,
          method: r.method,
          source: r.source,
          result: r.result,
          detail: r.detail,
        })),
        nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },
  );
}
