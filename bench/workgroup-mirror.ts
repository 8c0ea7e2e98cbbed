/**
 * Benchmark: mirror the people (names, departments) of the local portal's 10,000-member workgroup,
 * under the portal's real limits (leaky bucket 50, 2/s), two ways in one run:
 *   ours: one sonet_group.user.get, then user.get by 50 ids per command, 50 commands per batch,
 *         plus the department tree (target: at most 6 REST requests in all);
 *   SDK:  @bitrix24/b24jssdk's actions.v2.fetchList over user.get (keyset pages of 50) and
 *         department.get, keeping the workgroup's members.
 * It prints requests and seconds for each and their ratio; the <= 6 target is for the people. BENCH_MEMBERS changes the group size.
 */
import { B24OAuth } from '@bitrix24/b24jssdk';
import { openDatabase } from '../server/db/database';
import { migrateLatest } from '../server/db/migrate';
import { BitrixClient } from '../server/bitrix/rest-client';
import { portalTokenStore } from '../server/tenants/portal-token-store';
import { mirrorWorkgroupPeople, rowsOf } from '../server/people/mirror-people';
import { upsertDepartments, countPeople } from '../server/people/people-repository';
import { departmentFromRow, type DepartmentRecord } from '../server/people/person-fields';
import { LOCAL_PORTAL_CLIENT } from '../server/config';
import { startLocalPortal, SEED_USERS, SEED_GROUPS } from '../server/dev-portal';
import { installLocalPortalRow } from './support/bench-portal';

const members = Number(process.env.BENCH_MEMBERS ?? 10_000);

async function main(): Promise<void> {
  const portal = await startLocalPortal({
    port: 0,
    appBaseUrl: 'http://localhost:9',
    clientId: LOCAL_PORTAL_CLIENT.id,
    clientSecret: LOCAL_PORTAL_CLIENT.secret,
    seed: { bigGroupMembers: members },
  });
  const db = openDatabase({ databaseUrl: process.env.DATABASE_URL ?? null, dataDir: 'memory' });
  try {
    await migrateLatest(db);
    const row = await installLocalPortalRow(db, portal, `${portal.memberId}-bench-${Date.now()}`, 'user_brief,department,sonet_group');
    const client = new BitrixClient({ db, tokens: portalTokenStore, config: { b24OAuthServers: [portal.url], b24ClientId: LOCAL_PORTAL_CLIENT.id, b24ClientSecret: LOCAL_PORTAL_CLIENT.secret } });

    // Ours.
    portal.controls.resetStats();
    let started = performance.now();
    const mirrored = await mirrorWorkgroupPeople(db, client, row, SEED_GROUPS.benchmark);
    const peopleRequests = portal.controls.stats().restRequests;
    const departments = await client.listAll<Record<string, unknown>>(row, { kind: 'app' }, 'department.get', {});
    await upsertDepartments(db, row.id, departments.map(departmentFromRow).filter((d): d is DepartmentRecord => d !== null));
    const oursSeconds = (performance.now() - started) / 1000;
    const oursRequests = portal.controls.stats().restRequests;
    const stored = await countPeople(db, row.id);

    // The official SDK, the way its docs page a list.
    await new Promise((resolve) => setTimeout(resolve, 26_000)); // let the portal's bucket drain for a fair start
    const sdkTokens = portal.controls.issueTokens(SEED_USERS.admin);
    const b24 = new B24OAuth(
      {
        applicationToken: portal.controls.applicationToken(),
        userId: SEED_USERS.admin,
        memberId: portal.memberId,
        accessToken: sdkTokens.access_token,
        refreshToken: sdkTokens.refresh_token,
        expires: Math.floor(Date.now() / 1000) + 3600,
        expiresIn: 3600,
        scope: 'user_brief,department,sonet_group',
        domain: portal.domain,
        clientEndpoint: `${portal.url}/rest/`,
        serverEndpoint: `${portal.url}/rest/`,
        status: 'L',
      },
      { clientId: LOCAL_PORTAL_CLIENT.id, clientSecret: LOCAL_PORTAL_CLIENT.secret },
    );
    b24.offClientSideWarning?.();
    portal.controls.resetStats();
    started = performance.now();
    const memberAnswer = await b24.actions.v2.call.make({ method: 'sonet_group.user.get', params: { ID: SEED_GROUPS.benchmark } });
    const memberIds = new Set(rowsOf(memberAnswer.getData()?.result).map((r) => Number(r.USER_ID)));
    let sdkPeople = 0;
    for await (const page of b24.actions.v2.fetchList.make<Record<string, unknown>>({ method: 'user.get', params: { filter: { ACTIVE: true } }, idKey: 'ID' })) {
      sdkPeople += page.filter((user) => memberIds.has(Number(user.ID))).length;
    }
    for await (const page of b24.actions.v2.fetchList.make<Record<string, unknown>>({ method: 'department.get', params: {}, idKey: 'ID' })) {
      void page;
    }
    const sdkSeconds = (performance.now() - started) / 1000;
    const sdkRequests = portal.controls.stats().restRequests;

    const line = (name: string, requests: number, seconds: number, people: number) =>
      `${name.padEnd(28)} ${String(requests).padStart(8)} ${seconds.toFixed(2).padStart(10)} ${String(people).padStart(8)}`;
    process.stdout.write(`\nMirror a ${members}-member workgroup's people from the local portal (bucket 50, 2/s)\n`);
    process.stdout.write(`${'method'.padEnd(28)} ${'requests'.padStart(8)} ${'seconds'.padStart(10)} ${'people'.padStart(8)}\n`);
    process.stdout.write(`${line('ours (batched by ids)', oursRequests, oursSeconds, mirrored.mirrored)}\n`);
    process.stdout.write(`${line('b24jssdk fetchList', sdkRequests, sdkSeconds, sdkPeople)}\n`);
    process.stdout.write(`ratio SDK/ours: ${(sdkRequests / oursRequests).toFixed(1)}x requests, ${(sdkSeconds / oursSeconds).toFixed(1)}x time\n`);
    process.stdout.write(
      `ours: ${peopleRequests} requests for the people (target <= 6: ${peopleRequests <= 6 ? 'met' : 'MISSED'}), ` +
        `${oursRequests - peopleRequests} for the department tree; stored people: ${stored}, departments: ${departments.length}\n`,
    );
  } finally {
    await db.destroy();
    await portal.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
