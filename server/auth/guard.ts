import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import type { PortalState } from '../tenants/portal-repository';
import { SessionTokenError, type Role, type SessionClaims } from './session-token';
import { verifiedTokensFor } from './verified-tokens';
import { readCaller, readCallerWith, type CallerRow } from './caller-repository';
import { queryRows, runnerOf, type RunStatement } from '../db/driver-query';
import { launchFactsOf } from './launch-facts';
import { roleWith } from './roles';
import type { ReplyCache } from '../http/reply-cache';

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
  /** The process's kept replies of hot reads (`asCachedCaller`); none: every read is built afresh. */
  replies?: ReplyCache;
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
    const { claims, facts } = verifiedSession(tokens, request, purpose);
    const row = await readCaller(deps.db, callerQueryOf(claims, facts));
    const admitted = admit(claims, facts.baseRole, row, roles, purpose);
    request.session = admitted.session;
    request.caller = admitted.caller;
  };
}

type Facts = NonNullable<ReturnType<typeof launchFactsOf>>;

const callerQueryOf = (claims: SessionClaims, facts: Facts) => ({
  portalId: claims.portalId,
  userId: claims.userId,
  departmentIds: facts.departmentIds,
  moderatorsMatter: facts.baseRole !== 'admin',
});

/** A verified token and its caller row as the guard's statement read them: admitted (the session and caller as of now), or the refusal thrown. */
function admit(claims: Readonly<SessionClaims>, baseRole: Facts['baseRole'], row: CallerRow | null, roles: readonly Role[], purpose: SessionClaims['purpose']): { session: SessionClaims; caller: Caller } {
  // A session outlives nothing: once its portal is uninstalled (or deleted with "clean"), its
  // still-unexpired tokens are refused. The install wizard's own token works while it installs.
  const admitted = row !== null && row.memberId === claims.memberId && (purpose === 'install' ? row.state !== 'uninstalled' : row.serving);
  if (!admitted) {
    throw new HttpError(401, 'PORTAL_UNINSTALLED', 'The app is no longer installed on this Bitrix24; ask an administrator to install it again.');
  }
  const role = roleWith(baseRole, row.namedModerator);
  if (roles.length > 0 && !roles.includes(role)) {
    throw new HttpError(403, 'FORBIDDEN', `This action needs one of these roles: ${roles.join(', ')}.`);
  }
  return {
    session: { ...claims, role },
    caller: {
      portalId: claims.portalId,
      memberId: claims.memberId,
      userId: claims.userId,
      role,
      name: row.name,
      portal: { domain: row.domain, memberId: row.memberId, state: row.state },
    },
  };
}

/** The request's session token, verified (signature, expiry, purpose, launch facts), or the 401/403 thrown. */
function verifiedSession(tokens: ReturnType<typeof verifiedTokensFor>, request: FastifyRequest, purpose: SessionClaims['purpose']): { claims: Readonly<SessionClaims>; facts: Facts } {
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
  return { claims, facts };
}

/** What `requireSharedSession` leaves for `asCaller`: the verified token, not yet checked against the database. */
interface PendingSession {
  claims: Readonly<SessionClaims>;
  facts: Facts;
  roles: readonly Role[];
  db: Knex;
  replies?: ReplyCache;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireSharedSession`; `asCaller` checks it against the database with the route's first statement. */
    pendingSession?: PendingSession;
  }
}

/**
 * `requireSession` for the hot read routes, whose caller check rides on the route's own first
 * statement (`asCaller`): one round trip per request instead of two. The hook checks the token
 * (signature, expiry, purpose); the portal's state, the role now and the role check come with the
 * route's statement, before anything of the reply is sent. Only for reads: the route's statement
 * runs before the refusal is known, and its rows are then dropped. So a caller without the role
 * may meet the route's input errors (400) before their 403; those say only what the OpenAPI says.
 */
export function requireSharedSession(deps: GuardDeps, roles: readonly Role[] = []): preHandlerHookHandler {
  const tokens = verifiedTokensFor(deps.sessionSecret);
  return async function sharedSessionGuard(request: FastifyRequest, _reply: FastifyReply) {
    const { claims, facts } = verifiedSession(tokens, request, 'app');
    request.pendingSession = { claims, facts, roles, db: deps.db, replies: deps.replies };
  };
}

/** Thrown inside `work` when the caller's role now is not the one the token claimed: `work` runs again with the role now. */
const ROLE_CHANGED = new Error('the role changed since the session was issued');

/**
 * Runs a read route's `work` for a request admitted by `requireSharedSession`. `work` gets the
 * session with the role its token claims (what it is, unless Settings changed it since) and `run`,
 * which sends `work`'s first statement together with the caller check (caller-repository.ts
 * readCallerWith) and the rest as they are. After that statement the caller is admitted or
 * refused exactly as `requireSession` would (401 uninstalled portal, 403 role), and
 * `callerOf(request)` works. Should the role now differ from the token's, `work` runs again with the
 * role now (the scope of a read may depend on it). `work` that sent no statement, or failed before
 * one, gets the caller checked by a statement of its own, so a refused caller learns only the refusal.
 */
export async function asCaller<T>(request: FastifyRequest, work: (session: SessionClaims, run: RunStatement) => Promise<T>): Promise<T> {
  return (await checkedWork(request, work)).result;
}

/** How a route's reply is kept: its key (after the portal, all it depends on besides the data) and, optionally, which replies may be. */
export interface KeptReply<T> {
  key: (session: SessionClaims) => string;
  keep?: (result: T) => boolean;
}

/**
 * `asCaller` for a read whose reply may be kept (http/reply-cache.ts) under `kept.key(session)`: a
 * key that names, after the portal, everything the reply depends on besides the portal's data (the
 * route, its parameters, the caller's role and id where the reply depends on them, the quarter-hour
 * where it depends on the day: computed before `work` runs). A reply `kept.keep` turns down (one that
 * depends on more, such as Bitrix24 or the minute) is sent but not kept. Sends the reply's JSON text.
 *
 * When a reply is kept under the key, the caller check goes first and alone: if the portal's read
 * version is still the one the reply was built under, that reply is the answer and `work` does not
 * run. Otherwise `work` runs as in `asCaller`, and its reply is kept under the version read with the
 * caller. `work` must read through `run` first: the version is then read no later than the data, so
 * a reply is never kept under a version newer than what it shows (a write in between only costs the
 * next read a rebuild).
 */
export async function asCachedCaller<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  kept: KeptReply<T>,
  work: (session: SessionClaims, run: RunStatement) => Promise<T>,
): Promise<FastifyReply> {
  return reply.type('application/json; charset=utf-8').send(await cachedBody(request, reply, kept, work));
}

async function cachedBody<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  kept: KeptReply<T>,
  work: (session: SessionClaims, run: RunStatement) => Promise<T>,
): Promise<string> {
  const pending = pendingOf(request);
  const { replies } = pending;
  if (replies === undefined) return reply.serialize(await asCaller(request, work)) as string;
  const keepAs = (key: string, version: string, result: T): string => {
    const body = reply.serialize(result) as string;
    if (kept.keep === undefined || kept.keep(result)) replies.set(key, version, body);
    else replies.delete(key);
    return body;
  };
  const claimedKey = kept.key(pending.claims);
  if (replies.has(claimedKey)) {
    const row = await readCaller(pending.db, callerQueryOf(pending.claims, pending.facts));
    const session = admitPending(request, pending, row);
    const key = session.role === pending.claims.role ? claimedKey : kept.key(session);
    const body = replies.get(key, row!.readVersion);
    if (body !== undefined) return body;
    return keepAs(key, row!.readVersion, await work(session, runnerOf(pending.db)));
  }
  const { result, session, readVersion } = await checkedWork(request, work);
  if (readVersion === null) return reply.serialize(result) as string;
  return keepAs(session.role === pending.claims.role ? claimedKey : kept.key(session), readVersion, result);
}

function pendingOf(request: FastifyRequest): PendingSession {
  const pending = request.pendingSession;
  if (!pending) throw new HttpError(401, 'SESSION_REQUIRED', 'This request has no session.');
  return pending;
}

/** The caller row of a pending session, admitted (the request's session and caller set) or the refusal thrown. */
function admitPending(request: FastifyRequest, pending: PendingSession, row: CallerRow | null): SessionClaims {
  const admitted = admit(pending.claims, pending.facts.baseRole, row, pending.roles, 'app');
  request.session = admitted.session;
  request.caller = admitted.caller;
  return admitted.session;
}

/**
 * `asCaller`'s work: the result, the session it was built for, and the read version read with the
 * caller, at or before `work`'s first statement through `run` (null when it sent none through `run`).
 */
async function checkedWork<T>(request: FastifyRequest, work: (session: SessionClaims, run: RunStatement) => Promise<T>): Promise<{ result: T; session: SessionClaims; readVersion: string | null }> {
  const pending = pendingOf(request);
  const { claims, facts, db } = pending;
  const query = callerQueryOf(claims, facts);
  const claimed: SessionClaims = { ...claims };
  // Checked: the caller row was read (admitted or refused); confirmed: admitted, with the role now.
  let checked = false;
  let confirmed: SessionClaims | null = null;
  let readVersion = '';
  const confirm = (row: CallerRow | null): SessionClaims => {
    checked = true;
    confirmed = admitPending(request, pending, row);
    readVersion = row!.readVersion;
    return confirmed;
  };
  const run: RunStatement = async <Row>(text: string, values: unknown[], name?: string): Promise<Row[]> => {
    if (confirmed) return queryRows<Row>(db, text, values, name);
    const shared = await readCallerWith<Row>(db, query, text, values, name);
    if (confirm(shared.caller).role !== claimed.role) throw ROLE_CHANGED;
    return shared.rows;
  };
  let result: T;
  try {
    result = await work(claimed, run);
  } catch (error) {
    if (error === ROLE_CHANGED && confirmed) return { result: await work(confirmed, runnerOf(db)), session: confirmed, readVersion };
    if (!checked) confirm(await readCaller(db, query));
    throw error;
  }
  if (!checked) {
    // Read after whatever `work` did: no version to keep its reply under.
    const now = confirm(await readCaller(db, query));
    if (now.role !== claimed.role) return { result: await work(now, runnerOf(db)), session: now, readVersion };
    return { result, session: now, readVersion: null };
  }
  return { result, session: confirmed ?? claimed, readVersion };
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
