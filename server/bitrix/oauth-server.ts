import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Config } from '../config';

/**
 * Talks to Bitrix24's OAuth server (oauth.bitrix.info, oauth.bitrix24.tech, or the local portal).
 * client_secret is sent only to origins on the configured allow-list, and only in POST bodies.
 */
export interface OAuthTokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  expires?: number;
  member_id: string;
  client_endpoint: string;
  server_endpoint: string;
  domain: string;
  scope: string;
  status: string;
  user_id?: number;
}

export class OAuthError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly status: number,
  ) {
    super(`OAuth ${code}: ${description}`);
    this.name = 'OAuthError';
  }
}

/**
 * The OAuth server gave no answer (network, timeout). Carries only the origin and the network
 * code: the HTTP client's own error holds the request body, client_secret included.
 */
export class OAuthUnreachableError extends Error {
  constructor(
    readonly origin: string,
    readonly networkCode: string,
  ) {
    super(`OAuth server ${origin} did not answer (${networkCode})`);
    this.name = 'OAuthUnreachableError';
  }
}

/** The origin of a server_endpoint such as https://oauth.bitrix.info/rest/. */
export function oauthOriginOf(serverEndpoint: string): string | null {
  try {
    return new URL(serverEndpoint).origin;
  } catch {
    return null;
  }
}

/**
 * Picks the OAuth server for a portal: the one it named, if allowed; else the first allowed one.
 * Never returns a host that is not on the allow-list.
 */
export function chooseOAuthServer(config: Pick<Config, 'b24OAuthServers'>, serverEndpoint?: string | null): string {
  const named = serverEndpoint ? oauthOriginOf(serverEndpoint) : null;
  if (named && config.b24OAuthServers.includes(named)) return named;
  const fallback = config.b24OAuthServers[0];
  if (!fallback) throw new OAuthError('invalid_request', 'No OAuth server is allowed (B24_OAUTH_SERVERS)', 500);
  return fallback;
}

export function isAllowedOAuthServer(config: Pick<Config, 'b24OAuthServers'>, origin: string): boolean {
  return config.b24OAuthServers.includes(origin);
}

async function tokenRequest(
  config: Pick<Config, 'b24OAuthServers' | 'b24ClientId' | 'b24ClientSecret'>,
  origin: string,
  grant: Record<string, string>,
  http: AxiosInstance,
): Promise<OAuthTokenResponse> {
  if (!isAllowedOAuthServer(config, origin)) {
    throw new OAuthError('invalid_request', `OAuth server ${origin} is not on the allow-list`, 400);
  }
  const body = new URLSearchParams({ ...grant, client_id: config.b24ClientId, client_secret: config.b24ClientSecret });
  let res: AxiosResponse;
  try {
    res = await http.post(`${origin}/oauth/token/`, body.toString(), {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      timeout: 30_000,
      validateStatus: () => true,
      // A redirect would carry client_secret to wherever it points.
      maxRedirects: 0,
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new OAuthUnreachableError(origin, typeof code === 'string' ? code : 'ERR_NETWORK');
  }
  const data = res.data ?? {};
  if (res.status >= 400 || data.error || !data.access_token) {
    throw new OAuthError(String(data.error || 'invalid_response'), String(data.error_description || `HTTP ${res.status}`), res.status);
  }
  return { ...data, expires_in: Number(data.expires_in), expires: data.expires ? Number(data.expires) : undefined, user_id: data.user_id ? Number(data.user_id) : undefined };
}

export function refreshTokens(
  config: Pick<Config, 'b24OAuthServers' | 'b24ClientId' | 'b24ClientSecret'>,
  origin: string,
  refreshToken: string,
  http: AxiosInstance = axios,
): Promise<OAuthTokenResponse> {
  return tokenRequest(config, origin, { grant_type: 'refresh_token', refresh_token: refreshToken }, http);
}

export function exchangeAuthorizationCode(
  config: Pick<Config, 'b24OAuthServers' | 'b24ClientId' | 'b24ClientSecret'>,
  origin: string,
  code: string,
  http: AxiosInstance = axios,
): Promise<OAuthTokenResponse> {
  return tokenRequest(config, origin, { grant_type: 'authorization_code', code }, http);
}

/** When the token answer says the access token expires (absolute), with a small safety margin. */
export function expiresAtOf(response: Pick<OAuthTokenResponse, 'expires' | 'expires_in'>, now = Date.now()): Date {
  if (response.expires) return new Date(response.expires * 1000);
  return new Date(now + (response.expires_in || 3600) * 1000);
}
