import type { AxiosInstance } from 'axios';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { OAuthError, chooseOAuthServer, expiresAtOf, refreshTokens } from './oauth-server';
import type { TokenStore } from './token-store';
import { BitrixError, PAYMENT_OAUTH_CODE, PortalAuthError, REINSTALL_OAUTH_CODES } from './bitrix-errors';
import type { PortalEndpoint, RestLogger } from './rest-types';

type OAuthConfig = Pick<Config, 'b24OAuthServers' | 'b24ClientId' | 'b24ClientSecret'>;

/** What one refresh attempt ended with; decided inside the transaction, thrown after it commits. */
type RefreshOutcome = { token: string } | { error: BitrixError };

/**
 * Keeps the app actor's access token per portal and refreshes it when Bitrix24 says it expired.
 *
 * Refresh tokens rotate (§2.3): two parallel refreshes with the same one lose the grant. So:
 * - within the process, one refresh per portal at a time (callers share the in-flight promise);
 * - across processes, the portal row is locked (SELECT ... FOR UPDATE) for the whole refresh;
 *   whoever gets the lock second sees a stored token different from the one that failed and
 *   takes it instead of refreshing again;
 * - the rotated pair is saved in that transaction before anyone uses the new access token.
 */
export class TokenRefresher {
  private readonly cached = new Map<string, string>();
  private readonly loading = new Map<string, Promise<string>>();
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(
    private readonly db: Knex,
    private readonly tokens: TokenStore,
    private readonly config: OAuthConfig,
    private readonly http: AxiosInstance,
    private readonly log: RestLogger,
  ) {}

  /** The access token to try first: the cached one, else the stored one. */
  async current(portal: PortalEndpoint, method: string): Promise<string> {
    const cached = this.cached.get(portal.id);
    if (cached) return cached;
    let load = this.loading.get(portal.id);
    if (!load) {
      load = this.load(portal, method).finally(() => this.loading.delete(portal.id));
      this.loading.set(portal.id, load);
    }
    return load;
  }

  /** Forgets the cached token (after a reinstall wrote new ones, say). */
  forget(portalId: string): void {
    this.cached.delete(portalId);
  }

  /** A token other than `failedToken`: someone else's fresh one, or a new one from the OAuth server. */
  async refresh(portal: PortalEndpoint, failedToken: string, method: string): Promise<string> {
    const cached = this.cached.get(portal.id);
    if (cached && cached !== failedToken) return cached;
    let running = this.refreshing.get(portal.id);
    if (!running) {
      running = this.refreshLocked(portal, failedToken, method).finally(() => this.refreshing.delete(portal.id));
      this.refreshing.set(portal.id, running);
    }
    return running;
  }

  private async load(portal: PortalEndpoint, method: string): Promise<string> {
    const stored = await this.tokens.read(this.db, portal.id);
    if (!stored) throw new PortalAuthError('PORTAL_NOT_FOUND', 'The portal is not installed', 0, method);
    if (stored.accessToken) {
      this.cached.set(portal.id, stored.accessToken);
      return stored.accessToken;
    }
    // Nothing to try yet, but a refresh token may still get one.
    return this.refresh(portal, '', method);
  }

  private async refreshLocked(portal: PortalEndpoint, failedToken: string, method: string): Promise<string> {
    // PGlite has one connection: inside the transaction only `trx` may touch the database.
    const outcome = await this.db.transaction(async (trx): Promise<RefreshOutcome> => {
      const stored = await this.tokens.read(trx, portal.id, { forUpdate: true });
      if (!stored) return { error: new PortalAuthError('PORTAL_NOT_FOUND', 'The portal is not installed', 0, method) };
      if (stored.accessToken && stored.accessToken !== failedToken) {
        this.log.debug({ portalId: portal.id }, 'bitrix token already refreshed elsewhere');
        return { token: stored.accessToken };
      }
      const grant = await this.tokens.grantState(trx, portal.id);
      if (grant !== 'alive') {
        // The grant is known dead; asking again only annoys the OAuth server.
        return { error: new PortalAuthError('invalid_grant', `The portal is ${grant}`, 0, method) };
      }
      if (!stored.refreshToken) {
        await this.tokens.markGrantLost(trx, portal.id, 'needs_reinstall');
        return { error: new PortalAuthError('NO_REFRESH_TOKEN', 'No refresh token is stored for the portal', 0, method) };
      }
      try {
        const origin = chooseOAuthServer(this.config, portal.serverEndpoint);
        const fresh = await refreshTokens(this.config, origin, stored.refreshToken, this.http);
        await this.tokens.save(trx, portal.id, {
          accessToken: fresh.access_token,
          refreshToken: fresh.refresh_token,
          expiresAt: expiresAtOf(fresh),
          userId: fresh.user_id ?? stored.userId,
        });
        this.log.info({ portalId: portal.id, oauthServer: origin }, 'bitrix token refreshed');
        return { token: fresh.access_token };
      } catch (err) {
        return { error: await this.refreshFailed(trx, portal, method, err) };
      }
    });
    if ('error' in outcome) {
      this.cached.delete(portal.id);
      throw outcome.error;
    }
    this.cached.set(portal.id, outcome.token);
    return outcome.token;
  }

  private async refreshFailed(trx: Knex.Transaction, portal: PortalEndpoint, method: string, err: unknown): Promise<BitrixError> {
    if (!(err instanceof OAuthError)) {
      // No answer (network, timeout): the refresh token may or may not have rotated; don't guess, don't retry here.
      this.log.warn({ portalId: portal.id, reason: err instanceof Error ? err.message : String(err) }, 'bitrix token refresh got no answer');
      return new BitrixError('OAUTH_UNAVAILABLE', 'The OAuth server did not answer', 0, method);
    }
    this.log.warn({ portalId: portal.id, code: err.code, status: err.status }, 'bitrix token refresh failed');
    if (REINSTALL_OAUTH_CODES.has(err.code)) {
      await this.tokens.markGrantLost(trx, portal.id, 'needs_reinstall');
      return new PortalAuthError(err.code, err.description, err.status, method);
    }
    if (err.code === PAYMENT_OAUTH_CODE) {
      await this.tokens.markGrantLost(trx, portal.id, 'payment_required');
      return new PortalAuthError(err.code, err.description, err.status, method);
    }
    return new BitrixError(err.code, err.description, err.status, method);
  }
}
