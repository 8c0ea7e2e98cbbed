import net from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { startLocalPortal, SEED_USERS, type LocalPortal } from '../../server/dev-portal';
import { findPortalByMemberId, type Portal } from '../../server/tenants/portal-repository';
import { loadConfig } from '../../server/config';
import { createTestApp, type TestApp, type TestAppOptions } from './app';

/**
 * The app wired to one or more local Bitrix24 portals, as in production: the portals' OAuth
 * servers are the only allowed ones, and the app really listens on APP_BASE_URL so the portals
 * can deliver events to it. Requests into the app go through `inject`.
 */
export interface PortalApp extends TestApp {
  baseUrl: string;
  portals: LocalPortal[];
  /** The first portal. */
  portal: LocalPortal;
  /** POSTs the wizard form the portal sends for `userId` to /install; returns the response and its boot data. */
  installPage(portal?: LocalPortal, userId?: number, change?: FrameChange): Promise<PageResult>;
  /** POST /api/install/setup with the wizard's token. */
  setup(token: string): Promise<LightMyRequestResponse>;
  /** Wizard page + setup + installFinish, as an admin would; fails loudly if any step fails. */
  install(portal?: LocalPortal): Promise<Portal>;
  /** Opens the app (POST `path`) as the portal would for `userId`. */
  launch(portal: LocalPortal, userId: number, change?: FrameChange & { path?: string; placement?: string; placementOptions?: Record<string, string> }): Promise<PageResult>;
  /** A session token for `userId` from a real launch. */
  sessionToken(portal: LocalPortal, userId: number): Promise<string>;
  stored(portal?: LocalPortal): Promise<Portal>;
}

/** Edits what the portal would post, to play an attacker or an older portal. */
export interface FrameChange {
  query?: (query: Record<string, string>) => Record<string, string>;
  fields?: (fields: Record<string, string>) => Record<string, string>;
}

export interface PageResult {
  res: LightMyRequestResponse;
  boot: Record<string, any>;
}

/** The boot data a page hands to the client (window.__BOOT__). */
export function bootOf(res: LightMyRequestResponse): Record<string, any> {
  const match = /window\.__BOOT__=(.*?)<\/script>/s.exec(res.body);
  if (!match) throw new Error(`no boot data in the page (HTTP ${res.statusCode}): ${res.body.slice(0, 200)}`);
  return JSON.parse(match[1] as string);
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function formPost(app: FastifyInstance, path: string, query: Record<string, string>, fields: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url: `${path}?${new URLSearchParams(query).toString()}`,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

export async function startPortalApp(options: { portals?: number; env?: Record<string, string>; app?: TestAppOptions } = {}): Promise<PortalApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The portals must know the app's URL and the app its portals' URLs: config first, then portals, then the app.
  const { b24ClientId: clientId, b24ClientSecret: clientSecret } = loadConfig({ ...options.env });
  const portals: LocalPortal[] = [];
  for (let i = 0; i < (options.portals ?? 1); i += 1) {
    portals.push(await startLocalPortal({ port: 0, appBaseUrl: baseUrl, clientId, clientSecret, seed: { bigGroupMembers: 20 } }));
  }
  const t = await createTestApp({ APP_BASE_URL: baseUrl, B24_OAUTH_SERVERS: portals.map((p) => p.url).join(','), ...options.env }, options.app);
  await t.app.listen({ port, host: '127.0.0.1' });
  const first = portals[0] as LocalPortal;

  const helper: PortalApp = {
    ...t,
    baseUrl,
    portals,
    portal: first,
    async installPage(portal = first, userId: number = SEED_USERS.admin, change = {}) {
      const launch = portal.controls.frameLaunch(userId);
      const query = change.query ? change.query({ ...launch.query }) : launch.query;
      const fields = change.fields ? change.fields({ ...launch.fields }) : launch.fields;
      const res = await formPost(t.app, '/install', query, fields);
      return { res, boot: bootOf(res) };
    },
    setup: (token) => t.app.inject({ method: 'POST', url: '/api/install/setup', headers: bearer(token) }),
    async install(portal = first) {
      const { boot } = await helper.installPage(portal);
      if (!boot.install?.ok) throw new Error(`install refused: ${JSON.stringify(boot.install)}`);
      const res = await helper.setup(boot.install.token);
      const steps = res.json().steps as Array<{ ok: boolean }>;
      if (res.statusCode !== 200 || steps.some((step) => !step.ok)) throw new Error(`install setup failed: ${res.body}`);
      portal.controls.finishInstall();
      return helper.stored(portal);
    },
    async launch(portal, userId, change = {}) {
      const launch = portal.controls.frameLaunch(userId, { placement: change.placement, placementOptions: change.placementOptions });
      const query = change.query ? change.query({ ...launch.query }) : launch.query;
      const fields = change.fields ? change.fields({ ...launch.fields }) : launch.fields;
      const res = await formPost(t.app, change.path ?? '/', query, fields);
      return { res, boot: bootOf(res) };
    },
    async sessionToken(portal, userId) {
      const { boot } = await helper.launch(portal, userId);
      if (boot.view !== 'app') throw new Error(`launch refused: ${JSON.stringify(boot.error)}`);
      return boot.session.token as string;
    },
    async stored(portal = first) {
      const row = await findPortalByMemberId(t.database.db, portal.memberId);
      if (!row) throw new Error(`portal ${portal.memberId} is not stored`);
      return row;
    },
    close: async () => {
      await t.close();
      for (const portal of portals) await portal.close();
    },
  };
  return helper;
}
