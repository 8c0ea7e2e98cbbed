import { ApiError, createApiClient } from '../../client/api';

/** A fetch that answers from a script and records what it was asked. */
function scriptedFetch(answers: Array<{ status: number; body?: unknown; text?: string }>) {
  const calls: Array<{ url: string; method: string; headers: Record<string, string>; body?: string }> = [];
  const fetchImpl = (async (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body as string | undefined });
    const answer = answers.shift();
    if (!answer) throw new TypeError('Failed to fetch');
    const payload = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    return new Response(answer.status === 204 ? null : payload, { status: answer.status, headers: { 'content-type': answer.text ? 'text/html' : 'application/json' } });
  }) as unknown as typeof fetch;
  return { fetchImpl, calls };
}

const expired = { status: 401, body: { error: 'SESSION_EXPIRED', message: 'Your session has expired.' } };

describe('client API wrapper', () => {
  it('sends the session as a bearer token and JSON bodies', async () => {
    const { fetchImpl, calls } = scriptedFetch([{ status: 200, body: { moderators: [] } }]);
    const api = createApiClient({ token: () => 'tok-1', fetch: fetchImpl });
    await expect(api.put('/api/settings/moderators', { moderators: [] })).resolves.toEqual({ moderators: [] });
    expect(calls[0]).toMatchObject({ url: '/api/settings/moderators', method: 'PUT', body: '{"moderators":[]}' });
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer tok-1', 'content-type': 'application/json' });
  });

  it('renews an expired session once and retries with the new token', async () => {
    let token = 'old';
    const renew = jest.fn(async () => (token = 'new'));
    const { fetchImpl, calls } = scriptedFetch([expired, { status: 200, body: { ok: 1 } }]);
    const api = createApiClient({ token: () => token, renew, fetch: fetchImpl });
    await expect(api.get('/api/me')).resolves.toEqual({ ok: 1 });
    expect(renew).toHaveBeenCalledTimes(1);
    expect(calls.map((c) => c.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('gives up after one renewal when the server still says expired', async () => {
    const renew = jest.fn(async () => 'new');
    const { fetchImpl, calls } = scriptedFetch([expired, expired]);
    const api = createApiClient({ token: () => 'old', renew, fetch: fetchImpl });
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });
    expect(renew).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(2);
  });

  it('shares one renewal between requests that expire together', async () => {
    let token = 'old';
    let release: () => void = () => undefined;
    const renew = jest.fn(() => new Promise<string>((resolve) => (release = () => resolve((token = 'new')))));
    const { fetchImpl } = scriptedFetch([expired, expired, { status: 200, body: 1 }, { status: 200, body: 2 }]);
    const api = createApiClient({ token: () => token, renew, fetch: fetchImpl });
    const both = Promise.all([api.get('/a'), api.get('/b')]);
    await new Promise((r) => setTimeout(r, 10));
    release();
    await expect(both).resolves.toEqual([1, 2]);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('does not renew on other errors, and surfaces {error, message, field}', async () => {
    const renew = jest.fn(async () => 'new');
    const { fetchImpl } = scriptedFetch([
      { status: 400, body: { error: 'VALIDATION_FAILED', message: 'Invalid body field "moderators.0.subjectId"', field: 'moderators.0.subjectId' } },
      { status: 401, body: { error: 'SESSION_INVALID', message: 'The session token is not valid.' } },
    ]);
    const api = createApiClient({ token: () => 'old', renew, fetch: fetchImpl });
    const error = await api.put('/api/settings/moderators', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'moderators.0.subjectId', message: 'Invalid body field "moderators.0.subjectId"' });
    await expect(api.get('/api/me')).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    expect(renew).not.toHaveBeenCalled();
  });

  it('turns a network failure and a non-JSON error page into ApiErrors', async () => {
    const { fetchImpl } = scriptedFetch([{ status: 502, text: '<html>Bad gateway</html>' }]);
    const api = createApiClient({ token: () => null, fetch: fetchImpl });
    await expect(api.get('/x')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
    await expect(api.get('/x')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});
