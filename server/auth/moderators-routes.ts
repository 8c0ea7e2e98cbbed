import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../db/database';
import { callerOf, requireSession } from './guard';
import { knownAdministrators, listNamedModerators, replaceModerators } from './moderators-repository';

const SubjectType = Type.Union([Type.Literal('user'), Type.Literal('department')]);
const Subject = Type.Object(
  {
    subjectType: SubjectType,
    subjectId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    // Departments: false names the department's own people only; absent means with sub-departments.
    includeSubdepartments: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const ModeratorsBody = Type.Object({ moderators: Type.Array(Subject, { maxItems: 500 }) }, { additionalProperties: false });
const ModeratorsReply = Type.Object({
  moderators: Type.Array(
    Type.Object({
      subjectType: SubjectType,
      subjectId: Type.Integer(),
      name: Type.String(),
      includeSubdepartments: Type.Optional(Type.Boolean()),
      person: Type.Optional(Type.Object({ position: Type.String(), userType: Type.String(), active: Type.Boolean() })),
    }),
  ),
  administrators: Type.Array(Type.Integer(), { description: 'Users known to be Bitrix24 administrators: they have every right already' }),
});
const ErrorReply = Type.Object({ error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) });

/** Admin settings: who, besides admins, may create and run training groups. */
export function moderatorsRoutes(app: FastifyInstance, deps: { db: Db; sessionSecret: string }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  // onRequest (the guard is one), so that a caller without the role learns nothing from validation errors.
  const adminOnly = requireSession(deps, ['admin']);
  const common = { tags: ['settings'], security: [{ session: [] }] };

  api.get(
    '/api/settings/moderators',
    {
      onRequest: adminOnly,
      schema: { ...common, summary: 'The moderators named by an admin', response: { 200: ModeratorsReply, 401: ErrorReply, 403: ErrorReply } },
    },
    async (request) => {
      const caller = callerOf(request);
      return { moderators: await listNamedModerators(deps.db, caller.portalId), administrators: await knownAdministrators(deps.db, caller.portalId, caller.userId) };
    },
  );

  api.put(
    '/api/settings/moderators',
    {
      onRequest: adminOnly,
      schema: {
        ...common,
        summary: 'Replace the list of moderators (users or departments)',
        body: ModeratorsBody,
        response: { 200: ModeratorsReply, 400: ErrorReply, 401: ErrorReply, 403: ErrorReply },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      await replaceModerators(deps.db, caller.portalId, request.body.moderators, caller.userId);
      return { moderators: await listNamedModerators(deps.db, caller.portalId), administrators: await knownAdministrators(deps.db, caller.portalId, caller.userId) };
    },
  );
}
