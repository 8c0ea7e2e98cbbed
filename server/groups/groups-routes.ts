import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { asCachedCaller, requireSession, requireSharedSession } from '../auth/guard';
import { quarterHourOf, replyKey } from '../http/reply-cache';
import { portalEndpoint, type GroupsDeps } from './group-access';
import { groupsCaller, groupsCallerOf, type GroupsRouteDeps } from './groups-caller';
import { admit } from './group-access';
import { originOf, queueSync, summaryOf } from './group-card';
import { sendGroupsProblems } from './groups-errors';
import * as S from './groups-schemas';
import { createGroup, deleteGroup, deletePreview, editGroup, openCard, setContent, unlinkGroup } from './groups-service';
import { listManagedGroups } from './group-views-repository';
import { myGroupsRoutes } from './my-groups-routes';
import { participantsRoutes } from './participants-routes';
import { pickWorkgroups } from './workgroup-picker';

const tokenNote = ' Send the frame\'s Bitrix24 access token in X-B24-Access-Token.';

/** Every training-groups route (issue 9), in one scope whose error handler keeps `details`. */
export async function groupsRoutes(app: FastifyInstance, deps: GroupsRouteDeps): Promise<void> {
  const service: GroupsDeps = { db: deps.db, bitrix: deps.bitrix, now: deps.now ?? (() => new Date()) };
  const managers = requireSession(deps, ['admin', 'moderator']);
  await app.register(async (scope) => {
    sendGroupsProblems(scope);
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();
    const common = { tags: ['training groups'], security: [{ session: [] }] };

    api.get(
      '/api/groups',
      { onRequest: managers, schema: { ...common, summary: 'The training groups the caller manages (admins: all)', querystring: S.ListQuery, response: { 200: S.ListReply, ...S.errorReplies } } },
      async (request) => {
        const caller = groupsCaller(request);
        const { q, limit = 50, offset = 0 } = request.query;
        const [page, portal] = await Promise.all([
          listManagedGroups(deps.db, caller.portalId, { userId: caller.userId, admin: caller.role === 'admin' }, { q, limit, offset }),
          portalEndpoint(deps.db, caller.portalId),
        ]);
        const now = service.now();
        return { total: page.total, groups: page.groups.map((g) => summaryOf(g, caller, now, originOf(portal.clientEndpoint))) };
      },
    );

    api.post(
      '/api/groups',
      { onRequest: managers, schema: { ...common, summary: `Create a training group: from scratch, from a workgroup (workgroupId), or with a new workgroup.${tokenNote}`, body: S.CreateBody, response: { 201: S.GroupCard, ...S.errorReplies } } },
      async (request, reply) => reply.status(201).send(await createGroup(service, groupsCaller(request), request.body)),
    );

    api.get(
      '/api/workgroups',
      { onRequest: managers, schema: { ...common, summary: `Workgroups to create a group from (admins: all, paged; others: where they are owner or moderator).${tokenNote}`, querystring: S.PickerQuery, response: { 200: S.PickerReply, ...S.errorReplies } } },
      async (request) => pickWorkgroups(service, groupsCaller(request), { q: request.query.q, start: request.query.start ?? 0 }),
    );

    api.get(
      '/api/groups/:id',
      // The caller check rides on the card's statement (one round trip).
      { onRequest: requireSharedSession(deps, ['admin', 'moderator']), schema: { ...common, summary: 'The card of a training group (queues a sync of a stale linked group)', params: S.GroupParams, response: { 200: S.GroupCard, ...S.errorReplies } } },
      async (request, reply) => {
        // The card as this caller sees it (rights), on this day (window). A linked group's card is not
        // kept: it says how fresh its mirror is and queues a sync when stale, which a kept reply would not.
        const quarter = quarterHourOf(service.now());
        const key = (session: { portalId: string; userId: number; role: string }) => replyKey(session.portalId, 'group-card', request.params.id, session.userId, session.role, quarter);
        return asCachedCaller(request, reply, { key, keep: (card: { sync: unknown }) => card.sync === null }, (session, run) => openCard(service, groupsCallerOf(request, session), request.params.id, run));
      },
    );

    api.patch(
      '/api/groups/:id',
      { onRequest: managers, schema: { ...common, summary: `Edit a group (name and description are read-only while linked).${tokenNote}`, params: S.GroupParams, body: S.PatchBody, response: { 200: S.GroupCard, ...S.errorReplies } } },
      async (request) => editGroup(service, groupsCaller(request), request.params.id, request.body),
    );

    api.get(
      '/api/groups/:id/delete-preview',
      { onRequest: managers, schema: { ...common, summary: 'What deleting the group takes with it', params: S.GroupParams, response: { 200: S.DeletePreview, ...S.errorReplies } } },
      async (request) => deletePreview(service, groupsCaller(request), request.params.id),
    );

    api.delete(
      '/api/groups/:id',
      { onRequest: managers, schema: { ...common, summary: `Delete a group (history kept).${tokenNote}`, params: S.GroupParams, querystring: S.VersionQuery, response: { 200: S.DeletedReply, ...S.errorReplies } } },
      async (request) => deleteGroup(service, groupsCaller(request), request.params.id, request.query.version),
    );

    api.post(
      '/api/groups/:id/unlink',
      { onRequest: managers, schema: { ...common, summary: `Stop mirroring the linked workgroup.${tokenNote}`, params: S.GroupParams, body: S.VersionBody, response: { 200: S.GroupCard, ...S.errorReplies } } },
      async (request) => unlinkGroup(service, groupsCaller(request), request.params.id, request.body.version),
    );

    api.post(
      '/api/groups/:id/sync',
      { onRequest: managers, schema: { ...common, summary: 'Sync now: re-read the linked workgroup (a job; follow it at /api/jobs/:jobId)', params: S.GroupParams, response: { 202: S.JobReply, ...S.errorReplies } } },
      async (request, reply) => {
        const caller = groupsCaller(request);
        const { group } = await admit(service, caller, request.params.id, 'sync');
        return reply.status(202).send({ jobId: await queueSync(service, caller.portalId, group.workgroupId!) });
      },
    );

    api.put(
      '/api/groups/:id/content/:kind/:itemId',
      { onRequest: managers, schema: { ...common, summary: `Attach a course or a standalone test (it becomes closed).${tokenNote}`, params: S.ContentParams, response: { 200: S.ContentList, ...S.errorReplies } } },
      async (request) => setContent(service, groupsCaller(request), request.params.id, request.params.kind, request.params.itemId, true),
    );

    api.delete(
      '/api/groups/:id/content/:kind/:itemId',
      { onRequest: managers, schema: { ...common, summary: `Detach a course or test.${tokenNote}`, params: S.ContentParams, response: { 200: S.ContentList, ...S.errorReplies } } },
      async (request) => setContent(service, groupsCaller(request), request.params.id, request.params.kind, request.params.itemId, false),
    );

    participantsRoutes(scope, deps, service);
    myGroupsRoutes(scope, deps, service);
  });
}
