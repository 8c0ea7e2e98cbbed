import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Manifest } from '../manifest';
import { HttpError } from '../http/errors';
import { getPortal, markPortalSetUp, type Portal } from '../tenants/portal-repository';
import type { BitrixClient } from '../bitrix/rest-client';
import { BitrixError } from '../bitrix/bitrix-errors';
import type { RestLogger } from '../bitrix/rest-types';
import { enqueueJob } from '../jobs/job-repository';
import { JOB_KINDS } from '../jobs/job-kinds';
import { nudgeWorkers } from '../jobs/worker-nudge';

export interface SetupStep {
  key: 'portal' | 'events' | 'placements' | 'groups' | 'people';
  ok: boolean;
  message?: string;
}

export interface SetupDeps {
  db: Knex;
  bitrix: BitrixClient;
  config: Pick<Config, 'appBaseUrl'>;
  manifest: Manifest;
  /**
   * Creates the portal's default training groups that it never had (training area; wired in
   * app.ts, since the portal's lifecycle stands below the domain areas). Absent: the step is skipped.
   */
  createDefaultGroups?: (portalId: string, installerId: number) => Promise<unknown>;
}

/**
 * A re-registration that Bitrix24 refuses because it already exists counts as done: a reinstall
 * or a second run of the wizard must not fail on it (BITRIX24.md §5.6, §5.9, §9.7).
 */
export function isAlreadyBound(error: unknown): boolean {
  if (!(error instanceof BitrixError)) return false;
  if (error.code === 'ERROR_HANDLER_ALREADY_EXIST') return true;
  return /already (bound|binded|exists?)/i.test(error.description) || /already (bound|binded|exists?)/i.test(error.code);
}

const sameUrl = (a: unknown, b: string) => typeof a === 'string' && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

function describe(error: unknown): string {
  if (error instanceof BitrixError) return `${error.code}${error.description ? `: ${error.description}` : ''}`;
  return 'unexpected error';
}

/** event.bind for every event in the manifest that is not bound to our handler yet; stale handlers go. */
async function bindEvents(deps: SetupDeps, portal: Portal): Promise<void> {
  const handler = `${deps.config.appBaseUrl}${deps.manifest.paths.events}`;
  const app = { kind: 'app' as const };
  let bound: Array<{ event?: string; handler?: string }> = [];
  try {
    bound = (await deps.bitrix.call<Array<{ event?: string; handler?: string }>>(portal, app, 'event.get')).result ?? [];
  } catch (error) {
    if (!(error instanceof BitrixError)) throw error; // then bind blindly; "already bound" is success
  }
  for (const event of deps.manifest.events) {
    const mine = bound.filter((item) => String(item.event ?? '').toUpperCase() === event);
    // Handlers of an earlier APP_BASE_URL would deliver to a host that no longer serves us.
    for (const stale of mine.filter((item) => !sameUrl(item.handler, handler))) {
      await deps.bitrix.call(portal, app, 'event.unbind', { event, handler: stale.handler }).catch(() => undefined);
    }
    if (mine.some((item) => sameUrl(item.handler, handler))) continue;
    try {
      await deps.bitrix.call(portal, app, 'event.bind', { event, handler });
    } catch (error) {
      if (!isAlreadyBound(error)) throw error;
    }
  }
}

/** placement.bind for every placement in the manifest (title and description in every language). */
async function bindPlacements(deps: SetupDeps, portal: Portal): Promise<void> {
  const handler = `${deps.config.appBaseUrl}${deps.manifest.paths.placement}`;
  const app = { kind: 'app' as const };
  let bound: Array<{ placement?: string; handler?: string }> = [];
  try {
    bound = (await deps.bitrix.call<Array<{ placement?: string; handler?: string }>>(portal, app, 'placement.get')).result ?? [];
  } catch (error) {
    if (!(error instanceof BitrixError)) throw error;
  }
  for (const placement of deps.manifest.placements) {
    const mine = bound.filter((item) => String(item.placement ?? '').toUpperCase() === placement.code);
    for (const stale of mine.filter((item) => !sameUrl(item.handler, handler))) {
      await deps.bitrix.call(portal, app, 'placement.unbind', { PLACEMENT: placement.code, HANDLER: stale.handler }).catch(() => undefined);
    }
    if (mine.some((item) => sameUrl(item.handler, handler))) continue;
    const langAll = Object.fromEntries(
      Object.entries(placement.title).map(([lang, title]) => [lang, { TITLE: title, DESCRIPTION: placement.description[lang as keyof typeof placement.description] }]),
    );
    try {
      await deps.bitrix.call(portal, app, 'placement.bind', {
        PLACEMENT: placement.code,
        HANDLER: handler,
        TITLE: placement.title.en,
        DESCRIPTION: placement.description.en,
        LANG_ALL: langAll,
      });
    } catch (error) {
      if (!isAlreadyBound(error)) throw error;
    }
  }
}

/**
 * The first import of the portal's structure and people (names, departments, extranet flags),
 * as background jobs; a second run of the wizard joins the jobs still open instead of adding more.
 */
async function queuePeopleImport(deps: SetupDeps, portal: Portal): Promise<void> {
  await enqueueJob(deps.db, portal.id, JOB_KINDS.importDepartments, {}, { dedupKey: `${JOB_KINDS.importDepartments}:all` });
  await enqueueJob(deps.db, portal.id, JOB_KINDS.importPeople, {}, { dedupKey: `${JOB_KINDS.importPeople}:all` });
  nudgeWorkers();
}

/**
 * The wizard's server side: binds events and placements with the stored admin token, queues the
 * people import, and marks the portal active once the bindings hold. Safe to run again: a step
 * that is already done is skipped, so the admin can retry a step that failed.
 */
export async function runInstallSetup(deps: SetupDeps, portalId: string, log: RestLogger, installerId = 0): Promise<SetupStep[]> {
  const portal = await getPortal(deps.db, portalId);
  if (!portal || portal.state === 'uninstalled') throw new HttpError(409, 'NOT_INSTALLED', 'The app was removed from this Bitrix24 while it was being installed.');

  const step = async (key: SetupStep['key'], work: () => Promise<void>, failure: string): Promise<SetupStep> => {
    try {
      await work();
      return { key, ok: true };
    } catch (error) {
      log.warn({ portalId, step: key, reason: describe(error) }, 'install setup step failed');
      return { key, ok: false, message: `${failure} (${describe(error)})` };
    }
  };
  const events = await step('events', () => bindEvents(deps, portal), 'Could not subscribe to Bitrix24 events');
  const placements = await step('placements', () => bindPlacements(deps, portal), 'Could not add the "Training" tab to workgroups');
  const createDefaultGroups = deps.createDefaultGroups;
  const groups = createDefaultGroups
    ? await step('groups', () => createDefaultGroups(portal.id, installerId).then(() => undefined), 'Could not create the default training groups')
    : null;
  const people = await step('people', () => queuePeopleImport(deps, portal), 'Could not start importing people');
  let portalStep: SetupStep;
  if (events.ok && placements.ok) {
    await markPortalSetUp(deps.db, portal.id);
    portalStep = { key: 'portal', ok: true };
  } else {
    portalStep = { key: 'portal', ok: false, message: 'The installation is not complete yet: fix the step that failed and try again.' };
  }
  return [portalStep, events, placements, ...(groups ? [groups] : []), people];
}
