import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Manifest } from '../manifest';
import type { BitrixClient } from '../bitrix/rest-client';
import { findPortalByMemberId, type Portal } from '../tenants/portal-repository';
import { portalServes } from '../tenants/portal-serving';
import { HttpError, pageError } from '../http/errors';
import { renderPage, sendHtml } from '../http/pages';
import { applicationTokenMatches, claimedOrigin, field, frameLang, originOf, placementOptions, type FrameFields } from './frame-fields';
import { identifyUser, type LaunchedUser } from './identify-user';
import { launchFactsClaims } from './launch-facts';
import { issueSessionToken } from './session-token';

export interface LaunchDeps {
  db: Knex;
  bitrix: BitrixClient;
  config: Pick<Config, 'sessionSecret'>;
  manifest: Pick<Manifest, 'defaults'>;
  /** In local-portal mode, where the portal is: a page opened outside it links there. */
  localPortalUrl?: string | null;
}

/** A portal the app may be opened in: the one definition of "installed" (tenants/portal-serving.ts). */
export function isOpenable(portal: Portal | null): portal is Portal {
  return portal !== null && portalServes(portal);
}

export function notInstalled(): HttpError {
  return new HttpError(404, 'NOT_INSTALLED', 'Training Groups is not installed on this Bitrix24 (or its installation was not finished). An administrator can install it from the Market.');
}

/** A session for the app's API: signed, short-lived, carrying the role the server resolved. */
export function mintSession(deps: Pick<LaunchDeps, 'config' | 'manifest'>, portal: Portal, user: LaunchedUser) {
  const { token, claims } = issueSessionToken(
    deps.config.sessionSecret,
    { portalId: portal.id, memberId: portal.memberId, userId: user.id, role: user.role, purpose: 'app', ...launchFactsClaims(user.facts) },
    deps.manifest.defaults.sessionTtlSeconds,
  );
  return { token, expiresAt: new Date(claims.expiresAt * 1000).toISOString() };
}

/**
 * Checks a frame's credentials against the stored portal: the APPLICATION_TOKEN if the portal
 * posted one (older portals do not), then the user's AUTH_ID at the stored endpoint.
 */
export async function verifyFrame(deps: LaunchDeps, memberId: string | undefined, accessToken: string | undefined, applicationToken?: string) {
  if (!memberId) throw new HttpError(400, 'OPEN_FROM_BITRIX24', 'Open Training Groups from your Bitrix24: this page was opened without the data Bitrix24 sends.');
  const portal = await findPortalByMemberId(deps.db, memberId);
  if (!isOpenable(portal)) throw notInstalled();
  if (applicationToken !== undefined && !applicationTokenMatches(portal.applicationToken, applicationToken)) {
    throw new HttpError(403, 'APP_TOKEN_MISMATCH', 'This request did not come from the Bitrix24 the app is installed on.');
  }
  if (!accessToken) throw new HttpError(401, 'AUTH_MISSING', 'Open the app from Bitrix24: the page was opened without Bitrix24 sign-in data.');
  const user = await identifyUser(deps, portal, accessToken);
  return { portal, user };
}

const FrameQuery = Type.Object({
  DOMAIN: Type.Optional(Type.String()),
  PROTOCOL: Type.Optional(Type.String()),
  LANG: Type.Optional(Type.String()),
  APP_SID: Type.Optional(Type.String()),
});
// Everything Bitrix24 posts is optional here and checked in the handler: a missing field must
// become a readable page, not a JSON 400 inside the portal's frame.
const FrameBody = Type.Object({
  AUTH_ID: Type.Optional(Type.String()),
  AUTH_EXPIRES: Type.Optional(Type.String()),
  REFRESH_ID: Type.Optional(Type.String()),
  SERVER_ENDPOINT: Type.Optional(Type.String()),
  APPLICATION_TOKEN: Type.Optional(Type.String()),
  member_id: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  PLACEMENT: Type.Optional(Type.String()),
  // A JSON string from Bitrix24; parsed leniently (placementOptions) whatever arrives.
  PLACEMENT_OPTIONS: Type.Optional(Type.Unknown()),
});

/** The app page and the group-tab placement: verify, resolve the role, hand the frame a session. */
export function launchRoutes(app: FastifyInstance, deps: LaunchDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  const launch = (defaultPlacement: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const query = (request.query ?? {}) as FrameFields;
    const body = (request.body ?? {}) as FrameFields;
    const lang = frameLang(query, body);
    try {
      const { portal, user } = await verifyFrame(deps, field(body, 'member_id'), field(body, 'AUTH_ID'), field(body, 'APPLICATION_TOKEN'));
      const boot = {
        view: 'app',
        lang,
        session: mintSession(deps, portal, user),
        user: { id: user.id, name: user.name, role: user.role },
        portal: { domain: portal.domain, memberId: portal.memberId, state: portal.state },
        placement: field(body, 'PLACEMENT') ?? defaultPlacement,
        placementOptions: placementOptions(body.PLACEMENT_OPTIONS),
      };
      return sendHtml(reply, renderPage('client/index.html', boot), originOf(portal.clientEndpoint));
    } catch (caught) {
      const error = pageError(caught, request);
      request.log.info({ code: error.code }, 'app launch refused');
      // The page still renders (inside the portal's frame) and says what is wrong in plain words.
      // Nothing secret is on it, so the claimed portal may frame it.
      const status = error.code === 'NOT_INSTALLED' || error.code === 'OPEN_FROM_BITRIX24' ? 200 : error.statusCode;
      // Bitrix24 busy: the page says when to come back (in the frame's language), as Retry-After does.
      const retry = error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {};
      if (retry.retryAfterSeconds !== undefined) reply.header('retry-after', String(retry.retryAfterSeconds));
      const boot = { view: 'error', lang, error: { code: error.code, message: error.message, ...retry }, ...(deps.localPortalUrl ? { localPortalUrl: deps.localPortalUrl } : {}) };
      return sendHtml(reply.status(status), renderPage('client/index.html', boot), claimedOrigin(query));
    }
  };

  // In the API description (tag "frame"), so that they are documented and fuzzed like the API.
  const frame = { tags: ['frame'], consumes: ['application/x-www-form-urlencoded'], querystring: FrameQuery };
  api.post('/', { schema: { ...frame, summary: 'Application URL: Bitrix24 opens the app in its frame (HTML page)', body: FrameBody } }, launch('DEFAULT'));
  api.get('/', { schema: { ...frame, summary: 'The app page opened without Bitrix24 (says where to open it)' } }, launch('DEFAULT'));
  api.post('/placement', { schema: { ...frame, summary: 'The workgroup tab placement (HTML page)', body: FrameBody } }, launch('SONET_GROUP_DETAIL_TAB'));
}
