import type { BitrixClient } from '../bitrix/rest-client';
import { BitrixError } from '../bitrix/bitrix-errors';
import type { JobContext, JobHandler } from '../jobs/job-types';
import { getPortal } from '../tenants/portal-repository';
import { forgetPortalCredentials } from './uninstall';

/**
 * An ONAPPUNINSTALL that arrived while our database was down was answered 503 and is gone:
 * Bitrix24 never delivers an event again. The daily housekeeping asks the portal instead
 * (`app.info` with the app's grant) and does what the event would have done with CLEAN=0:
 * credentials dropped, state `uninstalled`, open jobs cancelled. Data stays for a reinstall.
 */

/** Does this answer of Bitrix24 say that the app is no longer installed on the portal? */
export function saysAppUninstalled(error: unknown): boolean {
  if (!(error instanceof BitrixError)) return false;
  // REST: "app inactive or deleted" (BITRIX24.md §4.3).
  if (error.code === 'APPLICATION_NOT_FOUND') return true;
  // The OAuth server answers invalid_client both to our own wrong credentials and for an app the
  // portal deleted; only the description tells them apart, and only the second may drop a portal.
  return error.code === 'invalid_client' && /not installed|deleted/i.test(error.description);
}

export type InstallCheck = 'installed' | 'uninstalled' | 'unknown';

/** Asks Bitrix24 whether the app is still installed; marks the portal uninstalled when it says no. */
export async function checkStillInstalled(ctx: Pick<JobContext, 'db' | 'portalId' | 'log'>, bitrix: Pick<BitrixClient, 'call' | 'forgetToken'>): Promise<InstallCheck> {
  const portal = await getPortal(ctx.db, ctx.portalId);
  if (!portal || portal.state === 'uninstalled') return 'uninstalled';
  try {
    const info = await bitrix.call<{ INSTALLED?: unknown }>(portal, { kind: 'app' }, 'app.info');
    // An uninstall revokes the grant, so an answer at all means the app is there. INSTALLED=false
    // with a live grant is a wizard whose admin never pressed finish: theirs to finish, not ours to drop.
    if (info.result?.INSTALLED === false) {
      ctx.log.warn({ portalId: portal.id }, 'install check: Bitrix24 says the installation was never finished');
      return 'unknown';
    }
    return 'installed';
  } catch (error) {
    if (!saysAppUninstalled(error)) {
      // Bitrix24 busy, unreachable, or a grant that died another way: the next day asks again.
      ctx.log.warn({ portalId: portal.id, reason: error instanceof Error ? error.message : String(error) }, 'install check: no answer that settles it');
      return 'unknown';
    }
  }
  await forgetPortalCredentials(ctx.db, portal.id);
  bitrix.forgetToken(portal.id);
  ctx.log.warn({ portalId: portal.id }, 'install check: Bitrix24 says the app is no longer installed (its ONAPPUNINSTALL never reached us); credentials dropped');
  return 'uninstalled';
}

/** The daily housekeeping job, preceded by the install check (wired in app-worker.ts). */
export function withInstallCheck(housekeeping: JobHandler, bitrix: Pick<BitrixClient, 'call' | 'forgetToken'>): JobHandler {
  return async (ctx) => {
    // Its own job was cancelled with the portal's others: nothing more to do.
    const installCheck = await checkStillInstalled(ctx, bitrix);
    if (installCheck === 'uninstalled') return { installCheck };
    const result = await housekeeping(ctx);
    return result && typeof result === 'object' ? { ...result, installCheck } : result;
  };
}
