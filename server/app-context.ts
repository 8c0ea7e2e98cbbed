import type { FastifyInstance } from 'fastify';
import type { BitrixClient } from './bitrix/rest-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one REST client of this process (STYLE habit 5); main.ts hands it to the worker. */
    bitrix: BitrixClient;
  }
}

/**
 * Makes the process's REST client reachable as `app.bitrix`. Route modules get their other
 * dependencies (db, config, manifest) passed explicitly at registration.
 */
export function decorateAppContext(app: FastifyInstance, context: { bitrix: BitrixClient }): void {
  if (!app.hasDecorator('bitrix')) app.decorate('bitrix', context.bitrix);
}
