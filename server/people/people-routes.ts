import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { asCachedCaller, callerOf, requireSession, requireSharedSession, type GuardDeps } from '../auth/guard';
import { replyKey } from '../http/reply-cache';
import { nudgeWorkers } from '../jobs/worker-nudge';
import { enqueuePeopleImport } from './people-import';
import { peopleSummary, searchPeople } from './people-repository';

const Person = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  lastName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  position: Type.String(),
  departmentIds: Type.Array(Type.Integer()),
  userType: Type.String(),
  active: Type.Boolean(),
  photoUrl: Type.Union([Type.String(), Type.Null()]),
});
const ErrorReply = Type.Object({ error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) });

/**
 * The people mirror, for pickers and settings. Only admins and moderators read it (they choose
 * people for groups); employees and extranet users get 403.
 */
export function peopleRoutes(app: FastifyInstance, deps: GuardDeps & { db: Knex }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['people'], security: [{ session: [] }] };

  api.get(
    '/api/people',
    {
      // The caller check rides on the search's statement (one round trip): every keystroke of a picker sends this.
      onRequest: requireSharedSession(deps, ['admin', 'moderator']),
      schema: {
        ...common,
        summary: 'Search the mirrored people of this portal',
        querystring: Type.Object({
          search: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          includeInactive: Type.Optional(Type.Boolean({ default: false })),
        }),
        response: { 200: Type.Object({ people: Type.Array(Person) }), 400: ErrorReply, 401: ErrorReply, 403: ErrorReply },
      },
    },
    async (request, reply) => {
      const { search, limit, includeInactive } = request.query;
      // The same for every manager of the portal: kept by the search alone.
      const key = (session: { portalId: string }) => replyKey(session.portalId, 'people', search, limit, includeInactive);
      return asCachedCaller(request, reply, { key }, async (session, run) => ({ people: await searchPeople(deps.db, session.portalId, { search, limit, includeInactive }, run) }));
    },
  );

  api.get(
    '/api/people/summary',
    {
      onRequest: requireSession(deps, ['admin', 'moderator']),
      schema: {
        ...common,
        summary: 'How many people and departments the mirror holds, and when the last full import finished',
        response: {
          200: Type.Object({
            active: Type.Integer(),
            inactive: Type.Integer(),
            departments: Type.Integer(),
            lastFullImportAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
            lastFullImport: Type.Union([
              Type.Object({
                jobId: Type.Integer(),
                finishedAt: Type.String({ format: 'date-time' }),
                read: Type.Integer({ description: 'People user.get returned, inactive ones included' }),
                active: Type.Union([Type.Integer(), Type.Null()], { description: 'Of those read; null for an import from before they were counted' }),
                inactive: Type.Union([Type.Integer(), Type.Null()]),
                deactivated: Type.Union([Type.Integer(), Type.Null()], { description: 'Mirrored people the import no longer found' }),
              }),
              Type.Null(),
            ]),
          }),
          401: ErrorReply,
          403: ErrorReply,
        },
      },
    },
    async (request) => {
      const summary = await peopleSummary(deps.db, callerOf(request).portalId);
      const last = summary.lastFullImport;
      return {
        ...summary,
        lastFullImportAt: summary.lastFullImportAt?.toISOString() ?? null,
        lastFullImport: last ? { ...last, finishedAt: last.finishedAt.toISOString() } : null,
      };
    },
  );

  api.post(
    '/api/people/import',
    {
      onRequest: requireSession(deps, ['admin']),
      schema: {
        ...common,
        summary: 'Re-import departments and people from Bitrix24 (returns the job ids to follow)',
        response: { 202: Type.Object({ jobs: Type.Object({ departments: Type.Integer(), people: Type.Integer() }) }), 401: ErrorReply, 403: ErrorReply },
      },
    },
    async (request, reply) => {
      const jobs = await enqueuePeopleImport(deps.db, callerOf(request).portalId);
      nudgeWorkers();
      return reply.status(202).send({ jobs });
    },
  );
}
