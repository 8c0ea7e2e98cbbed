import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import { findPortalJob, listPortalJobs } from './job-repository';
import type { Job } from './job-types';

const JobState = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('cancelled')]);
const JobView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  state: JobState,
  progress: Type.Object({ done: Type.Integer(), total: Type.Union([Type.Integer(), Type.Null()]), message: Type.Union([Type.String(), Type.Null()]) }),
  error: Type.Optional(Type.String()),
  attempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const ErrorReply = Type.Object({ error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) });

/** What the API shows of a job: never its payload or checkpoint (internal), the error only once it counts. */
export function jobView(job: Job) {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    progress: job.progress,
    ...(job.lastError && job.state !== 'done' ? { error: job.lastError } : {}),
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
  };
}

/**
 * How the routes check their caller. The queue stands below auth/ and may not import its guard,
 * so the app hands the guard in (auth/guard.ts, sessionCheck).
 */
export interface CallerCheck {
  /** A hook that admits a session of one of `roles` (of any role when none are given). */
  require(roles?: readonly ('admin' | 'moderator' | 'employee' | 'extranet')[]): preHandlerHookHandler;
  /** The portal of the caller the hook admitted. */
  portalOf(request: FastifyRequest): string;
}

/** Progress of long work (imports, syncs), always within the caller's portal. */
export function jobRoutes(app: FastifyInstance, deps: { db: Knex; caller: CallerCheck }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['jobs'], security: [{ session: [] }] };

  api.get(
    '/api/jobs/:id',
    {
      onRequest: deps.caller.require(),
      schema: {
        ...common,
        summary: 'A job of this portal with its progress',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
        response: { 200: JobView, 400: ErrorReply, 401: ErrorReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const job = await findPortalJob(deps.db, deps.caller.portalOf(request), request.params.id);
      // Another portal's job is answered exactly like a missing one.
      if (!job) throw new HttpError(404, 'JOB_NOT_FOUND', 'There is no such job.');
      return jobView(job);
    },
  );

  api.get(
    '/api/jobs',
    {
      onRequest: deps.caller.require(['admin', 'moderator']),
      schema: {
        ...common,
        summary: 'Recent jobs of this portal',
        querystring: Type.Object({
          kind: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
          state: Type.Optional(JobState),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: { 200: Type.Object({ jobs: Type.Array(JobView) }), 400: ErrorReply, 401: ErrorReply, 403: ErrorReply },
      },
    },
    async (request) => {
      const { kind, state, limit } = request.query;
      const jobs = await listPortalJobs(deps.db, deps.caller.portalOf(request), { kind, state, limit });
      return { jobs: jobs.map(jobView) };
    },
  );
}
