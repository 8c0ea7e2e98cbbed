import { ApiError, createApiClient } from '../../client/api';
import { translator } from '../../client/i18n/i18n';
import { groupsClient } from '../../client/pages/groups/groups-client';
import { auditLabel, formatDay, joinMethodText, windowText } from '../../client/pages/groups/groups-format';
import { messages } from '../../client/i18n/messages';
import { AUDIT_ACTIONS, AUDIT_METHODS } from '../../server/groups/audit-repository';
import { MEMBER_SOURCES } from '../../server/groups/members-repository';

/** What the fake server saw: method, path and the Bitrix24 token header of each request. */
function fakeServer(answer: (call: { method: string; path: string; b24Token: string | null }) => Response) {
  const calls: Array<{ method: string; path: string; b24Token: string | null }> = [];
  const fetchImpl = (async (input: string, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call = { method: init?.method ?? 'GET', path: String(input), b24Token: headers['X-B24-Access-Token'] ?? null };
    calls.push(call);
    return answer(call);
  }) as unknown as typeof fetch;
  return { calls, api: createApiClient({ token: () => 'session', fetch: fetchImpl }) };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the training-groups client', () => {
  it('sends the frame token in X-B24-Access-Token on the routes that ask Bitrix24, never in the URL', async () => {
    const server = fakeServer(() => json(200, { workgroups: [], next: null }));
    const client = groupsClient(server.api, async () => 'frame-token-1');
    await client.workgroups({ q: 'Sales', start: 0 });
    expect(server.calls).toEqual([{ method: 'GET', path: '/api/workgroups?q=Sales&start=0', b24Token: 'frame-token-1' }]);
  });

  it('does not send it where Bitrix24 is not asked', async () => {
    const server = fakeServer(() => json(200, { total: 0, groups: [] }));
    const client = groupsClient(server.api, async () => 'frame-token-1');
    await client.list({ q: '' });
    expect(server.calls[0]).toEqual({ method: 'GET', path: '/api/groups', b24Token: null });
  });

  it('gets a new token once when Bitrix24 refused the first as expired, then gives up', async () => {
    const asked: boolean[] = [];
    let n = 0;
    const server = fakeServer((call) =>
      call.b24Token === 'fresh' ? json(200, { content: [] }) : json(401, { error: 'B24_TOKEN_EXPIRED', message: 'expired' }),
    );
    const client = groupsClient(server.api, async (force) => {
      asked.push(force);
      n += 1;
      return n === 1 ? 'stale' : 'fresh';
    });
    await expect(client.attach(7, 'course', 3)).resolves.toEqual({ content: [] });
    expect(asked).toEqual([false, true]);
    expect(server.calls.map((c) => c.b24Token)).toEqual(['stale', 'fresh']);

    const stubborn = fakeServer(() => json(401, { error: 'B24_TOKEN_EXPIRED', message: 'expired' }));
    const error = await groupsClient(stubborn.api, async () => 'any').attach(7, 'course', 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(stubborn.calls).toHaveLength(2);
  });

  it('sends no header when there is no Bitrix24 page to ask, and lets the server say it is needed', async () => {
    const server = fakeServer(() => json(428, { error: 'B24_TOKEN_REQUIRED', message: 'needs the token' }));
    const error = await groupsClient(server.api, async () => null).create({ workgroupId: 3 }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('B24_TOKEN_REQUIRED');
    expect(server.calls).toEqual([{ method: 'POST', path: '/api/groups', b24Token: null }]);
  });
});

describe('how groups are worded', () => {
  const en = translator('en');
  const ru = translator('ru');

  it('shows a calendar day as that day, whatever the time zone', () => {
    expect(formatDay('en', '2026-03-01')).toBe('Mar 1, 2026');
    expect(formatDay('ru', '2026-12-31')).toMatch(/^31 дек/);
  });

  it('words the access window, open-ended on either side', () => {
    expect(windowText(en, 'en', '2026-03-01', '2026-03-31')).toBe('Mar 1, 2026 – Mar 31, 2026');
    expect(windowText(en, 'en', '2026-03-01', null)).toBe('From Mar 1, 2026, no end date');
    expect(windowText(en, 'en', null, '2026-03-31')).toBe('Until Mar 31, 2026');
    expect(windowText(ru, 'ru', null, null)).toBe('Без ограничения по времени');
  });

  it('says which joining method applies and why, before anything is sent', () => {
    expect(joinMethodText(en, { method: 'add', via: 'bitrix24' }).title).toBe('Add to group');
    expect(joinMethodText(en, { method: 'add', via: 'bitrix24' }).why).toContain('added to the workgroup in Bitrix24');
    expect(joinMethodText(en, { method: 'invite', via: 'bitrix24' }).why).toContain('invitation to the workgroup');
    expect(joinMethodText(en, { method: 'app-invitation', via: 'app' }).why).toContain('accept it in My groups');
    expect(joinMethodText(ru, { method: 'app-invitation', via: 'app' }).title).toBe('Приглашение в группу');
  });

  it('words every action, method and source the audit trail stores, in both languages', () => {
    const stored = { action: AUDIT_ACTIONS, method: AUDIT_METHODS, source: MEMBER_SOURCES } as const;
    for (const field of ['action', 'method', 'source'] as const) {
      for (const value of stored[field]) {
        const key = auditLabel(field, value);
        expect([field, value, key !== null && key in messages.en && key in messages.ru]).toEqual([field, value, true]);
      }
    }
    expect(en(auditLabel('action', 'withdrawn')!)).toBe('Invitation withdrawn in Bitrix24');
    expect(auditLabel('action', 'something-new')).toBeNull();
  });
});
