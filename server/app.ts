import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import path from 'node:path';
import qs from 'qs';
import type { Config } from './config';
import type { Db, DbKind } from './db/database';
import type { Manifest } from './manifest';
import { loggerOptions } from './logging';
import { registerErrorHandler } from './http/errors';
import { healthRoutes } from './http/health';
import { renderPage, sendHtml } from './http/pages';
import { projectRoot } from './project-root';

export interface AppDeps {
  config: Config;
  db: Db;
  dbKind: DbKind;
  manifest: Manifest;
}

/**
 * Wires plugins and routes; holds no logic of its own. Tests build it and call `inject`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.config.logLevel),
    trustProxy: true,
    // Bitrix24 sends nested form keys (auth[access_token]); 1 MB is plenty for events and frames.
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);

  // Bitrix24 opens the app and delivers events as x-www-form-urlencoded with PHP-style nested keys.
  await app.register(formbody, { parser: (body) => qs.parse(body, { depth: 5, arrayLimit: 200 }) });
  // Framing is governed per page by CSP frame-ancestors (see http/pages.ts), never by X-Frame-Options.
  await app.register(helmet, { frameguard: false, contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Training Groups for Bitrix24', version: deps.manifest.version },
      components: { securitySchemes: { session: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(fastifyStatic, {
    root: path.join(projectRoot(), 'dist', 'client'),
    prefix: '/assets/',
    maxAge: '1h',
  });

  // Routes: one registration per feature module; each module owns its routes and their guards.
  healthRoutes(app, deps);

  const shell = async (_request: unknown, reply: import('fastify').FastifyReply) =>
    sendHtml(reply, renderPage('client/index.html', { view: 'app' }), null);
  app.get('/', { schema: { hide: true } }, shell);
  app.post('/', { schema: { hide: true } }, shell);

  return app;
}
