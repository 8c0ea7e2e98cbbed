import type { Knex } from 'knex';
import { cancelPortalJobs } from '../jobs/job-repository';

/**
 * What ONAPPUNINSTALL does to our data (BITRIX24.md §1.5, PRODUCT.md §7). Both are idempotent.
 */

/** "Delete application data" was ticked: the portal row goes, and every table's rows with it (ON DELETE CASCADE). */
export async function deletePortalData(db: Knex, portalId: string): Promise<void> {
  await db('portals').where({ id: portalId }).delete();
}

/**
 * Data kept for a reinstall, credentials dropped: the tokens are revoked by Bitrix24 anyway and
 * Market rules want them gone; without the application token no later event is accepted.
 * Open jobs are cancelled (a running one stops at its next heartbeat).
 */
export async function forgetPortalCredentials(db: Knex, portalId: string): Promise<void> {
  await db('portals').where({ id: portalId }).update({
    access_token: null,
    refresh_token: null,
    token_expires_at: null,
    application_token: null,
    state: 'uninstalled',
    uninstalled_at: db.fn.now(),
    updated_at: db.fn.now(),
  });
  await cancelPortalJobs(db, portalId, 'the app was uninstalled');
}

/** Was the portal (re)installed after this moment? Then an older uninstall event must not touch it. */
export async function installedSince(db: Knex, portalId: string, moment: Date): Promise<boolean> {
  const row = await db('portals').where({ id: portalId }).first<{ installed_at: Date | string | null } | undefined>('installed_at');
  if (!row?.installed_at) return false;
  return new Date(row.installed_at).getTime() > moment.getTime();
}
