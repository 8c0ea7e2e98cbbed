import type { Frame } from 'playwright-core';
import { SEED_USERS } from '../../server/dev-portal';
import { callApi, harnessForFile, installByApi, openAs, runQueuedJobs, type Harness, type HarnessOptions } from './app-harness';

/**
 * The set-up the training stories in Chromium share (training-launch, training-story): for the
 * file, the client built, the local portal and the app started (harnessForFile, which also checks
 * after each test that no JavaScript error of ours reached the console), the app installed by API
 * with the portal's people imported, and the admin's API at hand. A file's own `beforeAll`, declared
 * after the call, runs once all of this is there.
 */
export interface InstalledApp {
  h: Harness;
  /** An app session token of the portal's admin. */
  adminToken: string;
  portalId: string;
  /** The app's API as the admin; anything but a 2xx throws. */
  api(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<any>;
  /** Runs the queued jobs (the harness runs no worker) until the queue is empty. */
  runJobs(): Promise<void>;
}

export function installedAppForFile(options: HarnessOptions = {}): InstalledApp {
  const installed = {
    api: (method, url, payload) => callApi(installed.h, installed.adminToken, method, url, payload),
    runJobs: () => runQueuedJobs(installed.h),
  } as InstalledApp;
  harnessForFile((h) => {
    installed.h = h;
  }, options);
  beforeAll(async () => {
    installed.adminToken = await installByApi(installed.h);
    await installed.runJobs(); // the people import the install queued
    installed.portalId = String((await installed.h.app.database.db('portals').where({ state: 'active' }).first('id')).id);
  }, 120_000);
  return installed;
}

/** The portal page as the admin (in `lang`), on group `groupId`'s card with its launch panel. */
export async function openGroupCard(h: Harness, groupId: number, lang: 'en' | 'ru' = 'en'): Promise<Frame> {
  const shell = await openAs(h, SEED_USERS.admin, lang);
  await shell.getByTestId('nav-groups').click();
  await shell.getByTestId(`group-open-${groupId}`).click();
  await shell.getByTestId('group-launch').waitFor();
  return shell;
}
