import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalPortal } from '../../server/dev-portal';
import { SEED_GROUPS, SEED_USERS } from '../../server/dev-portal';
import { STATE_FILE_VERSION } from '../../server/dev-portal/persistence';
import { manualClock } from '../support/manual-clock';
import { CLIENT, postForm, request, rest, startTestPortal } from './dev-portal-support';

/** `stateFile`: the portal's runtime state survives a restart (npm start), layered on the regenerated seed. */

const HANDLER = 'http://localhost:1/b24/events';

describe('local portal: state file', () => {
  let dir: string;
  let file: string;
  let warnings: string[];
  const open: LocalPortal[] = [];

  const start = async (port = 0) => {
    const portal = await startTestPortal({ port, stateFile: file, onWarning: (m) => warnings.push(m) });
    open.push(portal);
    return portal;
  };
  const stop = async (portal: LocalPortal) => {
    open.splice(open.indexOf(portal), 1);
    await portal.close();
  };
  const portOf = (portal: LocalPortal) => Number(new URL(portal.url).port);
  const appInfo = async (portal: LocalPortal, token: string) => (await rest(portal, 'app.info', {}, token)).body.result;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-portal-state-'));
    file = path.join(dir, 'nested', 'local-portal.json');
    warnings = [];
  });
  afterEach(async () => {
    for (const portal of open.splice(0)) await portal.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps tokens, install state, bindings, groups, memberships, options and new people across a restart', async () => {
    // Given a portal where the app was installed and did some work
    const first = await start();
    first.controls.finishInstall();
    const admin = first.controls.issueTokens(SEED_USERS.admin);
    const employee = first.controls.issueTokens(SEED_USERS.employee);
    expect((await rest(first, 'event.bind', { event: 'ONSONETGROUPUPDATE', handler: HANDLER }, admin.access_token)).body.result).toBe(true);
    expect((await rest(first, 'placement.bind', { PLACEMENT: 'SONET_GROUP_DETAIL_TAB', HANDLER: 'http://localhost:1/widget', TITLE: 'Training' }, admin.access_token)).body.result).toBe(true);
    const created = await rest(first, 'sonet_group.create', { NAME: 'Persisted Group', VISIBLE: 'Y', OPENED: 'N' }, admin.access_token);
    const groupId = Number(created.body.result);
    expect(groupId).toBeGreaterThan(SEED_GROUPS.benchmark);
    expect((await rest(first, 'sonet_group.user.invite', { GROUP_ID: groupId, USER_ID: [SEED_USERS.employee] }, admin.access_token)).body.result).toEqual(['3']);
    expect((await rest(first, 'sonet_group.user.invite', { GROUP_ID: SEED_GROUPS.englishClub, USER_ID: [22] }, admin.access_token)).body.result).toEqual(['22']);
    await rest(first, 'sonet_group.update', { GROUP_ID: SEED_GROUPS.onboarding, NAME: 'Onboarding 2.0' }, admin.access_token);
    await rest(first, 'sonet_group.delete', { GROUP_ID: SEED_GROUPS.archivedKickoff }, admin.access_token);
    await rest(first, 'app.option.set', { options: { setupDone: 'Y' } }, admin.access_token);
    await rest(first, 'user.option.set', { options: { tour: 'seen' } }, employee.access_token);
    await rest(first, 'im.notify.system.add', { USER_ID: SEED_USERS.employee, MESSAGE: 'You were invited' }, admin.access_token);
    const newcomer = await first.controls.addUser({ name: 'Nora', lastName: 'Newman' });
    first.controls.setUserActive(SEED_USERS.moderator, false);
    const applicationToken = first.controls.applicationToken();
    const memberId = first.memberId;
    const port = portOf(first);
    await stop(first);

    // The file was written atomically (no temporary files left) with the current schema version
    expect(fs.readdirSync(path.dirname(file))).toEqual(['local-portal.json']);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).version).toBe(STATE_FILE_VERSION);

    // When the portal starts again on the same port from the same file
    const second = await start(port);
    expect(second.url).toBe(`http://localhost:${port}`);

    // Then the app's stored tokens still work and the app is installed, with the same identity
    const profile = await request(`${second.url}/rest/profile`, { headers: { authorization: `Bearer ${employee.access_token}` } });
    expect(profile).toMatchObject({ status: 200, body: { result: { ID: '3', ADMIN: false } } });
    expect(await appInfo(second, admin.access_token)).toMatchObject({ INSTALLED: true });
    expect(second.memberId).toBe(memberId);
    expect(second.controls.applicationToken()).toBe(applicationToken);
    expect(second.controls.installed()).toBe(true);
    // A saved refresh token still rotates
    const refreshed = await postForm(
      `${second.url}/oauth/token/`,
      new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT.id, client_secret: CLIENT.secret, refresh_token: admin.refresh_token }).toString(),
    );
    expect(refreshed).toMatchObject({ status: 200, body: { user_id: SEED_USERS.admin, member_id: memberId } });

    // And the bindings, groups, memberships, options, notifications and people are there
    expect(second.controls.boundEvents()).toEqual([{ event: 'ONSONETGROUPUPDATE', handler: HANDLER }]);
    expect(second.controls.boundPlacements()).toEqual([{ placement: 'SONET_GROUP_DETAIL_TAB', handler: 'http://localhost:1/widget' }]);
    const group = await rest(second, 'sonet_group.get', { FILTER: { ID: groupId } }, admin.access_token);
    expect(group.body.result).toEqual([expect.objectContaining({ ID: String(groupId), NAME: 'Persisted Group' })]);
    expect(second.controls.relations(groupId)).toEqual([
      expect.objectContaining({ userId: SEED_USERS.admin, role: 'A' }),
      expect.objectContaining({ userId: SEED_USERS.employee, role: 'Z', initiatedBy: 'G' }),
    ]);
    expect(second.controls.relations(SEED_GROUPS.englishClub)).toContainEqual(expect.objectContaining({ userId: 22, role: 'Z' }));
    const groups = second.controls.groups();
    expect(groups.find((g) => g.id === SEED_GROUPS.onboarding)?.name).toBe('Onboarding 2.0');
    expect(groups.find((g) => g.id === SEED_GROUPS.archivedKickoff)).toBeUndefined();
    // Untouched seed data is regenerated as before
    expect(second.controls.relations(SEED_GROUPS.benchmark)).toHaveLength(121);
    expect((await rest(second, 'app.option.get', {}, admin.access_token)).body.result).toEqual({ setupDone: 'Y' });
    expect((await rest(second, 'user.option.get', {}, employee.access_token)).body.result).toEqual({ tour: 'seen' });
    // The app's notification, and those Bitrix24 itself sent to the people invited to workgroups.
    expect(second.controls.notifications().filter((n) => n.fromUserId === null)).toEqual([expect.objectContaining({ userId: SEED_USERS.employee, message: 'You were invited' })]);
    expect(second.controls.notifications().filter((n) => n.tag?.startsWith('SOCNET|INVITE_GROUP|'))).not.toHaveLength(0);
    const users = second.controls.users();
    expect(users.find((u) => u.id === newcomer.id)).toMatchObject({ name: 'Nora', lastName: 'Newman', active: true });
    expect(users.find((u) => u.id === SEED_USERS.moderator)?.active).toBe(false);
    // Ids are not reused after the restart
    const next = await rest(second, 'sonet_group.create', { NAME: 'After restart' }, admin.access_token);
    expect(Number(next.body.result)).toBe(groupId + 1);
    expect((await second.controls.addUser({ name: 'Otto', lastName: 'Next' })).id).toBe(newcomer.id + 1);
    expect(warnings).toEqual([]);
  });

  it('keeps the member_id and application token for the same file, whatever the port', async () => {
    const first = await start();
    const { memberId } = first;
    const applicationToken = first.controls.applicationToken();
    await stop(first);
    const second = await start();
    expect(second.memberId).toBe(memberId);
    expect(second.controls.applicationToken()).toBe(applicationToken);
    // A portal with its own file gets its own identity
    const other = await startTestPortal({ stateFile: path.join(dir, 'other.json'), onWarning: (m) => warnings.push(m) });
    open.push(other);
    expect(other.controls.applicationToken()).not.toBe(applicationToken);
  });

  it('saves soon after a change, before close, once the debounce has passed on the portal clock', async () => {
    const clock = manualClock();
    const portal = await startTestPortal({ stateFile: file, onWarning: (m) => warnings.push(m), clock });
    open.push(portal);
    portal.controls.finishInstall();
    // No wall-clock deadline: the clock's sleep returns at once, so only the file write is awaited
    let data: any = null;
    while (!data) {
      try {
        const read = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (read.app.installed === true) data = read;
      } catch {
        // not written yet
      }
      await new Promise((r) => setImmediate(r));
    }
    expect(data.memberId).toBe(portal.memberId);
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(new Set(clock.sleeps)).toEqual(new Set([250]));
    // Only runtime changes are written, not the seed
    expect(data.users).toEqual([]);
    expect(data.relations).toEqual([]);
  });

  it('keeps the frame sessions of pages left open: refreshAuth still works after the restart', async () => {
    const first = await start();
    first.controls.finishInstall();
    const page = await request(`${first.url}/?as=${SEED_USERS.employee}`);
    const sid = /data-app-sid="([0-9a-f]+)"/.exec(page.body)![1];
    const port = portOf(first);
    await stop(first);
    const second = await start(port);
    const refreshed = await request(`${second.url}/_portal/frame/${sid}/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, data: '{}' });
    expect(refreshed.status).toBe(200);
    expect((await rest(second, 'profile', {}, refreshed.body.AUTH_ID)).body.result).toMatchObject({ ID: '3' });
  });

  it('does not keep fault switches or expired tokens', async () => {
    const first = await start();
    first.controls.finishInstall();
    const expired = first.controls.issueTokens(SEED_USERS.admin).access_token;
    first.controls.expireAllAccessTokens();
    first.controls.setFaults({ rate503: 1 });
    const port = portOf(first);
    await stop(first);
    const second = await start(port);
    const answer = await rest(second, 'app.info', {}, expired);
    expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    expect(await appInfo(second, second.controls.issueTokens(SEED_USERS.admin).access_token)).toMatchObject({ INSTALLED: true });
  });

  it('keeps an uninstalled app uninstalled: its tokens stay dead, the OAuth server refuses the client', async () => {
    const first = await start();
    first.controls.finishInstall();
    const pair = first.controls.issueTokens(SEED_USERS.admin);
    await first.controls.uninstall({ clean: false });
    const port = portOf(first);
    await stop(first);
    const second = await start(port);
    expect(second.controls.installed()).toBe(false);
    expect((await rest(second, 'profile', {}, pair.access_token)).body.error).toBe('invalid_token');
    const grant = await postForm(
      `${second.url}/oauth/token/`,
      new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT.id, client_secret: CLIENT.secret, refresh_token: pair.refresh_token }).toString(),
    );
    expect(grant.body.error).toBe('invalid_client');
    expect((await request(`${second.url}/?as=1`)).body).toContain('data-testid="app-uninstalled"');
  });

  it.each([
    ['a corrupt file', '{"version": 1, "app": {', /not valid JSON/],
    ['a file of an old schema version', JSON.stringify({ version: 0, memberId: 'old', app: { installed: true } }), /schema version 0/],
    ['a file of the right version but malformed', JSON.stringify({ version: STATE_FILE_VERSION, clientId: CLIENT.id, bigGroupMembers: 120, app: { installed: true } }), /cannot be used/],
    ['a file of another app', JSON.stringify({ version: STATE_FILE_VERSION, clientId: 'someone.else', bigGroupMembers: 120 }), /client id/],
  ])('ignores %s with a warning and starts fresh', async (_what, content, warning) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const portal = await start();
    expect(warnings).toEqual([expect.stringMatching(warning)]);
    expect(portal.controls.installed()).toBe(false);
    expect(portal.memberId).toMatch(/^local-portal-[0-9a-f]{12}$/);
    expect(await appInfo(portal, portal.controls.issueTokens(SEED_USERS.admin).access_token)).toMatchObject({ INSTALLED: false });
    // The fresh state replaces the unusable file
    portal.controls.finishInstall();
    await stop(portal);
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(data).toMatchObject({ version: STATE_FILE_VERSION, clientId: CLIENT.id, app: { installed: true } });
  });
});
