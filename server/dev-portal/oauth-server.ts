import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PortalState } from './state';
import type { TokenPair } from './token-store';

/**
 * The OAuth server (oauth.bitrix.info's role) and the portal's authorize page (BITRIX24.md §2).
 * Here both live on the portal's own origin, so `server_endpoint` and `client_endpoint` are the same.
 */

type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant';

function oauthError(reply: FastifyReply, code: OAuthErrorCode, description: string): FastifyReply {
  // The docs give codes, not statuses; RFC 6749 §5.2 says 400 for all three, and so do we [inferred].
  return reply.code(400).header('cache-control', 'no-store').send({ error: code, error_description: description });
}

/** Constant-time comparison, so the emulator does not teach a timing leak by example. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The token answer, field for field as the auth server sends it (docs + issue b24-rest-docs#285). */
export function tokenResponse(state: PortalState, pair: TokenPair): Record<string, unknown> {
  return {
    access_token: pair.access_token,
    expires: pair.expires,
    expires_in: pair.expires_in,
    scope: state.scopeString,
    // On the real auth server this is its own host (oauth.bitrix.info); ours is the portal host.
    domain: state.identity.domain,
    server_endpoint: state.restEndpoint(),
    status: state.app.status,
    client_endpoint: state.restEndpoint(),
    member_id: state.identity.memberId,
    user_id: pair.user_id,
    refresh_token: pair.refresh_token,
  };
}

/** Parameters from the query string and the body (form or JSON): the SDK posts a form, the docs show GET. */
function oauthParams(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of [request.query, request.body]) {
    if (source && typeof source === 'object') {
      for (const [k, v] of Object.entries(source as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
    }
  }
  return out;
}

export function registerOAuth(app: FastifyInstance, state: PortalState): void {
  const token = async (request: FastifyRequest, reply: FastifyReply) => {
    const p = oauthParams(request);
    if (!p.client_id || !p.client_secret) return oauthError(reply, 'invalid_request', 'client_id and client_secret are required');
    if (p.client_id !== state.app.clientId || !sameSecret(p.client_secret, state.app.clientSecret)) {
      return oauthError(reply, 'invalid_client', 'Invalid client');
    }
    if (state.uninstalled) return oauthError(reply, 'invalid_client', 'Application not installed');
    let pair: TokenPair | null;
    if (p.grant_type === 'authorization_code') {
      if (!p.code) return oauthError(reply, 'invalid_request', 'code is required');
      pair = state.tokens.useCode(p.code);
      if (!pair) return oauthError(reply, 'invalid_grant', 'Invalid authorization code');
    } else if (p.grant_type === 'refresh_token') {
      if (!p.refresh_token) return oauthError(reply, 'invalid_request', 'refresh_token is required');
      pair = state.tokens.useRefresh(p.refresh_token);
      if (!pair) return oauthError(reply, 'invalid_grant', 'Invalid refresh token');
      state.stats.tokenRefreshes++;
    } else {
      return oauthError(reply, 'invalid_request', 'Unsupported grant_type');
    }
    return reply.header('cache-control', 'no-store').send(tokenResponse(state, pair));
  };
  app.get('/oauth/token/', token);
  app.post('/oauth/token/', token);

  // The user-facing step: "logged in" as the admin unless ?as=<userId> picks someone else.
  app.get('/oauth/authorize/', async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    if (q.client_id !== state.app.clientId) return errorPage(reply, 'The application was not found.');
    if (state.uninstalled) return errorPage(reply, 'The application is not installed on this Bitrix24.');
    const userId = Number(q.as ?? 1);
    const user = state.user(userId);
    if (!user || !user.active) return errorPage(reply, 'Unknown or inactive user.');
    const target = new URL(`${state.app.appBaseUrl}${state.app.oauthRedirectPath}`);
    target.search = new URLSearchParams({
      code: state.tokens.issueCode(userId),
      state: q.state ?? '',
      domain: state.identity.domain,
      member_id: state.identity.memberId,
      scope: state.scopeString,
      server_domain: state.identity.domain,
    }).toString();
    return reply.redirect(target.toString(), 302);
  });
}

/** On failure Bitrix24 shows its own page and never calls the app's redirect URI (§2.1). */
function errorPage(reply: FastifyReply, message: string): FastifyReply {
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><meta charset="utf-8"><title>Authorization error</title><h1>Authorization error</h1><p data-testid="oauth-error">${message}</p>`);
}
