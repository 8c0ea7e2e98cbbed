import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { callerOf, requireSession } from './guard';
import { mintSession, verifyFrame, type LaunchDeps } from './launch';

const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('moderator'), Type.Literal('employee'), Type.Literal('extranet')]);
const UserSchema = Type.Object({ id: Type.Integer(), name: Type.String(), role: RoleSchema });
const SessionSchema = Type.Object({ token: Type.String(), expiresAt: Type.String({ format: 'date-time' }) });
const ErrorReply = Type.Object({ error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) });
const RetryReply = Type.Object({ error: Type.String(), message: Type.String(), retryAfterSeconds: Type.Integer() });

// Only these two fields are read. Anything else a client adds (a "role", a user id) is ignored:
// who the caller is comes from Bitrix24's answer to the token, and the role from that.
const RenewBody = Type.Object({
  memberId: Type.String({ minLength: 1, maxLength: 64 }),
  accessToken: Type.String({ minLength: 1, maxLength: 512 }),
});

/** Session renewal from a fresh frame token, and "who am I" for a session. */
export function sessionRoutes(app: FastifyInstance, deps: LaunchDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Exchange a fresh Bitrix24 frame token for a new app session',
        body: RenewBody,
        response: {
          200: Type.Object({ session: SessionSchema, user: UserSchema }),
          400: ErrorReply,
          401: ErrorReply,
          403: ErrorReply,
          404: ErrorReply,
          // Too many attempts from this client, or Bitrix24 too busy to check the token: come back in retryAfterSeconds.
          429: RetryReply,
          502: ErrorReply,
          503: RetryReply,
        },
      },
    },
    async (request) => {
      const { portal, user } = await verifyFrame(deps, request.body.memberId, request.body.accessToken);
      return { session: mintSession(deps, portal, user), user };
    },
  );

  api.get(
    '/api/me',
    {
      onRequest: requireSession({ db: deps.db, sessionSecret: deps.config.sessionSecret }),
      schema: {
        tags: ['session'],
        summary: 'The user and portal of this session',
        security: [{ session: [] }],
        response: {
          200: Type.Object({ user: UserSchema, portal: Type.Object({ domain: Type.String(), memberId: Type.String() }) }),
          401: ErrorReply,
          403: ErrorReply,
          404: ErrorReply,
        },
      },
    },
    // Everything comes from the guard's one statement: the portal's state, the role now, the name.
    async (request) => {
      const caller = callerOf(request);
      return {
        user: { id: caller.userId, name: caller.name ?? `#${caller.userId}`, role: caller.role },
        portal: { domain: caller.portal.domain, memberId: caller.portal.memberId },
      };
    },
  );
}
