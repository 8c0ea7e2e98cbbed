import type { Knex } from 'knex';
import { markPortalSetUp, upsertInstalledPortal, type Portal } from '../../server/tenants/portal-repository';

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
