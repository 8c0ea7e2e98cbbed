import type { LocalPortal } from '../../server/dev-portal';
import { SEED_GROUPS, SEED_USERS } from '../../server/dev-portal';
import { CLIENT, postForm, rest, startSink, startTestPortal, tokenOf } from './dev-portal-support';

/** Install state, event and widget bindings, outgoing events and uninstall (BITRIX24.md §1.3–§1.5, §5.5, §5.6, §5.9). */

const { admin, employee } = SEED_USERS;

describe('local portal: bindings, install and events', () => {
  let portal: LocalPortal;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let t: string;
  beforeAll(async () => {
    sink = await startSink();
    portal = await startTestPortal({ appBaseUrl: sink.url });
    t = tokenOf(portal, admin);
  });
  afterAll(async () => {
    await portal.close();
    await sink.close();
  });

  it('binds events for admins, refuses duplicates, unknown events and non-admin offline events', async () => {
    const handler = `${sink.url}/bitrix/events`;
    for (const event of ['ONAPPUNINSTALL', 'onSonetGroupUpdate', 'ONUSERADD']) {
      expect((await rest(portal, 'event.bind', { event, handler }, t)).body.result).toBe(true);
    }
    expect(await rest(portal, 'event.bind', { event: 'ONSONETGROUPUPDATE', handler }, t)).toMatchObject({
      status: 400,
      body: { error: 'ERROR_HANDLER_ALREADY_EXIST' },
    });
    expect((await rest(portal, 'event.bind', { event: 'ONNOTHING', handler }, t)).body.error).toBe('ERROR_EVENT_NOT_FOUND');
    expect((await rest(portal, 'event.bind', { event: 'ONUSERADD', handler: 'ftp://x' }, t)).body.error).toBe('ERROR_UNSUPPORTED_PROTOCOL');
    expect((await rest(portal, 'event.bind', { event: 'ONUSERADD', event_type: 'offline' }, tokenOf(portal, employee))).status).toBe(403);
    const listed = await rest(portal, 'event.get', {}, t);
    expect(listed.body.result).toEqual([
      { event: 'ONAPPUNINSTALL', handler, auth_type: '0', offline: 0 },
      { event: 'ONSONETGROUPUPDATE', handler, auth_type: '0', offline: 0 },
      { event: 'ONUSERADD', handler, auth_type: '0', offline: 0 },
    ]);
    expect(portal.controls.boundEvents()).toHaveLength(3);
  });

  it('binds widgets for admins only; a second bind of the same handler fails with ERROR_CORE', async () => {
    const params = { PLACEMENT: 'SONET_GROUP_DETAIL_TAB', HANDLER: `${sink.url}/placement`, TITLE: 'Training', LANG_ALL: { ru: { TITLE: 'Обучение' } } };
    expect((await rest(portal, 'placement.bind', params, tokenOf(portal, SEED_USERS.moderator))).status).toBe(403);
    expect((await rest(portal, 'placement.bind', params, t)).body.result).toBe(true);
    expect(await rest(portal, 'placement.bind', params, t)).toMatchObject({
      status: 400,
      body: { error: 'ERROR_CORE', error_description: 'Unable to set placement handler: Handler already binded' },
    });
    expect((await rest(portal, 'placement.bind', { ...params, PLACEMENT: 'CRM_LEAD_DETAIL_TAB' }, t)).body.error).toBe('ERROR_PLACEMENT_NOT_FOUND');
    expect((await rest(portal, 'placement.bind', { HANDLER: params.HANDLER }, t)).body).toMatchObject({ error: 'ERROR_ARGUMENT', argument: 'PLACEMENT' });
    const got = await rest(portal, 'placement.get', {}, t);
    expect(got.body.result).toEqual([
      { placement: 'SONET_GROUP_DETAIL_TAB', userId: 0, handler: params.HANDLER, options: {}, title: 'Training', description: '', langAll: { ru: { TITLE: 'Обучение' } } },
    ]);
  });

  it('delivers nothing until installFinish, and app.info says INSTALLED false', async () => {
    expect((await rest(portal, 'app.info', {}, t)).body.result).toMatchObject({ INSTALLED: false, STATUS: 'F', CODE: 'training_groups' });
    await rest(portal, 'sonet_group.user.add', { GROUP_ID: SEED_GROUPS.onboarding, USER_ID: [8] }, t);
    await portal.controls.flushEvents();
    expect(sink.received).toHaveLength(0);
    expect(await portal.controls.sendEvent('ONUSERADD', { ID: '1' })).toBe(0);
    await expect(portal.controls.sendEvent('ONAPPTEST', {})).rejects.toThrow(/no handler is bound/);
  });

  it('after installFinish, posts ONSONETGROUPUPDATE form-encoded with auth[...] once per group per hit', async () => {
    portal.controls.finishInstall();
    expect((await rest(portal, 'app.info', {}, t)).body.result.INSTALLED).toBe(true);
    // When the admin adds two people in one call
    await rest(portal, 'sonet_group.user.add', { GROUP_ID: SEED_GROUPS.onboarding, USER_ID: [12, 13] }, t);
    await portal.controls.flushEvents();
    // Then one event arrives, as a form POST with PHP-style keys
    expect(sink.received).toHaveLength(1);
    const [hit] = sink.received;
    expect(hit!.path).toBe('/bitrix/events');
    expect(hit!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(hit!.raw).toContain('auth%5Bapplication_token%5D=');
    expect(hit!.body).toEqual({
      event: 'ONSONETGROUPUPDATE',
      event_handler_id: expect.stringMatching(/^\d+$/),
      data: { FIELDS: { ID: String(SEED_GROUPS.onboarding) } },
      ts: expect.stringMatching(/^\d+$/),
      auth: {
        access_token: expect.any(String),
        expires: expect.stringMatching(/^\d+$/),
        expires_in: '3600',
        scope: 'user_basic,department,sonet_group,socialnetwork,im,placement',
        domain: portal.domain,
        server_endpoint: `${portal.url}/rest/`,
        client_endpoint: `${portal.url}/rest/`,
        member_id: portal.memberId,
        application_token: portal.controls.applicationToken(),
        status: 'F',
        user_id: String(admin),
      },
    });
    // The event's token is the triggering user's and works
    expect((await rest(portal, 'profile', {}, hit!.body.auth.access_token)).body.result.ID).toBe('1');
  });

  it('sends ONSONETGROUPUPDATE when an invitation is accepted, with the accepting user token', async () => {
    sink.received.length = 0;
    await rest(portal, 'sonet_group.user.invite', { GROUP_ID: SEED_GROUPS.englishClub, USER_ID: 22 }, t);
    await portal.controls.flushEvents();
    expect(sink.received).toHaveLength(0);
    portal.controls.acceptInvitation(SEED_GROUPS.englishClub, 22);
    await portal.controls.flushEvents();
    expect(sink.received.map((r) => [r.body.event, r.body.data.FIELDS.ID, r.body.auth.user_id])).toEqual([['ONSONETGROUPUPDATE', '7', '22']]);
  });

  it('sends ONUSERADD with the scope-allowed fields when someone joins the portal', async () => {
    sink.received.length = 0;
    const user = await portal.controls.addUser({ name: 'Новый', lastName: 'Сотрудник', position: 'Trainee', departments: [6] });
    const [hit] = sink.received;
    expect(hit!.body.event).toBe('ONUSERADD');
    expect(hit!.body.data).toMatchObject({ ID: String(user.id), NAME: 'Новый', LAST_NAME: 'Сотрудник', UF_DEPARTMENT: ['6'] });
    expect(hit!.body.data.EMAIL).toMatch(/@/); // user_basic shows e-mail; user_brief would not
    const found = await rest(portal, 'user.get', { ID: user.id }, t);
    expect(found.body.result[0].WORK_POSITION).toBe('Trainee');
  });

  it('sends a forged application_token on request, and reports the handler status', async () => {
    sink.received.length = 0;
    expect(await portal.controls.sendEvent('ONUSERADD', { ID: '3' }, { applicationToken: 'forged', userId: null })).toBe(200);
    expect(sink.received[0]!.body.auth).toEqual({
      domain: portal.domain,
      client_endpoint: `${portal.url}/rest/`,
      server_endpoint: `${portal.url}/rest/`,
      member_id: portal.memberId,
      application_token: 'forged',
    });
  });

  it('uninstalls: ONAPPUNINSTALL without tokens, tokens revoked, OAuth refuses, bindings gone; reinstall starts over', async () => {
    sink.received.length = 0;
    const pair = portal.controls.issueTokens(admin);
    const oldAppToken = portal.controls.applicationToken();
    expect(await portal.controls.uninstall({ clean: true })).toBe(200);
    const [hit] = sink.received;
    expect(hit!.body).toMatchObject({ event: 'ONAPPUNINSTALL', data: { LANGUAGE_ID: 'en', CLEAN: '1' } });
    expect(hit!.body.auth).toEqual({
      domain: portal.domain,
      client_endpoint: `${portal.url}/rest/`,
      server_endpoint: `${portal.url}/rest/`,
      member_id: portal.memberId,
      application_token: oldAppToken,
    });
    expect((await rest(portal, 'user.current', {}, pair.access_token)).body.error).toBe('invalid_token');
    const refresh = await postForm(`${portal.url}/oauth/token/`, new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT.id, client_secret: CLIENT.secret, refresh_token: pair.refresh_token }).toString());
    expect(refresh.body.error).toBe('invalid_client');
    expect(portal.controls.boundEvents()).toEqual([]);
    expect(portal.controls.boundPlacements()).toEqual([]);
    expect(portal.controls.installed()).toBe(false);
    portal.controls.reinstall();
    expect(portal.controls.applicationToken()).not.toBe(oldAppToken);
    expect((await rest(portal, 'app.info', {}, tokenOf(portal, admin))).body.result.INSTALLED).toBe(false);
  });
});

describe('local portal: unreachable handlers', () => {
  it('drops the event (status 0) without retrying', async () => {
    const portal = await startTestPortal();
    try {
      const t = tokenOf(portal, admin);
      await rest(portal, 'event.bind', { event: 'ONSONETGROUPUPDATE', handler: 'http://localhost:1/nowhere' }, t);
      portal.controls.finishInstall();
      await rest(portal, 'sonet_group.user.add', { GROUP_ID: 1, USER_ID: 7 }, t);
      await portal.controls.flushEvents();
      expect(portal.controls.deliveredEvents().map((e) => [e.event, e.status])).toEqual([['ONSONETGROUPUPDATE', 0]]);
    } finally {
      await portal.close();
    }
  });
});
