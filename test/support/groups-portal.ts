import type { LightMyRequestResponse } from 'fastify';
import { startPortalApp, bearer, type PortalApp } from './portal-app';
import { SEED_USERS, type LocalPortal } from '../../server/dev-portal';
import { createAppWorker } from '../../server/app-worker';
import { silentJobLogger } from '../../server/jobs/job-types';
import type { Worker } from '../../server/jobs/worker';
import type { TestAppOptions } from './app';

/**
 * The app installed in the local Bitrix24 portal for the training-groups tests: the install's
 * imports run, the seed's moderator named in Settings, and requests made as any user from the app
 * frame, carrying that user's own Bitrix24 token as the client does (X-B24-Access-Token).
 */

export type GroupsMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface GroupsPortal {
  t: PortalApp;
  portal: LocalPortal;
  worker: Worker;
  /** Every queued event and job, run to the end (the worker's loop, one round at a time). */
  drain(): Promise<void>;
  /** A session token for `userId` from a real launch (one launch a user). */
  session(userId: number): Promise<string>;
  /** A request as `userId` from the app frame, with the frame's own Bitrix24 token unless told otherwise (null: none). */
  call(userId: number, method: GroupsMethod, url: string, payload?: object, b24Token?: string | null): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The reply's JSON when its status is the one expected; otherwise fails with the body. */
export function ok(res: LightMyRequestResponse, status = 200) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json();
}

export async function startGroupsPortal(options: { app?: TestAppOptions; backoffMs?: () => number } = {}): Promise<GroupsPortal> {
  const t = await startPortalApp(options.app ? { app: options.app } : {});
  const portal = t.portal;
  const worker = createAppWorker({ db: t.database.db, bitrix: t.app.bitrix, log: silentJobLogger, ...(options.backoffMs ? { options: { backoffMs: options.backoffMs } } : {}) });
  const sessions = new Map<number, string>();

  const drain = async () => {
    for (let i = 0; i < 50; i++) {
      const round = await worker.runOnce();
      if (round.events === 0 && round.jobId === null) return;
    }
    throw new Error('the queue did not drain');
  };
  const session = async (userId: number) => {
    if (!sessions.has(userId)) sessions.set(userId, await t.sessionToken(portal, userId));
    return sessions.get(userId)!;
  };
  const call = async (userId: number, method: GroupsMethod, url: string, payload?: object, b24Token: string | null = portal.controls.issueTokens(userId).access_token) => {
    const headers: Record<string, string> = { ...bearer(await session(userId)) };
    if (b24Token) headers['x-b24-access-token'] = b24Token;
    return t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  };

  try {
    await t.install();
    // The install queued the people and department imports.
    await drain();
    const stored = await t.stored();
    await t.database.db('moderators').insert({ portal_id: stored.id, subject_type: 'user', subject_id: SEED_USERS.moderator, added_by: SEED_USERS.admin }).onConflict().ignore();
  } catch (error) {
    await t.close();
    throw error;
  }
  return { t, portal, worker, drain, session, call, close: () => t.close() };
}
