import vm from 'node:vm';
import type { LocalPortal } from '../../server/dev-portal';
import { SEED_GROUPS, SEED_USERS } from '../../server/dev-portal';
import { FRAME_PARENT_JS } from '../../server/dev-portal/frame-parent';
import { request, rest, startTestPortal, tokenOf } from './dev-portal-support';

/** The portal page that hosts the app (BITRIX24.md §1.2, §1.3, §6.3), its frame AJAX and the control API. */

const APP = 'http://localhost:3999';
const { admin, employee } = SEED_USERS;

interface FrameConfig {
  sid: string;
  action: string;
  frameName: string;
  origin: string;
  fields: Record<string, string>;
  initData: Record<string, any>;
  denied: string[];
}

/** The page's window.__PORTAL__ (what frame-parent.js works from). */
function portalConfig(html: string): { frames: FrameConfig[]; people: Array<{ id: number }>; labels: Record<string, string> } {
  const match = /window\.__PORTAL__=(.*?)<\/script>/s.exec(html);
  if (!match) throw new Error('no portal config in page');
  return JSON.parse(match[1]!);
}

const page = (portal: LocalPortal, path: string) => request(`${portal.url}${path}`, { responseType: 'text' });
const ajax = (portal: LocalPortal, sid: string, action: string, data: unknown = {}) =>
  request(`${portal.url}/_portal/frame/${sid}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, data: JSON.stringify(data) });

describe('local portal: the page that hosts the app', () => {
  let portal: LocalPortal;
  beforeAll(async () => {
    portal = await startTestPortal({ appBaseUrl: APP });
  });
  afterAll(() => portal.close());

  it('serves a parent script that parses', () => {
    expect(() => new vm.Script(FRAME_PARENT_JS)).not.toThrow();
  });

  it('opens the installer for an admin before installFinish, by a form POST into a named iframe', async () => {
    const res = await page(portal, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('data-testid="user-switcher"');
    expect(res.body).toContain('data-testid="app-frame-container"');
    const [frame] = portalConfig(res.body).frames;
    expect(frame!.frameName).toBe(`${portal.domain}|0|${frame!.sid}`);
    expect(frame!.origin).toBe(APP);
    const action = new URL(frame!.action);
    expect(action.origin + action.pathname).toBe(`${APP}/install`);
    expect(Object.fromEntries(action.searchParams)).toEqual({ DOMAIN: portal.domain, PROTOCOL: '0', LANG: 'en', APP_SID: frame!.sid });
    expect(frame!.fields).toEqual({
      AUTH_ID: expect.any(String),
      AUTH_EXPIRES: '3600',
      REFRESH_ID: expect.any(String),
      SERVER_ENDPOINT: `${portal.url}/rest/`,
      APPLICATION_TOKEN: portal.controls.applicationToken(),
      APPLICATION_SCOPE: 'user_basic,department,sonet_group,socialnetwork,im,placement',
      member_id: portal.memberId,
      status: 'F',
      PLACEMENT: 'DEFAULT',
    });
    expect(frame!.initData).toMatchObject({
      DOMAIN: portal.domain, PROTOCOL: 0, PATH: '/rest', LANG: 'en', AUTH_ID: frame!.fields.AUTH_ID, MEMBER_ID: portal.memberId,
      FIRST_RUN: true, INSTALL: true, IS_ADMIN: true, PLACEMENT: 'DEFAULT', PLACEMENT_OPTIONS: {}, APP_OPTIONS: {}, USER_OPTIONS: {},
    });
    // The frame's token is the viewer's
    expect((await rest(portal, 'user.current', {}, frame!.fields.AUTH_ID)).body.result.ID).toBe('1');
  });

  it("labels the users of its switcher by what Bitrix24 knows of them, never by the app's roles", async () => {
    const options = (html: string) => new Map([...html.matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)].map((m) => [Number(m[1]), m[2]]));
    const en = options((await page(portal, `/?as=${employee}`)).body);
    expect(en.get(SEED_USERS.admin)).toBe('Anna Petrova (administrator)');
    // The app may have named Michael a moderator, or not: the portal cannot know, so it says what it knows
    expect(en.get(SEED_USERS.moderator)).toBe('Michael Turner (employee)');
    expect(en.get(SEED_USERS.employee)).toBe('Olga Smirnova (employee)');
    expect(en.get(SEED_USERS.extranet)).toBe('John Carter (extranet)');
    expect([...en.values()].filter((label) => /moderator/i.test(label))).toEqual([]);
    const ru = options((await page(portal, `/?as=${employee}&lang=ru`)).body);
    expect(ru.get(SEED_USERS.admin)).toBe('Anna Petrova (администратор)');
    expect(ru.get(SEED_USERS.extranet)).toBe('John Carter (экстранет)');
    // And it has an icon of its own, so browsers stop asking for one in vain
    const icon = await request(`${portal.url}/favicon.ico`, { responseType: 'text' });
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('tells a non-admin the app is not fully installed, without a frame', async () => {
    const res = await page(portal, `/?as=${employee}`);
    expect(res.body).toContain('data-testid="app-not-installed"');
    expect(portalConfig(res.body).frames).toEqual([]);
    expect(res.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringContaining('b24_local_portal_user=3')]));
  });

  it('answers the parent-side AJAX: setInstall, refreshAuth, options, and installFinish for admins only', async () => {
    const [adminFrame] = portalConfig((await page(portal, '/')).body).frames;
    const sid = adminFrame!.sid;
    const refreshed = (await ajax(portal, sid, 'refresh')).body;
    expect(refreshed).toEqual({ AUTH_ID: expect.any(String), AUTH_EXPIRES: '3600', REFRESH_ID: expect.any(String) });
    expect((await rest(portal, 'profile', {}, refreshed.AUTH_ID)).body.result.ID).toBe('1');
    await ajax(portal, sid, 'set-install', { install: true });
    await ajax(portal, sid, 'app-option', { name: 'theme', value: 'dark' });
    await ajax(portal, sid, 'user-option', { name: 'tab', value: 'plans' });
    expect((await rest(portal, 'app.option.get', { option: 'theme' }, refreshed.AUTH_ID)).body.result).toBe('dark');
    const [again] = portalConfig((await page(portal, '/')).body).frames;
    expect(again!.initData).toMatchObject({ FIRST_RUN: false, APP_OPTIONS: { theme: 'dark' }, USER_OPTIONS: { tab: 'plans' } });
    // A non-admin's session cannot finish the installation or set app options
    const employeeSid = portal.controls.frameLaunch(employee).query.APP_SID!;
    expect((await ajax(portal, employeeSid, 'install-finish', { value: true })).body).toEqual({ result: false });
    expect((await ajax(portal, employeeSid, 'app-option', { name: 'x', value: 1 })).status).toBe(403);
    expect(portal.controls.installed()).toBe(false);
    expect((await ajax(portal, sid, 'install-finish', { value: true })).body).toEqual({ result: true });
    expect(portal.controls.installed()).toBe(true);
  });

  it('after installFinish opens the app URL for everyone, in the viewer language', async () => {
    const res = await page(portal, `/?as=${employee}&lang=ru`);
    expect(res.body).toContain('Учебные группы');
    const [frame] = portalConfig(res.body).frames;
    const action = new URL(frame!.action);
    expect(action.origin + action.pathname).toBe(`${APP}/`);
    expect(action.searchParams.get('LANG')).toBe('ru');
    expect(frame!.initData).toMatchObject({ INSTALL: false, IS_ADMIN: false, LANG: 'ru' });
    expect((await rest(portal, 'user.current', {}, frame!.fields.AUTH_ID)).body.result.ID).toBe('3');
  });

  it('shows the SONET_GROUP_DETAIL_TAB widget on a group page once bound, with GROUP_ID in PLACEMENT_OPTIONS', async () => {
    const t = tokenOf(portal, admin);
    await rest(portal, 'placement.bind', { PLACEMENT: 'SONET_GROUP_DETAIL_TAB', HANDLER: `${APP}/placement`, TITLE: 'Training' }, t);
    const about = await page(portal, `/workgroups/group/${SEED_GROUPS.onboarding}/?as=${employee}`);
    expect(about.body).toContain('data-testid="placement-tab"');
    const tab = /href="([^"]*tab=placement-\d+)"/.exec(about.body)![1]!;
    const widget = await page(portal, tab.replace(/&amp;/g, '&'));
    const [frame] = portalConfig(widget.body).frames;
    expect(new URL(frame!.action).pathname).toBe('/placement');
    expect(frame!.fields).toMatchObject({ PLACEMENT: 'SONET_GROUP_DETAIL_TAB', PLACEMENT_OPTIONS: '{"GROUP_ID":"1"}' });
    expect(frame!.initData.PLACEMENT_OPTIONS).toEqual({ GROUP_ID: '1' });
    expect(frame!.denied).toEqual(['setTitle']);
    // A secret group is not there for an outsider
    expect((await page(portal, `/workgroups/group/${SEED_GROUPS.managementBoard}/?as=${employee}`)).status).toBe(404);
  });

  it('hands frameLaunch data to tests, answers the CORS preflight for the app origin only, serves avatars', async () => {
    const launch = portal.controls.frameLaunch(SEED_USERS.moderator, { lang: 'ru', placement: 'SONET_GROUP_DETAIL_TAB', placementOptions: { GROUP_ID: '2' } });
    expect(launch.query).toEqual({ DOMAIN: portal.domain, PROTOCOL: '0', LANG: 'ru', APP_SID: expect.any(String) });
    expect(launch.fields).toMatchObject({ PLACEMENT: 'SONET_GROUP_DETAIL_TAB', PLACEMENT_OPTIONS: '{"GROUP_ID":"2"}', member_id: portal.memberId });
    const preflight = await request(`${portal.url}/rest/user.get`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(APP);
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');
    const foreign = await request(`${portal.url}/rest/user.get`, { method: 'OPTIONS', headers: { origin: 'http://evil.example' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const avatar = await request(`${portal.url}/upload/avatar/3.svg`, { responseType: 'text' });
    expect(avatar.headers['content-type']).toContain('image/svg+xml');
  });

  it('exposes the controls over HTTP under /_control', async () => {
    const state = await request(`${portal.url}/_control/state`);
    expect(state.body).toMatchObject({ domain: portal.domain, memberId: portal.memberId, installed: true });
    const t = tokenOf(portal, admin);
    await request(`${portal.url}/_control/expire-tokens`, { method: 'POST' });
    expect((await rest(portal, 'user.admin', {}, t)).body.error).toBe('expired_token');
    const faults = await request(`${portal.url}/_control/faults`, { method: 'POST', data: { rate503: 1 } });
    expect(faults.body).toEqual({ ok: true, result: null });
    expect((await rest(portal, 'user.admin', {}, tokenOf(portal, admin))).status).toBe(503);
    await request(`${portal.url}/_control/faults`, { method: 'POST', data: { rate503: 0 } });
    const bad = await request(`${portal.url}/_control/accept-invitation`, { method: 'POST', data: { groupId: 1, userId: 1 } });
    expect(bad).toMatchObject({ status: 400, body: { ok: false, error: expect.stringContaining('no pending invitation') } });
    const stats = await request(`${portal.url}/_control/stats`);
    expect(stats.body.restRequests).toBeGreaterThan(0);
  });
});
