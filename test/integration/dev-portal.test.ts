import type { LocalPortal } from '../../server/dev-portal';
import { SEED_USERS, startLocalPortal } from '../../server/dev-portal';
import { manualClock } from '../support/manual-clock';
import { CLIENT, postForm, request, rest, startTestPortal, tokenOf } from './dev-portal-support';

/** The local portal as an OAuth server and a REST API: real HTTP, BITRIX24.md §2–§4. */

async function token(portal: LocalPortal, params: Record<string, string>, how: 'GET' | 'POST' = 'POST') {
  const body = new URLSearchParams(params).toString();
  const res = how === 'GET' ? await request(`${portal.url}/oauth/token/?${body}`) : await postForm(`${portal.url}/oauth/token/`, body);
  return { status: res.status, body: res.body as Record<string, any> };
}

describe('local portal: OAuth server', () => {
  let portal: LocalPortal;
  beforeAll(async () => {
    portal = await startTestPortal({ appBaseUrl: 'http://localhost:3999' });
  });
  afterAll(() => portal.close());

  it('hands out "localhost" URLs and a stable member_id', () => {
    expect(portal.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(portal.domain).toBe(portal.url.replace('http://', ''));
    expect(portal.memberId).toMatch(/^local-portal-[0-9a-f]{12}$/);
  });

  it('authorizes a logged-in user, redirects with a code, and the code is exchanged once within 30 s', async () => {
    // Given the employee authorizes the app on the portal
    const auth = await request(`${portal.url}/oauth/authorize/?client_id=${CLIENT.id}&state=xyz&as=${SEED_USERS.employee}`);
    expect(auth.status).toBe(302);
    const redirect = new URL(auth.headers.location);
    expect(redirect.origin + redirect.pathname).toBe('http://localhost:3999/oauth/callback');
    expect(Object.fromEntries(redirect.searchParams)).toEqual({
      code: expect.any(String),
      state: 'xyz',
      domain: portal.domain,
      member_id: portal.memberId,
      scope: 'user_basic,department,sonet_group,socialnetwork,im,placement',
      server_domain: portal.domain,
    });
    // When the app exchanges the code (GET with query, as the docs show)
    const code = redirect.searchParams.get('code')!;
    const first = await token(portal, { grant_type: 'authorization_code', client_id: CLIENT.id, client_secret: CLIENT.secret, code }, 'GET');
    // Then it gets the §2.2 fields for that user
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires: expect.any(Number),
      expires_in: 3600,
      scope: 'user_basic,department,sonet_group,socialnetwork,im,placement',
      domain: portal.domain,
      server_endpoint: `${portal.url}/rest/`,
      client_endpoint: `${portal.url}/rest/`,
      status: 'F',
      member_id: portal.memberId,
      user_id: SEED_USERS.employee,
    });
    // And a second exchange of the same code fails
    const again = await token(portal, { grant_type: 'authorization_code', client_id: CLIENT.id, client_secret: CLIENT.secret, code });
    expect(again).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: expect.any(String) } });
  });

  it('rotates refresh tokens: the new pair works, the old refresh token is dead at once', async () => {
    const pair = portal.controls.issueTokens(SEED_USERS.admin);
    const grant = { grant_type: 'refresh_token', client_id: CLIENT.id, client_secret: CLIENT.secret };
    portal.controls.resetStats();
    const refreshed = await token(portal, { ...grant, refresh_token: pair.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(pair.refresh_token);
    expect(refreshed.body.user_id).toBe(SEED_USERS.admin);
    expect((await rest(portal, 'profile', {}, refreshed.body.access_token)).body.result.ADMIN).toBe(true);
    // The old one is consumed
    expect(await token(portal, { ...grant, refresh_token: pair.refresh_token })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.any(String) },
    });
    // The new one works once too
    expect((await token(portal, { ...grant, refresh_token: refreshed.body.refresh_token })).status).toBe(200);
    expect(portal.controls.stats().tokenRefreshes).toBe(2);
  });

  it('refuses a wrong client secret, unknown client and missing grant with OAuth errors', async () => {
    const pair = portal.controls.issueTokens(SEED_USERS.admin);
    const wrong = await token(portal, { grant_type: 'refresh_token', client_id: CLIENT.id, client_secret: 'nope', refresh_token: pair.refresh_token });
    expect(wrong.body.error).toBe('invalid_client');
    const unknown = await token(portal, { grant_type: 'refresh_token', client_id: 'app.other', client_secret: CLIENT.secret, refresh_token: pair.refresh_token });
    expect(unknown.body.error).toBe('invalid_client');
    // The failed attempts did not consume the refresh token
    expect((await token(portal, { grant_type: 'refresh_token', client_id: CLIENT.id, client_secret: CLIENT.secret, refresh_token: pair.refresh_token })).status).toBe(200);
    expect((await token(portal, { client_id: CLIENT.id, client_secret: CLIENT.secret })).body.error).toBe('invalid_request');
  });

  it('shows its own error page (no redirect) for an unknown client_id', async () => {
    const res = await request(`${portal.url}/oauth/authorize/?client_id=app.unknown&state=1`);
    expect(res.status).toBe(400);
    expect(res.body).toContain('data-testid="oauth-error"');
  });
});

describe('local portal: REST envelopes and authentication', () => {
  let portal: LocalPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(() => portal.close());

  it('answers with result and a time block; takes the token from auth, access_token or Bearer; .json suffix works', async () => {
    const t = tokenOf(portal, SEED_USERS.employee);
    const viaBody = await rest(portal, 'user.current', {}, t);
    expect(viaBody.status).toBe(200);
    expect(viaBody.body.result).toMatchObject({ ID: '3', ACTIVE: true, USER_TYPE: 'employee', UF_DEPARTMENT: [3] });
    // The app's user_basic shows e-mail (grouping rules match on its domain); user_brief would hide it
    expect(viaBody.body.result.EMAIL).toEqual(expect.stringContaining('@'));
    expect(viaBody.body.time).toEqual({
      start: expect.any(Number), finish: expect.any(Number), duration: expect.any(Number), processing: expect.any(Number),
      date_start: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/), date_finish: expect.any(String),
      operating_reset_at: expect.any(Number), operating: 0,
    });
    const viaQuery = await request(`${portal.url}/rest/user.current.json?access_token=${t}`);
    expect(viaQuery.body.result.ID).toBe('3');
    const viaBearer = await request(`${portal.url}/rest/profile`, { headers: { authorization: `Bearer ${t}` } });
    expect(viaBearer.body.result).toMatchObject({ ID: '3', ADMIN: false });
    // Form bodies with PHP-style keys work as well
    const form = await postForm(`${portal.url}/rest/user.get`, `auth=${t}&FILTER[%40ID][]=1&FILTER[%40ID][]=2`);
    expect(form.body.result.map((u: any) => u.ID)).toEqual(['1', '2']);
  });

  it('tolerates the double slash of `${client_endpoint}/${method}` (/rest//profile), as the real nginx does', async () => {
    // The b24jssdk joins client_endpoint ('http://localhost:PORT/rest/') and the method with another '/'
    const t = tokenOf(portal, SEED_USERS.employee);
    const single = await rest(portal, 'profile', {}, t);
    const double = await request(`${portal.url}/rest//profile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      data: JSON.stringify({ auth: t }),
    });
    expect(double.status).toBe(200);
    expect(double.body.result).toEqual(single.body.result);
    expect(double.body.result).toMatchObject({ ID: '3', ADMIN: false });
    // GET with a query, a .json suffix and a batch work through '//' too; the method name is not mangled
    const members = await request(`${portal.url}/rest//sonet_group.user.get.json?ID=1&auth=${t}`);
    expect(members.status).toBe(200);
    expect(members.body.result.length).toBeGreaterThan(0);
    const batch = await request(`${portal.url}/rest//batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      data: JSON.stringify({ auth: t, cmd: { me: 'profile' } }),
    });
    expect(batch.body.result.result.me).toMatchObject({ ID: '3' });
    // The preflight of the same URL is answered too
    expect((await request(`${portal.url}/rest//profile`, { method: 'OPTIONS' })).status).toBe(204);
  });

  it('answers 401 NO_AUTH_FOUND, invalid_token and, after expiry, expired_token', async () => {
    expect(await rest(portal, 'user.current', {})).toMatchObject({ status: 401, body: { error: 'NO_AUTH_FOUND' } });
    expect(await rest(portal, 'user.current', {}, 'bogus')).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    const t = tokenOf(portal, SEED_USERS.admin);
    portal.controls.expireAllAccessTokens();
    expect(await rest(portal, 'user.current', {}, t)).toMatchObject({
      status: 401,
      body: { error: 'expired_token', error_description: 'The access token provided has expired.' },
    });
    // Tokens issued afterwards work
    expect((await rest(portal, 'user.current', {}, tokenOf(portal, SEED_USERS.admin))).status).toBe(200);
  });

  it('hides e-mail from an app granted user_brief only', async () => {
    const brief = await startLocalPortal({ appBaseUrl: 'http://localhost:1', clientId: 'c', clientSecret: 's', scopes: ['user_brief'], seed: { bigGroupMembers: 0 } });
    try {
      const me = await rest(brief, 'user.current', {}, tokenOf(brief, SEED_USERS.employee));
      expect(me.body.result).toMatchObject({ ID: '3' });
      expect(me.body.result.EMAIL).toBeUndefined();
    } finally {
      await brief.close();
    }
  });

  it('answers 404 ERROR_METHOD_NOT_FOUND for unknown methods, 403 insufficient_scope for ungranted ones', async () => {
    const t = tokenOf(portal, SEED_USERS.admin);
    expect(await rest(portal, 'crm.lead.list', {}, t)).toMatchObject({ status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } });
    const narrow = await startLocalPortal({ appBaseUrl: 'http://localhost:1', clientId: 'c', clientSecret: 's', scopes: ['placement'], seed: { bigGroupMembers: 0 } });
    try {
      expect(await rest(narrow, 'user.get', {}, tokenOf(narrow, 1))).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    } finally {
      await narrow.close();
    }
  });

  it('pages lists by 50 with total and next; start=-1 gives no total; keyset paging with >ID works', async () => {
    const t = tokenOf(portal, SEED_USERS.admin);
    const first = await rest(portal, 'user.get', { ACTIVE: true }, t);
    expect(first.body.result).toHaveLength(50);
    const total = first.body.total as number;
    expect(total).toBeGreaterThan(150);
    expect(first.body.next).toBe(50);
    const last = await rest(portal, 'user.get', { ACTIVE: true, start: Math.floor((total - 1) / 50) * 50 }, t);
    expect(last.body.next).toBeUndefined();
    expect(last.body.total).toBe(total);
    // start=-1: no COUNT, no next
    const fast = await rest(portal, 'user.get', { FILTER: { '>ID': 1040 }, order: { ID: 'ASC' }, start: -1 }, t);
    expect(fast.body.result).toHaveLength(50);
    expect(fast.body.result[0].ID).toBe('1041');
    expect(fast.body).not.toHaveProperty('total');
    expect(fast.body).not.toHaveProperty('next');
    // sort/order and filters with operators, upper-cased keys
    const desc = await rest(portal, 'user.get', { sort: 'ID', order: 'DESC', filter: { '@ID': [1, 2, 3] } }, t);
    expect(desc.body.result.map((u: any) => u.ID)).toEqual(['3', '2', '1']);
    const extranet = await rest(portal, 'user.get', { FILTER: { USER_TYPE: 'extranet' }, ADMIN_MODE: true }, t);
    expect(extranet.body.result.map((u: any) => u.ID)).toEqual(['4', '44', '45', '46']);
    expect(extranet.body.result[0]).not.toHaveProperty('UF_DEPARTMENT');
    const inactive = await rest(portal, 'user.get', { FILTER: { ACTIVE: false } }, t);
    expect(inactive.body.result.map((u: any) => u.ID)).toEqual(['20', '33']);
    const dept = await rest(portal, 'user.get', { FILTER: { UF_DEPARTMENT: 3, ACTIVE: true, '<ID': 100 } }, t);
    expect(dept.body.result.map((u: any) => u.ID)).toEqual(['3', '10', '29', '37']);
  });

  it('narrows user.get for an extranet user to the people of their groups', async () => {
    const seen = await rest(portal, 'user.get', { ADMIN_MODE: true }, tokenOf(portal, SEED_USERS.extranet));
    expect(seen.body.result.map((u: any) => Number(u.ID)).sort((a: number, b: number) => a - b)).toEqual([2, 4, 15, 44, 45, 46]);
  });

  it('pages department.get and filters it', async () => {
    const t = tokenOf(portal, SEED_USERS.employee);
    const all = await rest(portal, 'department.get', {}, t);
    expect(all.body.total).toBe(9);
    expect(all.body.result[0]).toEqual({ ID: '1', NAME: 'Acme Corp', SORT: 500, UF_HEAD: '1' });
    const children = await rest(portal, 'department.get', { PARENT: 5, sort: 'NAME', order: 'DESC' }, t);
    expect(children.body.result.map((d: any) => d.NAME)).toEqual(['Support', 'Development']);
  });
});

describe('local portal: batch', () => {
  let portal: LocalPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(() => portal.close());

  it('runs commands in order with $result references and per-command errors, counting one request', async () => {
    const t = tokenOf(portal, SEED_USERS.employee);
    portal.controls.resetStats();
    const res = await rest(portal, 'batch', {
      halt: 0,
      cmd: {
        me: 'user.current',
        dep: 'department.get?ID=$result[me][UF_DEPARTMENT][0]',
        add: 'sonet_group.user.add?GROUP_ID=1&USER_ID[]=7',
        users: 'user.get?FILTER[@ID][]=1&FILTER[@ID][]=2',
      },
    }, t);
    expect(res.status).toBe(200);
    const r = res.body.result;
    expect(r.result.me.ID).toBe('3');
    expect(r.result.dep).toEqual([{ ID: '3', NAME: 'Продажи — Москва', SORT: 500, PARENT: '2', UF_HEAD: '10' }]);
    expect(r.result.users.map((u: any) => u.ID)).toEqual(['1', '2']);
    expect(r.result_error).toEqual({ add: { error: '', error_description: 'No permissions to add users' } });
    expect(r.result_total).toEqual({ dep: 1, users: 2 });
    expect(r.result_next).toEqual([]);
    expect(Object.keys(r.result_time)).toEqual(['me', 'dep', 'users']);
    expect(portal.controls.stats()).toMatchObject({ restRequests: 1, byMethod: { batch: 1 }, batchCommands: { 'user.current': 1, 'department.get': 1 } });
  });

  it('accepts cmd as an array, stops at the first error with halt=1, and answers empty maps as []', async () => {
    const t = tokenOf(portal, SEED_USERS.admin);
    const clean = await rest(portal, 'batch', { cmd: ['user.current', 'user.admin'] }, t);
    expect(clean.body.result.result).toEqual([expect.objectContaining({ ID: '1' }), true]);
    expect(clean.body.result.result_error).toEqual([]);
    const halted = await rest(portal, 'batch', { halt: 1, cmd: ['user.admin', 'no.such.method', 'user.current'] }, t);
    expect(halted.body.result.result).toEqual([true]);
    expect(halted.body.result.result_error).toEqual({ 1: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } });
    const nested = await rest(portal, 'batch', { cmd: { inner: 'batch?cmd[x]=user.current' } }, t);
    expect(nested.body.result.result_error.inner.error).toBe('ERROR_BATCH_METHOD_NOT_ALLOWED');
  });

  it('takes a whole batch from a GET query string, double-encoded as the docs show', async () => {
    const t = tokenOf(portal, SEED_USERS.employee);
    const url =
      `${portal.url}/rest/batch?auth=${t}&halt=0&cmd[get_user]=user.current%3F` +
      '&cmd[get_department]=department.get%3FID%3D%2524result%255Bget_user%255D%255BUF_DEPARTMENT%255D';
    const res = await request(url);
    expect(res.body.result.result.get_department).toEqual([expect.objectContaining({ ID: '3' })]);
    const nested = await request(`${portal.url}/rest/user.get?auth=${t}&FILTER[>ID]=46&FILTER[<ID]=100`);
    expect(nested.body.result.map((u: any) => u.ID)).toEqual(['47', '48']);
  });

  it('refuses more than 50 commands', async () => {
    const cmd = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 'user.admin']));
    const res = await rest(portal, 'batch', { cmd }, tokenOf(portal, SEED_USERS.admin));
    expect(res).toMatchObject({ status: 400, body: { error: 'ERROR_BATCH_LENGTH_EXCEEDED' } });
  });
});

describe('local portal: limits and faults', () => {
  it('answers 503 QUERY_LIMIT_EXCEEDED past the burst and recovers at the drain rate', async () => {
    // Given a bucket of 5 that drains 20 a second, on a clock that moves only when told
    const clock = manualClock();
    const portal = await startTestPortal({ limits: { burst: 5, drainPerSecond: 20 }, clock });
    try {
      const t = tokenOf(portal, SEED_USERS.admin);
      const status = async () => (await rest(portal, 'user.admin', {}, t)).status;
      // When 7 requests arrive at one instant, the first 5 pass and the rest are refused
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push(await status());
      expect(statuses).toEqual([200, 200, 200, 200, 200, 503, 503]);
      const limited = await rest(portal, 'user.admin', {}, t);
      expect(limited).toMatchObject({ status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } });
      // Refused requests do not fill the bucket: 49 ms drain less than one request, 50 ms exactly one
      clock.advance(49);
      expect(await status()).toBe(503);
      clock.advance(1);
      expect([await status(), await status()]).toEqual([200, 503]);
      // A quarter of a second drains 5: the whole burst again
      clock.advance(250);
      const again = [];
      for (let i = 0; i < 6; i++) again.push(await status());
      expect(again).toEqual([200, 200, 200, 200, 200, 503]);
      expect(portal.controls.stats().restRequests).toBe(17);
    } finally {
      await portal.close();
    }
  });

  it('injects 503/429 faults and latency on demand', async () => {
    const clock = manualClock();
    const portal = await startTestPortal({ clock });
    try {
      const t = tokenOf(portal, SEED_USERS.admin);
      portal.controls.setFaults({ rate429: 1 });
      const blocked = await rest(portal, 'user.get', {}, t);
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatchObject({ error: 'OPERATION_TIME_LIMIT', time: { operating_reset_at: Math.floor(clock.now() / 1000) + 600 } });
      portal.controls.setFaults({ rate429: 0, rate503: 1 });
      expect((await rest(portal, 'user.get', {}, t)).body.error).toBe('QUERY_LIMIT_EXCEEDED');
      // The latency is a wait on the portal's clock before the request is handled
      portal.controls.setFaults({ rate503: 0, latencyMs: 120 });
      expect(clock.sleeps).toEqual([]);
      expect((await rest(portal, 'user.admin', {}, t)).status).toBe(200);
      expect(clock.sleeps).toEqual([120]);
    } finally {
      await portal.close();
    }
  });
});
