import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import type { Db, DbKind } from '../db/database';

/** Liveness with a database round-trip: a process that cannot reach its database is not healthy. */
export function healthRoutes(app: FastifyInstance, deps: { db: Db; dbKind: DbKind }): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['system'],
        summary: 'Health check with a database round-trip',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }),
          503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      try {
        await deps.db.raw('select 1');
        return { status: 'ok' as const, database: deps.dbKind };
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unreachable');
        return reply.status(503).send({ status: 'unavailable' as const, database: deps.dbKind });
      }
    },
  );
}
