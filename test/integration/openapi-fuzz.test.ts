import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { loadManifest } from '../../server/manifest';
import { startLocalPortal, SEED_USERS, type LocalPortal } from '../../server/dev-portal';
import { findPortalByMemberId } from '../../server/tenants/portal-repository';
import { issueSessionToken } from '../../server/auth/session-token';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { bootOf, formPost } from '../support/portal-app';
import { FEW_NASTY, fuzzOperation, operationsOf, type FuzzRequest, type OpenApiDoc, type Operation } from '../support/openapi-fuzz';

/**
 * Every route of the OpenAPI description (so every route, including those added after this test
 * was written) gets wrong types, missing and extra fields, very long strings, NUL and other
 * control characters, emoji and SQL-looking text; with a session of each role where the route
 * takes one, and without. Not one answer may be a 5xx: bad input is the caller's mistake (4xx).
 *
 * The app runs as in production against the local Bitrix24 portal, installed through the wizard,
 * with sessions from real launches. Two things are lifted so that the test measures input handling
 * and nothing else: the portal's and our client's REST rate limits (a few hundred sign-in checks
 * would otherwise wait on them), and the per-client limits on unauthenticated routes (each request
 * comes from its own address, as light-my-request allows).
 */
describe('every route of the OpenAPI description, fuzzed', () => {
  let database: TestDatabase;
  let portal: LocalPortal;
  let app: FastifyInstance;
  const errorLines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const { b24ClientId: clientId, b24ClientSecret: clientSecret } = loadConfig({});
    const unlimited = { burst: 1e9, drainPerSecond: 1e9 };
    portal = await startLocalPortal({ port: 0, appBaseUrl: baseUrl, clientId, clientSecret, limits: unlimited, seed: { bigGroupMembers: 20 } });
    const config = loadConfig({ LOG_LEVEL: 'error', RUN_WORKER: 'false', APP_BASE_URL: baseUrl, B24_OAUTH_SERVERS: portal.url });
    const manifest = loadManifest();
    app = await buildApp({
      config,
      db: database.db,
      dbKind: database.kind,
      manifest: { ...manifest, defaults: { ...manifest.defaults, rateLimit: unlimited } },
      logStream: { write: (line: string) => void errorLines.push(line) },
    });
    await app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await portal?.close();
    await database?.destroy();
  });

  it('answers no request with a 5xx', async () => {
    // Install through the wizard, as an admin would.
    const launch = portal.controls.frameLaunch(SEED_USERS.admin);
    const wizard = bootOf(await formPost(app, '/install', launch.query, launch.fields));
    const installToken = wizard.install?.token as string;
    expect(installToken).toEqual(expect.any(String));
    const setup = await app.inject({ method: 'POST', url: '/api/install/setup', headers: { authorization: `Bearer ${installToken}` } });
    expect(setup.statusCode).toBe(200);
    portal.controls.finishInstall();
    const stored = await findPortalByMemberId(database.db, portal.memberId);
    if (!stored?.applicationToken) throw new Error('the portal was not installed');

    const sessionOf = async (userId: number) => {
      const frame = portal.controls.frameLaunch(userId);
      const boot = bootOf(await formPost(app, '/', frame.query, frame.fields));
      if (boot.view !== 'app') throw new Error(`launch refused: ${JSON.stringify(boot.error)}`);
      return { authorization: `Bearer ${boot.session.token}` };
    };
    const roles = {
      admin: await sessionOf(SEED_USERS.admin),
      moderator: await sessionOf(SEED_USERS.moderator),
      employee: await sessionOf(SEED_USERS.employee),
      extranet: await sessionOf(SEED_USERS.extranet),
    };
    const install = { authorization: `Bearer ${installToken}` };
    const config = loadConfig({});
    // Signed with the (public) local-portal secret, but claims no real session has.
    const forged = issueSessionToken(config.sessionSecret, { portalId: 'not-a-uuid', memberId: 'x', userId: 1, role: 'admin', purpose: 'app' }, 900).token;
    const strangers: Array<Record<string, string>> = [{}, { authorization: 'Bearer v1.garbage.sig' }, { authorization: `Bearer ${forged}` }, { authorization: 'Basic YTpi' }];
    // Known values for fields that name the portal or an event, so requests get past the first lookup.
    const anchors = {
      member_id: portal.memberId,
      memberId: portal.memberId,
      application_token: stored.applicationToken,
      APPLICATION_TOKEN: stored.applicationToken,
      event: 'ONUSERADD',
    };

    const doc = app.swagger() as unknown as OpenApiDoc;
    const operations = operationsOf(doc);
    // The description must hold the routes Bitrix24 calls and the API, or this test fuzzes too little.
    const names = operations.map((op) => `${op.method} ${op.path}`);
    for (const route of ['POST /', 'POST /placement', 'POST /install', 'POST /bitrix/events', 'POST /api/session', 'GET /oauth/start', 'GET /api/jobs/{id}', 'GET /api/people']) {
      expect(names).toContain(route);
    }

    let sent = 0;
    const requests: FuzzRequest[] = [];
    for (const op of operations) requests.push(...(await requestsFor(op)));

    async function requestsFor(op: Operation): Promise<FuzzRequest[]> {
      if (!op.secured) {
        return [...fuzzOperation(op, {}, { anchors }), ...fuzzOperation(op, {}, { values: FEW_NASTY, structural: false, seed: 2 })];
      }
      // In full with the token the route takes (an admin's app session, or the install wizard's),
      // lighter with every other role (rights differ by role), the plausible request for strangers.
      const probe = async (headers: Record<string, string>) => {
        const [first] = fuzzOperation(op, headers, { anchors });
        const res = await send(first as FuzzRequest, 0);
        return res.statusCode !== 401 && res.statusCode !== 403;
      };
      const primary = (await probe(roles.admin)) || !(await probe(install)) ? roles.admin : install;
      const out = fuzzOperation(op, primary, { anchors });
      for (const headers of [roles.admin, roles.moderator, roles.employee, roles.extranet, install]) {
        if (headers !== primary) out.push(...fuzzOperation(op, headers, { anchors, values: FEW_NASTY, structural: false, shallow: true }));
      }
      for (const headers of strangers) out.push(...fuzzOperation(op, headers, { anchors, values: [], structural: false }));
      return out;
    }

    async function send(request: FuzzRequest, index: number) {
      sent += 1;
      return app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: request.headers,
        payload: request.payload,
        // Its own address for every request: the per-client limits stay out of the way.
        remoteAddress: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
      });
    }

    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (const [index, request] of requests.entries()) {
      const res = await send(request, index + 1);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) failures.push(`${res.statusCode} ${request.label} -> ${res.body.slice(0, 160)}`);
    }

    const histogram = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
    process.stdout.write(`\nOpenAPI fuzz: ${sent} requests to ${operations.length} operations (${histogram}); ${failures.length} answered 5xx\n`);
    if (failures.length) process.stdout.write(`${failures.slice(0, 40).join('\n')}\n\nerror log:\n${errorLines.slice(0, 10).join('').slice(0, 6000)}\n`);
    expect(failures).toEqual([]);
  }, 300_000);
});

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
