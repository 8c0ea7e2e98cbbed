import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyOauth2, { type OAuth2Namespace } from '@fastify/oauth2';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { HttpError, pageError } from '../http/errors';
import { renderPage, sendHtml } from '../http/pages';
import { originOf } from '../auth/frame-fields';
import { chooseOAuthServer, type OAuthTokenResponse } from '../bitrix/oauth-server';
import { signOAuthState, verifyOAuthState } from './oauth-state';
import { findPortalByMemberId, savePortalGrant, type Portal } from '../tenants/portal-repository';
import type { BitrixClient } from '../bitrix/rest-client';
import { portalAddressOf, requireAdminToken, tokensOf } from './install';

export interface OAuthFlowDeps {
  db: Knex;
  bitrix: BitrixClient;
  config: Config;
}

/**
 * The OAuth authorization-code flow, by which an admin (re)connects a portal whose stored grant
 * died (state needs_reinstall). Built on @fastify/oauth2 for the state hooks and the code
 * exchange, with three departures the platform forces (STACK-NOTES 10, 11):
 * - each portal authorizes on its own host, so there is no startRedirectPath: /oauth/start builds
 *   the URI with generateAuthorizationUri and moves it onto the portal's stored origin;
 * - the token endpoint is the portal's OAuth server, one plugin instance per allow-listed server,
 *   credentials in the POST body;
 * - the state is signed and stateless (member_id + expiry, HMAC with the session secret). The
 *   plugin's state and verifier cookies would be third-party inside the portal and are not used:
 *   this encapsulated context gives it no-op cookie decorators instead of @fastify/cookie (which
 *   would also need --experimental-vm-modules under Jest for its dynamic import).
 * The checks after the exchange (member_id of the answer, admin) and the storage are ours.
 */
export async function oauthFlowPlugin(app: FastifyInstance, deps: OAuthFlowDeps): Promise<void> {
  const secret = deps.config.sessionSecret;
  const noCookie = function noCookie(this: FastifyReply) {
    return this;
  };
  for (const name of ['cookie', 'setCookie', 'clearCookie'] as const) if (!app.hasReplyDecorator(name)) app.decorateReply(name, noCookie);

  const namespaces = new Map<string, string>();
  for (const [index, origin] of deps.config.b24OAuthServers.entries()) {
    const name = `oauth2Bitrix24Server${index}`;
    namespaces.set(origin, name);
    await app.register(fastifyOauth2, {
      name,
      credentials: {
        client: { id: deps.config.b24ClientId, secret: deps.config.b24ClientSecret },
        auth: { tokenHost: origin, tokenPath: '/oauth/token/', authorizeHost: origin, authorizePath: '/oauth/authorize/' },
        options: { authorizationMethod: 'body', bodyFormat: 'form' },
        http: { timeout: 30_000 },
      },
      // Bitrix24 takes the redirect URI from the app's registration; this one is informational.
      callbackUri: `${deps.config.appBaseUrl}/oauth/callback`,
      generateStateFunction: (request: FastifyRequest) => signOAuthState(secret, String((request.query as { member_id?: string }).member_id ?? '')),
      checkStateFunction: (request: FastifyRequest) => verifyOAuthState(secret, (request.query as { state?: string }).state) !== null,
    });
  }
  const oauthFor = (portal: Portal): OAuth2Namespace => {
    const name = namespaces.get(chooseOAuthServer(deps.config, portal.serverEndpoint));
    const namespace = name ? (app as unknown as Record<string, OAuth2Namespace | undefined>)[name] : undefined;
    if (!namespace) throw new HttpError(500, 'OAUTH_NOT_CONFIGURED', 'No OAuth server is configured for this Bitrix24.');
    return namespace;
  };

  const errorPage = (reply: FastifyReply, error: HttpError, frameOrigin: string | null) =>
    sendHtml(reply.status(error.statusCode), renderPage('client/index.html', { view: 'error', lang: 'en', error: { code: error.code, message: error.message } }), frameOrigin);

  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/oauth/start',
    { schema: { tags: ['oauth'], summary: "Send an admin to the portal's authorization page", querystring: Type.Object({ member_id: Type.String({ minLength: 1, maxLength: 64 }) }) } },
    async (request, reply) => {
      const portal = await findPortalByMemberId(deps.db, request.query.member_id);
      const portalOrigin = portal && portal.state !== 'uninstalled' ? originOf(portal.clientEndpoint) : null;
      if (!portal || !portalOrigin) {
        return errorPage(reply, new HttpError(404, 'NOT_INSTALLED', 'Training Groups is not installed on this Bitrix24. Install it from the Bitrix24 Market first.'), null);
      }
      const generated = new URL(await oauthFor(portal).generateAuthorizationUri(request, reply));
      // Same path and query (client_id, state, ...), on the portal's own host.
      const target = new URL(`${generated.pathname}${generated.search}`, portalOrigin);
      return reply.redirect(target.toString(), 302);
    },
  );

  api.get(
    '/oauth/callback',
    {
      schema: {
        tags: ['oauth'],
        summary: 'Where Bitrix24 sends the admin back with an authorization code',
        querystring: Type.Object({
          code: Type.String({ minLength: 1, maxLength: 512 }),
          state: Type.String({ minLength: 1, maxLength: 1024 }),
          domain: Type.Optional(Type.String()),
          member_id: Type.Optional(Type.String()),
          server_domain: Type.Optional(Type.String()),
          scope: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => {
      const state = verifyOAuthState(secret, request.query.state);
      if (!state || (request.query.member_id && request.query.member_id !== state.memberId)) {
        return errorPage(reply, new HttpError(400, 'OAUTH_STATE_INVALID', 'This sign-in link is not valid or has expired. Start again from the app.'), null);
      }
      const portal = await findPortalByMemberId(deps.db, state.memberId);
      if (!portal || portal.state === 'uninstalled') {
        return errorPage(reply, new HttpError(404, 'NOT_INSTALLED', 'Training Groups is not installed on this Bitrix24.'), null);
      }
      const frameOrigin = originOf(portal.clientEndpoint);
      const oauthOrigin = chooseOAuthServer(deps.config, portal.serverEndpoint);
      try {
        let answer: OAuthTokenResponse;
        try {
          answer = (await oauthFor(portal).getAccessTokenFromAuthorizationCodeFlow(request)).token as unknown as OAuthTokenResponse;
        } catch {
          throw new HttpError(403, 'OAUTH_CODE_REFUSED', 'Bitrix24 did not accept this sign-in (the code may have expired). Start again from the app.');
        }
        // The token answer, not the query, says which portal this grant is for.
        if (String(answer.member_id ?? '') !== state.memberId) {
          throw new HttpError(403, 'PORTAL_MISMATCH', 'This sign-in belongs to a different Bitrix24 than the one it was started for.');
        }
        const address = portalAddressOf(deps.config, answer, oauthOrigin);
        const adminId = await requireAdminToken(deps.bitrix, { ...address, id: portal.id }, answer.access_token);
        const revived = portal.state === 'needs_reinstall' || portal.state === 'payment_required';
        await savePortalGrant(deps.db, portal.id, {
          ...address,
          scope: String(answer.scope ?? portal.scope),
          status: String(answer.status ?? portal.status),
          tokens: tokensOf({ ...answer, expires_in: Number(answer.expires_in), expires: answer.expires ? Number(answer.expires) : undefined }, adminId),
          state: revived ? 'active' : portal.state,
        });
        deps.bitrix.forgetToken(portal.id);
        request.log.info({ portalId: portal.id }, 'portal re-authorised through OAuth');
        const boot = { view: 'reauthorized', lang: 'en', portal: { domain: address.domain, memberId: portal.memberId } };
        return sendHtml(reply, renderPage('client/index.html', boot), originOf(address.clientEndpoint));
      } catch (caught) {
        const error = pageError(caught, request);
        request.log.warn({ code: error.code }, 'OAuth callback refused');
        return errorPage(reply, error, frameOrigin);
      }
    },
  );
}
