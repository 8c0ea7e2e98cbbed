import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import { isDatabaseUnavailable } from '../db/unavailable';
import { nudgeWorkers } from '../jobs/worker-nudge';
import type { EventRegistry } from './event-registry';
import { defaultEventRegistry, processInboxEvent, storeEvent } from './events-inbox';
import { applicationTokenMatches } from '../auth/frame-fields';
import { findPortalByMemberId } from '../tenants/portal-repository';

export interface EventRouteDeps {
  db: Knex;
  /** The handlers (default: the app's registry). */
  registry?: EventRegistry;
  /** app.config.json paths.events (default /bitrix/events). */
  path?: string;
  /** To drop a portal's cached token when it is uninstalled. */
  bitrix?: { forgetToken(portalId: string): void };
}

// Bitrix24 posts a form (auth[member_id]=...), parsed by @fastify/formbody + qs; JSON is accepted too.
const EventBody = Type.Object(
  {
    event: Type.Optional(Type.String({ maxLength: 100 })),
    data: Type.Optional(Type.Unknown()),
    ts: Type.Optional(Type.Unknown()),
    auth: Type.Optional(
      Type.Object({ member_id: Type.Optional(Type.String()), application_token: Type.Optional(Type.String()) }, { additionalProperties: true }),
    ),
  },
  { additionalProperties: true },
);
const EventAck = Type.Object({ status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('ignored')]) });
const ErrorReply = Type.Object({ error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) });

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The handler URL Bitrix24 posts events to. Verify, store, answer 200 at once; the worker does
 * the rest (STYLE habit 6). Fails closed: unless the portal is known and the delivery's
 * application_token equals the stored one, the answer is 401 and nothing is stored.
 * ONAPPUNINSTALL is processed right after it is stored, before the answer: revoked credentials
 * must be gone at once (even in a process without a worker, and before a quick reinstall stores
 * new ones), and it is only a few statements with no Bitrix24 call.
 */
export function eventRoutes(app: FastifyInstance, deps: EventRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const registry = deps.registry ?? defaultEventRegistry;

  api.post(
    deps.path ?? '/bitrix/events',
    {
      schema: {
        tags: ['bitrix'],
        summary: 'Event handler for Bitrix24 (verified by application_token)',
        // Bitrix24 posts a form with nested keys (auth[member_id]); JSON is taken too.
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: EventBody,
        response: { 200: EventAck, 400: ErrorReply, 401: ErrorReply, 503: ErrorReply },
      },
      // The error handler answers 503 (http/errors.ts). Bitrix24 never delivers an event again,
      // so say which one was lost: the README names the pass that heals each kind.
      onError: async (request, _reply, error) => {
        if (!isDatabaseUnavailable(error)) return;
        const body = (request.body ?? {}) as { event?: unknown; auth?: { member_id?: unknown } };
        const event = typeof body.event === 'string' ? body.event.trim().toUpperCase().slice(0, 100) : '';
        const memberId = typeof body.auth?.member_id === 'string' ? body.auth.member_id.slice(0, 64) : '';
        request.log.error({ event, memberId }, 'event lost: the database is unavailable (README: "Events lost while the database was down")');
      },
    },
    async (request) => {
      const body = request.body ?? {};
      const event = typeof body.event === 'string' ? body.event.trim().toUpperCase() : '';
      const memberId = body.auth?.member_id?.trim() ?? '';
      const portal = memberId ? await findPortalByMemberId(deps.db, memberId) : null;
      const verified = portal !== null && applicationTokenMatches(portal.applicationToken, body.auth?.application_token);

      // ONAPPINSTALL may come before the wizard stored the portal, or with a new token at a
      // reinstall: unverifiable then, and harmless to drop, since tokens never come from it.
      if (event === 'ONAPPINSTALL' && !verified) {
        request.log.info({ event }, 'unverifiable ONAPPINSTALL ignored');
        return { status: 'ignored' as const };
      }
      if (!verified || !portal) {
        request.log.warn({ event: event.slice(0, 100), knownPortal: portal !== null }, 'event refused: application token not verified');
        throw new HttpError(401, 'EVENT_NOT_VERIFIED', 'The event could not be verified.');
      }
      if (!event) throw new HttpError(400, 'EVENT_MISSING', 'The delivery names no event.', 'event');
      if (!registry.handles(event)) return { status: 'ignored' as const };

      const data = isRecord(body.data) ? body.data : {};
      const ts = typeof body.ts === 'string' || typeof body.ts === 'number' ? String(body.ts) : null;
      const { id, stored } = await storeEvent(deps.db, portal.id, { event, data, ts });
      request.log.info({ portalId: portal.id, event, inboxId: id, duplicate: !stored }, 'event stored');
      if (!stored || id === null) return { status: 'duplicate' as const };

      if (registry.isInline(event)) {
        const forgetToken = deps.bitrix ? (portalId: string) => deps.bitrix!.forgetToken(portalId) : undefined;
        // Stored first: if processing fails here, the worker retries it from the inbox.
        await processInboxEvent(deps.db, registry, { log: request.log, forgetToken }, { portalId: portal.id, id });
      } else {
        nudgeWorkers();
      }
      return { status: 'accepted' as const };
    },
  );
}
