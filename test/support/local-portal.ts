import type { Knex } from 'knex';
import { startLocalPortal, SEED_USERS, type LocalPortal } from '../../server/dev-portal';
import { BitrixClient } from '../../server/bitrix/rest-client';
import { portalTokenStore } from '../../server/tenants/portal-token-store';
import { seedPortal, type SeededPortal } from './seed-portal';

export const LOCAL_CLIENT = { id: 'app.test.training.groups', secret: 'test-client-secret' };

export interface ConnectedPortal {
  local: LocalPortal;
  portal: SeededPortal;
  bitrix: BitrixClient;
  close(): Promise<void>;
}

/**
 * The local Bitrix24 portal, and our portals row for it holding the admin's fresh token pair, as
 * after an install; plus a REST client allowed to refresh at its OAuth server. Limits are raised
 * so tests count requests, not wait for the bucket.
 */
export async function connectLocalPortal(db: Knex, options: { bigGroupMembers?: number; appBaseUrl?: string } = {}): Promise<ConnectedPortal> {
  const local = await startLocalPortal({
    port: 0,
    appBaseUrl: options.appBaseUrl ?? 'http://127.0.0.1:9',
    clientId: LOCAL_CLIENT.id,
    clientSecret: LOCAL_CLIENT.secret,
    seed: { bigGroupMembers: options.bigGroupMembers ?? 0 },
    limits: { burst: 10_000, drainPerSecond: 1000 },
  });
  const pair = local.controls.issueTokens(SEED_USERS.admin);
  const portal = await seedPortal(db, {
    memberId: local.memberId,
    origin: local.url,
    restEndpoint: `${local.url}/rest/`,
    accessToken: pair.access_token,
    refreshToken: pair.refresh_token,
    applicationToken: local.controls.applicationToken(),
  });
  const bitrix = new BitrixClient({
    db,
    tokens: portalTokenStore,
    config: { b24OAuthServers: [local.url], b24ClientId: LOCAL_CLIENT.id, b24ClientSecret: LOCAL_CLIENT.secret },
    limits: { burst: 10_000, drainPerSecond: 1000 },
  });
  return {
    local,
    portal,
    bitrix,
    close: async () => {
      await bitrix.flushRequestLog();
      await local.close();
    },
  };
}
