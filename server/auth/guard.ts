import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import { verifySessionToken, SessionTokenError, type Role, type SessionClaims } from './session-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireSession`: who is calling, as the server resolved it at launch. */
    session?: SessionClaims;
  }
}

/**
 * A preHandler that admits a request only with a valid `Authorization: Bearer` session token
 * (purpose 'app' unless told otherwise) whose role is one of `roles` (any role when empty).
 * Every API route uses it; the role comes from the signed token, never from the request body.
 */
export function requireSession(secret: string, roles: readonly Role[] = [], purpose: SessionClaims['purpose'] = 'app'): preHandlerHookHandler {
  return async function sessionGuard(request: FastifyRequest, _reply: FastifyReply) {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'SESSION_REQUIRED', 'Open the app from Bitrix24: this request has no session token.');
    let claims: SessionClaims;
    try {
      claims = verifySessionToken(secret, match[1] as string);
    } catch (error) {
      if (error instanceof SessionTokenError && error.problem === 'expired') {
        throw new HttpError(401, 'SESSION_EXPIRED', 'Your session has expired; it is renewed automatically, try again.');
      }
      throw new HttpError(401, 'SESSION_INVALID', 'The session token is not valid.');
    }
    if (claims.purpose !== purpose) throw new HttpError(403, 'WRONG_SESSION', 'This session cannot be used here.');
    if (roles.length > 0 && !roles.includes(claims.role)) {
      throw new HttpError(403, 'FORBIDDEN', `This action needs one of these roles: ${roles.join(', ')}.`);
    }
    request.session = claims;
  };
}

/** The session of a request that passed `requireSession` (throws if a route forgot the guard). */
export function sessionOf(request: FastifyRequest): SessionClaims {
  if (!request.session) throw new HttpError(401, 'SESSION_REQUIRED', 'This request has no session.');
  return request.session;
}

/** The session guard as one value, for the routes of rooms below auth/ (jobs/), which may not import it. */
export function sessionCheck(secret: string) {
  return {
    require: (roles: readonly Role[] = []) => requireSession(secret, roles),
    portalOf: (request: FastifyRequest) => sessionOf(request).portalId,
  };
}

/**
 * Runs after every route's guard: a session outlives nothing. Once its portal is uninstalled
 * (or deleted with "clean"), its still-unexpired tokens are refused rather than acting on a
 * portal that is gone. One primary-key read per API request.
 */
export function refuseSessionsOfRemovedPortals(db: Knex): preHandlerHookHandler {
  return async function portalStillInstalled(request: FastifyRequest) {
    if (!request.session) return;
    const portal = await db('portals').where({ id: request.session.portalId }).first('state');
    if (!portal || portal.state === 'uninstalled') {
      throw new HttpError(401, 'PORTAL_UNINSTALLED', 'The app is no longer installed on this Bitrix24; ask an administrator to install it again.');
    }
  };
}
