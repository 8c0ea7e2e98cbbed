import type { FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { callerOf } from '../auth/guard';
import type { SessionClaims } from '../auth/session-token';
import type { GroupsCaller } from './group-access';
import type { ReplyCache } from '../http/reply-cache';
import { TOKEN_HEADER, type GroupsBitrix } from './workgroup-bitrix';

export interface GroupsRouteDeps {
  db: Knex;
  sessionSecret: string;
  /** The routes' REST client (BitrixClient.interactive(): people are waiting). */
  bitrix: GroupsBitrix;
  now?: () => Date;
  /** The process's kept replies of hot reads (http/reply-cache.ts). */
  replies?: ReplyCache;
}

/** Who calls, from the session guard, plus the frame's Bitrix24 token when the request carries one (never stored). */
export function groupsCaller(request: FastifyRequest): GroupsCaller {
  return groupsCallerOf(request, callerOf(request));
}

/** `groupsCaller` for a route run by `asCaller` (auth/guard.ts), from the session it hands over. */
export function groupsCallerOf(request: FastifyRequest, caller: Pick<SessionClaims, 'portalId' | 'userId' | 'role'>): GroupsCaller {
  const header = request.headers[TOKEN_HEADER];
  const token = typeof header === 'string' && header.trim() && header.length <= 512 ? header.trim() : null;
  return { portalId: caller.portalId, userId: caller.userId, role: caller.role, token };
}
