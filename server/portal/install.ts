import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Manifest } from '../manifest';
import { HttpError, pageError } from '../http/errors';
import { renderPage, sendHtml } from '../http/pages';
import { callerOf, requireSession } from '../auth/guard';
import { issueSessionToken } from '../auth/session-token';
import { claimedOrigin, field, frameLang, isBitrixTokenShape, originOf, type FrameFields } from '../auth/frame-fields';
import { OAuthError, OAuthUnreachableError, chooseOAuthServer, expiresAtOf, isAllowedOAuthServer, oauthOriginOf, refreshTokens, type OAuthTokenResponse } from '../bitrix/oauth-server';
import { dropBarePortalRow, ensurePortalRow, upsertInstalledPortal, type PortalAddress, type PortalTokens } from '../tenants/portal-repository';
import type { BitrixClient } from '../bitrix/rest-client';
import type { PortalEndpoint } from '../bitrix/rest-types';
import { BitrixError } from '../bitrix/bitrix-errors';
import { runInstallSetup } from './install-setup';

export interface InstallDeps {
  db: Knex;
  bitrix: BitrixClient;
  config: Config;
  manifest: Manifest;
  /** See SetupDeps.createDefaultGroups. */
  createDefaultGroups?: (portalId: string, installerId: number) => Promise<unknown>;
}

const truthy = (value: unknown) => value === true || value === 'Y' || value === 'true' || value === 1 || value === '1';

/**
 * Is the holder of `accessToken` an administrator of the portal? Asked of the portal itself
 * (`profile` → ADMIN; `user.admin` when profile does not say). Returns the user's id.
 */
export async function requireAdminToken(bitrix: BitrixClient, portal: PortalEndpoint, accessToken: string): Promise<number> {
  const actor = { kind: 'user' as const, userId: 0, accessToken };
  let profile: { ID?: string | number; ADMIN?: unknown };
  try {
    profile = (await bitrix.call<{ ID?: string | number; ADMIN?: unknown }>(portal, actor, 'profile')).result ?? {};
  } catch (error) {
    if (error instanceof BitrixError) throw new HttpError(403, 'AUTH_INVALID', 'Bitrix24 did not confirm who is installing the app. Open the installer again from Bitrix24.');
    throw error;
  }
  const userId = Number(profile.ID);
  if (!Number.isInteger(userId) || userId <= 0) throw new HttpError(403, 'USER_INACTIVE', 'Bitrix24 says this user account is not active.');
  let admin = profile.ADMIN === undefined ? undefined : truthy(profile.ADMIN);
  if (admin === undefined) admin = truthy((await bitrix.call<unknown>(portal, { ...actor, userId }, 'user.admin')).result);
  if (!admin) throw new HttpError(403, 'NOT_ADMIN', 'Only a Bitrix24 administrator can install or connect Training Groups. Ask your administrator to do it.');
  return userId;
}

/** Where the OAuth server says the portal lives; the portal's domain is the host of its REST root. */
export function portalAddressOf(config: Pick<Config, 'b24OAuthServers'>, answer: OAuthTokenResponse, oauthOrigin: string): PortalAddress {
  const portalOrigin = originOf(String(answer.client_endpoint ?? ''));
  if (!portalOrigin || !answer.member_id) throw new HttpError(502, 'OAUTH_ANSWER_INVALID', 'The Bitrix24 authorization server gave an answer we cannot use. Try again.');
  const serverOrigin = oauthOriginOf(String(answer.server_endpoint ?? ''));
  return {
    memberId: String(answer.member_id),
    // The token answer's own `domain` names the OAuth server, not the portal (BITRIX24.md §2.2).
    domain: new URL(answer.client_endpoint).host,
    clientEndpoint: answer.client_endpoint,
    serverEndpoint: serverOrigin && isAllowedOAuthServer(config, serverOrigin) ? answer.server_endpoint : `${oauthOrigin}/rest/`,
  };
}

export function tokensOf(answer: OAuthTokenResponse, userId: number): PortalTokens {
  return { accessToken: answer.access_token, refreshToken: answer.refresh_token, expiresAt: expiresAtOf(answer), userId };
}

/**
 * Proves an install wizard POST and stores it. The posted REFRESH_ID is exchanged at an allowed
 * OAuth server: only a genuine grant for our client_id gets an answer, and that answer (not the
 * form) says which portal it is. The user must be an admin there. Portal, admin token pair and
 * application token are then stored in one transaction; a reinstall revives the same row.
 */
export async function proveInstall(deps: InstallDeps, body: FrameFields) {
  const memberId = field(body, 'member_id');
  const refreshId = field(body, 'REFRESH_ID');
  const applicationToken = field(body, 'APPLICATION_TOKEN');
  if (!memberId || !refreshId || !applicationToken) {
    throw new HttpError(400, 'INSTALL_DATA_MISSING', 'The installer was opened without the data Bitrix24 sends. Open it from the Bitrix24 Market or the application settings.');
  }
  // Junk never reaches the OAuth server: a refresh token is letters and digits (frame-fields.ts).
  if (!isBitrixTokenShape(refreshId)) {
    throw new HttpError(400, 'INSTALL_DATA_MISSING', 'The installer was opened without the data Bitrix24 sends. Open it from the Bitrix24 Market or the application settings.');
  }
  let answer: OAuthTokenResponse;
  let oauthOrigin: string;
  try {
    oauthOrigin = chooseOAuthServer(deps.config, field(body, 'SERVER_ENDPOINT'));
    answer = await refreshTokens(deps.config, oauthOrigin, refreshId);
  } catch (error) {
    if (error instanceof OAuthUnreachableError) {
      throw new HttpError(502, 'OAUTH_UNREACHABLE', "Bitrix24's authorization server did not answer. Close the installer and open it again in a minute.");
    }
    if (error instanceof OAuthError) {
      throw new HttpError(403, 'INSTALL_NOT_CONFIRMED', 'Bitrix24 did not confirm this installation. Close the installer and open it again from Bitrix24.');
    }
    throw error;
  }
  if (String(answer.member_id) !== memberId) {
    throw new HttpError(403, 'PORTAL_MISMATCH', 'The installation data does not belong to this Bitrix24. Open the installer again from Bitrix24.');
  }
  const address = portalAddressOf(deps.config, answer, oauthOrigin);
  const { portal: row, created } = await ensurePortalRow(deps.db, address);
  let adminId: number;
  try {
    adminId = await requireAdminToken(deps.bitrix, { ...address, id: row.id }, answer.access_token);
  } catch (error) {
    if (created) await dropBarePortalRow(deps.db, row.id);
    throw error;
  }
  const portal = await deps.db.transaction((trx) =>
    upsertInstalledPortal(trx, {
      ...address,
      applicationToken,
      scope: String(answer.scope ?? ''),
      status: String(answer.status ?? field(body, 'status') ?? ''),
      tokens: tokensOf(answer, adminId),
    }),
  );
  deps.bitrix.forgetToken(portal.id);
  const { token } = issueSessionToken(
    deps.config.sessionSecret,
    { portalId: portal.id, memberId: portal.memberId, userId: adminId, role: 'admin', purpose: 'install' },
    deps.manifest.defaults.sessionTtlSeconds,
  );
  return { portal, token };
}

const InstallQuery = Type.Object({ DOMAIN: Type.Optional(Type.String()), PROTOCOL: Type.Optional(Type.String()), LANG: Type.Optional(Type.String()), APP_SID: Type.Optional(Type.String()) });
const InstallBody = Type.Object({
  AUTH_ID: Type.Optional(Type.String()),
  REFRESH_ID: Type.Optional(Type.String()),
  SERVER_ENDPOINT: Type.Optional(Type.String()),
  APPLICATION_TOKEN: Type.Optional(Type.String()),
  member_id: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
});
const StepSchema = Type.Object({
  key: Type.Union([Type.Literal('portal'), Type.Literal('events'), Type.Literal('placements'), Type.Literal('groups'), Type.Literal('people')]),
  ok: Type.Boolean(),
  message: Type.Optional(Type.String()),
});
const ErrorReply = Type.Object({ error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) });

/** The install wizard page, and the setup call the page makes before installFinish(). */
export function installRoutes(app: FastifyInstance, deps: InstallDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = (request.query ?? {}) as FrameFields;
    const body = (request.body ?? {}) as FrameFields;
    const lang = frameLang(query, body);
    try {
      const { portal, token } = await proveInstall(deps, body);
      return sendHtml(reply, renderPage('install.html', { view: 'install', lang, install: { ok: true, token } }), originOf(portal.clientEndpoint));
    } catch (caught) {
      const error = pageError(caught, request);
      request.log.warn({ code: error.code }, 'install refused');
      // 200 so the portal's frame shows the message; it holds nothing secret.
      const boot = { view: 'install', lang, install: { ok: false, error: { code: error.code, message: error.message } } };
      return sendHtml(reply, renderPage('install.html', boot), claimedOrigin(query));
    }
  };
  // In the API description (tag "frame"), so that they are documented and fuzzed like the API.
  const frame = { tags: ['frame'], consumes: ['application/x-www-form-urlencoded'], querystring: InstallQuery };
  api.post('/install', { schema: { ...frame, summary: 'Installer URL: the install wizard page (HTML)', body: InstallBody } }, page);
  api.get('/install', { schema: { ...frame, summary: 'The install wizard opened without Bitrix24 (says where to open it)' } }, page);

  api.post(
    '/api/install/setup',
    {
      onRequest: requireSession({ db: deps.db, sessionSecret: deps.config.sessionSecret }, ['admin'], 'install'),
      schema: {
        tags: ['install'],
        summary: 'Bind events and placements, create the default training groups the portal never had, then mark the portal active (install wizard)',
        security: [{ session: [] }],
        response: { 200: Type.Object({ steps: Type.Array(StepSchema) }), 401: ErrorReply, 403: ErrorReply, 409: ErrorReply },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return { steps: await runInstallSetup(deps, caller.portalId, request.log, caller.userId) };
    },
  );
}
