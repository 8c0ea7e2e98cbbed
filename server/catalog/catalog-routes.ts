import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { ReplyCache } from '../http/reply-cache';
import { sendProblemDetails } from './catalog-errors';
import { learningRoutes } from './learning-routes';
import { testTakingRoutes } from './test-taking-routes';
import { courseAuthoringRoutes } from './course-authoring-routes';
import { unitAuthoringRoutes } from './unit-authoring-routes';
import { testAuthoringRoutes } from './test-authoring-routes';
import { exchangeRoutes } from './exchange-routes';

export interface CatalogDeps {
  db: Knex;
  sessionSecret: string;
  /** Where the demo pack's files are (tests point it at a fixture). */
  demoPackDir?: string;
  /** The process's kept replies of hot reads (http/reply-cache.ts). */
  replies?: ReplyCache;
}

/**
 * Every catalog route, in one encapsulated scope: its error handler adds `details` (edit conflicts,
 * import problems) and hands everything else to the app's handler.
 */
export async function catalogRoutes(app: FastifyInstance, deps: CatalogDeps): Promise<void> {
  await app.register(async (scope) => {
    sendProblemDetails(scope);
    learningRoutes(scope, deps);
    testTakingRoutes(scope, deps);
    courseAuthoringRoutes(scope, deps);
    unitAuthoringRoutes(scope, deps);
    testAuthoringRoutes(scope, deps);
    exchangeRoutes(scope, deps);
  });
}
