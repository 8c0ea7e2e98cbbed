import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
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
