import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { listPortalJobs } from '../jobs/job-repository';
import { JOB_KINDS } from '../jobs/job-kinds';

const ImportState = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('cancelled')]);
const ImportView = Type.Object({
  kind: Type.Union([Type.Literal('departments'), Type.Literal('people')]),
  state: ImportState,
  done: Type.Integer(),
  total: Type.Union([Type.Integer(), Type.Null()]),
  /** Seconds since it last changed: queued jobs that nothing touched for a while have no worker to run them now. */
  idleSeconds: Type.Integer(),
});
const ErrorReply = Type.Object({ error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) });

export interface InstallProgressDeps {
  db: Knex;
  /** The install wizard's session guard (admin, purpose 'install'), handed in by app.ts. */
  admit: preHandlerHookHandler;
  portalOf(request: FastifyRequest): string;
}

/**
 * What the install wizard shows after the setup while the portal's structure and people are
 * imported (the first launch of the app needs them): the latest full import of each kind. The
 * wizard finishes the installation (and the portal reloads into the app) when they are done.
 */
export function installProgressRoutes(app: FastifyInstance, deps: InstallProgressDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/install/progress',
    {
      onRequest: deps.admit,
      schema: {
        tags: ['install'],
        summary: 'Progress of the imports the install queued (install wizard)',
        security: [{ session: [] }],
        response: { 200: Type.Object({ imports: Type.Array(ImportView) }), 401: ErrorReply, 403: ErrorReply },
      },
    },
    async (request) => {
      const portalId = deps.portalOf(request);
      const kinds = [
        ['departments', JOB_KINDS.importDepartments],
        ['people', JOB_KINDS.importPeople],
      ] as const;
      const imports = [];
      for (const [name, kind] of kinds) {
        // The full pass (no userIds): ONUSERADD imports of single people are not the install's.
        const job = (await listPortalJobs(deps.db, portalId, { kind, limit: 20 })).find((j) => j.payload.userIds === undefined);
        if (!job) continue;
        const idleSeconds = Math.max(0, Math.floor((Date.now() - job.updatedAt.getTime()) / 1000));
        imports.push({ kind: name, state: job.state, done: job.progress.done, total: job.progress.total, idleSeconds });
      }
      return { imports };
    },
  );
}
