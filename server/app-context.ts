import type { FastifyInstance } from 'fastify';
import type { Config } from './config';
import type { Db } from './db/database';
import type { Manifest } from './manifest';
import type { BitrixClient } from './bitrix/rest-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one REST client of this process (STYLE habit 5). */
    bitrix: BitrixClient;
    db: Db;
    config: Config;
    manifest: Manifest;
  }
}

/** Makes the process-wide services reachable from any route module as `app.bitrix`, `app.db`, ... */
export function decorateAppContext(app: FastifyInstance, context: { bitrix: BitrixClient; db: Db; config: Config; manifest: Manifest }): void {
  if (!app.hasDecorator('bitrix')) app.decorate('bitrix', context.bitrix);
  if (!app.hasDecorator('db')) app.decorate('db', context.db);
  if (!app.hasDecorator('config')) app.decorate('config', context.config);
  if (!app.hasDecorator('manifest')) app.decorate('manifest', context.manifest);
}
