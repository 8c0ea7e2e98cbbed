import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import type { PortalState } from '../tenants/portal-repository';
import { SessionTokenError, type Role, type SessionClaims } from './session-token';
import { verifiedTokensFor } from './verified-tokens';
import { readCaller } from './caller-repository';
import { launchFactsOf } from './launch-facts';
import { roleWith } from './roles';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireSession`: the verified token, with `role` as of this request (see `caller`). */
    session?: SessionClaims;
    /** Set by `requireSession`: who is calling and the portal they call in, read once for the whole request. */
    caller?: Caller;
  }
}

/** The caller of an authenticated request, as the guard's one statement found them. */
export interface Caller {
  portalId: string;
  memberId: string;
  userId: number;
  /** The launch facts in the token, with the moderators list as it is now (roles.ts, roleWith). */
  role: Role;
  /** The mirrored display name; null until the people import has seen the user. */
  name: string | null;
  portal: { domain: string; memberId: string; state: PortalState };
}

export interface GuardDeps {
  db: Knex;
  sessionSecret: string;
}

/**
 * A hook (onRequest, so that a caller without the role learns nothing from validation errors)
 * that admits a request only with a valid `Authorization: Bearer` session token (purpose 'app'
 * unless told otherwise) whose role NOW is one of `roles` (any role when empty). One SQL statement
 * reads the portal's state, whether the caller is a named moderator now, and their name; routes
 * take all of it from `callerOf(request)` and never read the portal row again. So a role change
 * in Settings, an uninstall and a reinstall all count from the next request on.
 */
export function requireSession(deps: GuardDeps, roles: readonly Role[] = [], purpose: SessionClaims['purpose'] = 'app'): preHandlerHookHandler {
  const tokens = verifiedTokensFor(deps.sessionSecret);
  return async function sessionGuard(request: FastifyRequest, _reply: FastifyReply) {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'SESSION_REQUIRED', 'Open the app from Bitrix24: this request has no session token.');
    let claims: Readonly<SessionClaims>;
    try {
      claims = tokens.verify(match[1] as string);
    } catch (error) {
      if (error instanceof SessionTokenError && error.problem === 'expired') {
        throw new HttpError(401, 'SESSION_EXPIRED', 'Your session has expired; it is renewed automatically, try again.');
      }
      throw new HttpError(401, 'SESSION_INVALID', 'The session token is not valid.');
    }
    if (claims.purpose !== purpose) throw new HttpError(403, 'WRONG_SESSION', 'This session cannot be used here.');
    const facts = launchFactsOf(claims);
    if (!facts) throw new HttpError(401, 'SESSION_INVALID', 'The session token is not valid.');

    const row = await readCaller(deps.db, {
      portalId: claims.portalId,
      userId: claims.userId,
      departmentIds: facts.departmentIds,
      moderatorsMatter: facts.baseRole !== 'admin',
    });
    // A session outlives nothing: once its portal is uninstalled (or deleted with "clean"), its
    // still-unexpired tokens are refused. The install wizard's own token works while it installs.
    const admitted = row !== null && row.memberId === claims.memberId && (purpose === 'install' ? row.state !== 'uninstalled' : row.serving);
    if (!admitted) {
      throw new HttpError(401, 'PORTAL_UNINSTALLED', 'The app is no longer installed on this Bitrix24; ask an administrator to install it again.');
    }
    const role = roleWith(facts.baseRole, row.namedModerator);
    if (roles.length > 0 && !roles.includes(role)) {
      throw new HttpError(403, 'FORBIDDEN', `This action needs one of these roles: ${roles.join(', ')}.`);
    }
    request.session = { ...claims, role };
    request.caller = {
      portalId: claims.portalId,
      memberId: claims.memberId,
      userId: claims.userId,
      role,
      name: row.name,
      portal: { domain: row.domain, memberId: row.memberId, state: row.state },
    };
  };
}

/** The session of a request that passed `requireSession` (throws if a route forgot the guard). */
export function sessionOf(request: FastifyRequest): SessionClaims {
  if (!request.session) throw new HttpError(401, 'SESSION_REQUIRED', 'This request has no session.');
  return request.session;
}

/** The caller of a request that passed `requireSession` (throws if a route forgot the guard). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new HttpError(401, 'SESSION_REQUIRED', 'This request has no session.');
  return request.caller;
}

/** The session guard as one value, for the routes of rooms below auth/ (jobs/), which may not import it. */
export function sessionCheck(deps: GuardDeps) {
  return {
    require: (roles: readonly Role[] = []) => requireSession(deps, roles),
    portalOf: (request: FastifyRequest) => callerOf(request).portalId,
  };
}
