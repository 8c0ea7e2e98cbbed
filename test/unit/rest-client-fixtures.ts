import { Writable } from 'node:stream';
import pino from 'pino';
import type { Knex } from 'knex';
import { BitrixClient, type BitrixClientDeps, type PortalEndpoint } from '../../server/bitrix/rest-client';
import { portalTokenStore } from '../../server/tenants/portal-token-store';
import { secretLike, seedPortal as seedInstalledPortal } from '../support/seed-portal';

/** Shared set-up for the REST client tests: a portal row, a client, a sleep recorder, captured logs. */

export const PORTAL_ORIGIN = 'https://training.bitrix24.com';
export const OAUTH_ORIGIN = 'https://oauth.bitrix.info';
export const CLIENT_SECRET = 'client-secret-must-stay-home';

export const TEST_CONFIG: BitrixClientDeps['config'] = {
  b24OAuthServers: [OAUTH_ORIGIN, 'https://oauth.bitrix24.tech'],
  b24ClientId: 'app.training.test',
  b24ClientSecret: CLIENT_SECRET,
};

export interface SeededPortal {
  portal: PortalEndpoint;
  accessToken: string;
  refreshToken: string;
}

/** A unique, recognisable token string (so a log scan can look for it). */
export const token = secretLike;

/** An installed, active portal with a stored admin token pair, on this file's portal and OAuth origins. */
export async function seedPortal(db: Knex, options: { serverEndpoint?: string; origin?: string } = {}): Promise<SeededPortal> {
  const portal = await seedInstalledPortal(db, {
    origin: options.origin ?? PORTAL_ORIGIN,
    serverEndpoint: options.serverEndpoint ?? `${OAUTH_ORIGIN}/rest/`,
  });
  return { portal, accessToken: portal.accessToken, refreshToken: portal.refreshToken };
}

/** A sleep that does not wait: it records the wait and moves a fake clock on by it. */
export function recordingSleep(startAt = Date.now()): { sleep: (ms: number) => Promise<void>; now: () => number; waits: number[] } {
  const waits: number[] = [];
  let clock = startAt;
  return {
    waits,
    now: () => clock,
    sleep: async (ms: number) => {
      waits.push(ms);
      clock += ms;
    },
  };
}

/** A real pino logger at trace level whose lines end up in `lines`. */
export function capturedLogger(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'trace' }, stream), lines };
}

/** A client with a recording sleep and a bucket big enough to stay out of the way. */
export function makeClient(db: Knex, overrides: Partial<BitrixClientDeps> = {}): { client: BitrixClient; waits: number[] } {
  const { sleep, now, waits } = recordingSleep();
  const client = new BitrixClient({ db, tokens: portalTokenStore, config: TEST_CONFIG, sleep, now, limits: { burst: 10_000, drainPerSecond: 100 }, ...overrides });
  return { client, waits };
}

/** The OAuth server's answer to a refresh. */
export function tokenAnswer(accessToken: string, refreshToken: string, memberId = 'member') {
  return {
    access_token: accessToken,
    refresh_token: refreshToken,
    expires: Math.floor(Date.now() / 1000) + 3600,
    expires_in: 3600,
    member_id: memberId,
    client_endpoint: `${PORTAL_ORIGIN}/rest/`,
    server_endpoint: `${OAUTH_ORIGIN}/rest/`,
    domain: 'oauth.bitrix.info',
    scope: 'user_brief,sonet_group,department',
    status: 'P',
    user_id: 1,
  };
}
