import type { Knex } from 'knex';
import { PortalAuthError } from './bitrix/bitrix-errors';
import { defaultEventRegistry, processDueEvents, registerEventHandler } from './portal/events-inbox';
import type { EventRegistry } from './portal/event-registry';
import type { BitrixClient } from './bitrix/rest-client';
import { peopleJobHandlers } from './people/people-import';
import { groupsJobHandlers } from './groups/groups-jobs';
import { trainingNoticeHandler } from './training/training-notices';
import { trainingRemindersHandler } from './training/training-reminders';
import type { JobHandler, JobLogger } from './jobs/job-types';
import { createWorker, type Worker, type WorkerOptions } from './jobs/worker';
import { JOB_KINDS } from './jobs/job-kinds';
import { maintenanceHandler } from './jobs/maintenance';
import { withInstallCheck } from './portal/lost-uninstall';
import { groupingRulesJobHandlers, placeNewUserOnUserAdd } from './training/grouping-rules-jobs';

// The training area's part of ONUSERADD (placing the new user by the grouping rules), after the
// platform's own (mirroring them). Registered once, when the worker's wiring is first loaded.
registerEventHandler('ONUSERADD', placeNewUserOnUserAdd);

export interface AppWorkerDeps {
  db: Knex;
  bitrix: BitrixClient;
  log: JobLogger;
  /** Days the REST request log is kept (app.config.json defaults.restLogRetentionDays). */
  restLogDays?: number;
  registry?: EventRegistry;
  /** Handlers added or replaced by tests and later features; a kind without a handler waits in the queue. */
  extraHandlers?: Record<string, JobHandler>;
  options?: Partial<Omit<WorkerOptions, 'db' | 'handlers' | 'log' | 'pollInbox'>>;
}

/**
 * The process's worker: the job kinds the app handles, and the event inbox on its own loop so a
 * long import never delays an event. Started by main.ts when config.runWorker.
 */
export function createAppWorker(deps: AppWorkerDeps): Worker {
  const registry = deps.registry ?? defaultEventRegistry;
  const people = peopleJobHandlers({ bitrix: deps.bitrix });
  return createWorker({
    db: deps.db,
    log: deps.log,
    handlers: {
      ...people,
      ...groupsJobHandlers({ bitrix: deps.bitrix, importPeople: people[JOB_KINDS.importPeople] }),
      ...groupingRulesJobHandlers({ bitrix: deps.bitrix }),
      [JOB_KINDS.trainingNotice]: trainingNoticeHandler({ bitrix: deps.bitrix }),
      [JOB_KINDS.trainingReminders]: trainingRemindersHandler({ bitrix: deps.bitrix }),
      [JOB_KINDS.maintenance]: withInstallCheck(maintenanceHandler({ restLogDays: deps.restLogDays ?? 3 }), deps.bitrix),
      ...deps.extraHandlers,
    },
    // A portal whose grant is gone (reinstall needed, payment lapsed) cannot be helped by retrying.
    isPermanentError: (error) => error instanceof PortalAuthError,
    pollInbox: () => processDueEvents(deps.db, registry, { log: deps.log, forgetToken: (portalId) => deps.bitrix.forgetToken(portalId) }),
    ...deps.options,
  });
}
