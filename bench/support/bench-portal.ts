import type { Knex } from 'knex';
import { SEED_USERS, type LocalPortal } from '../../server/dev-portal';
import { markPortalSetUp, setPortalState, upsertInstalledPortal, type Portal } from '../../server/tenants/portal-repository';

/**
 * An installed, set-up portal row for a bench that talks to no Bitrix24 (its tokens are never
 * used): bench-<label>-<time> on bench.bitrix24.example, with the REST scope given.
 */
export async function installBenchPortal(db: Knex, label: string, scope: string): Promise<Portal> {
  const portal = await upsertInstalledPortal(db, {
    memberId: `bench-${label}-${Date.now()}`,
    domain: 'bench.bitrix24.example',
    clientEndpoint: 'https://bench.bitrix24.example/rest/',
    serverEndpoint: 'https://oauth.bitrix.info/rest/',
    applicationToken: 'bench',
    scope,
    status: 'L',
    tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: new Date(Date.now() + 3600_000), userId: 1 },
  });
  await markPortalSetUp(db, portal.id);
  return portal;
}

/**
 * The app's row for a local portal (server/dev-portal) as an install leaves it: its addresses and
 * application token, the admin's tokens, active. `memberId` may differ from the portal's own when a
 * bench keeps several rows (tenants) for one local portal.
 */
export async function installLocalPortalRow(db: Knex, local: LocalPortal, memberId: string, scope: string): Promise<Portal> {
  const tokens = local.controls.issueTokens(SEED_USERS.admin);
  const row = await upsertInstalledPortal(db, {
    memberId,
    domain: local.domain,
    clientEndpoint: `${local.url}/rest/`,
    serverEndpoint: `${local.url}/rest/`,
    applicationToken: local.controls.applicationToken(),
    scope,
    status: 'L',
    tokens: { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: new Date(Date.now() + 3600_000), userId: SEED_USERS.admin },
  });
  await setPortalState(db, row.id, 'active');
  return row;
}
