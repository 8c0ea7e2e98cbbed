import nock from 'nock';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PortalRateLimiter } from '../../server/bitrix/rate-limiter';
import { isRepeatable, newRetryCounts, retryDelay } from '../../server/bitrix/retry-policy';
import { BitrixClient } from '../../server/bitrix/rest-client';
import { portalTokenStore } from '../../server/tenants/portal-token-store';
import { PORTAL_ORIGIN, TEST_CONFIG, recordingSleep, seedPortal, token } from './rest-client-fixtures';

describe('the per-portal leaky bucket', () => {
  it('lets a burst through, then spaces requests at the drain rate', async () => {
    const waits: number[] = [];
    // A clock that stands still: every caller reserves its place in the queue at once.
    const limiter = new PortalRateLimiter({ burst: 3, drainPerSecond: 2 }, async (ms) => void waits.push(ms), () => 0);
    const granted = await Promise.all(Array.from({ length: 6 }, () => limiter.acquire('p1')));
    // The 4th waits for half a unit to drain at 2/s, the 5th for a whole one, ...
    expect(granted).toEqual([0, 0, 0, 500, 1000, 1500]);
    expect(waits).toEqual([500, 1000, 1500]);
  });

  it('drains with time, and keeps portals apart', async () => {
    let clock = 0;
    const limiter = new PortalRateLimiter({ burst: 2, drainPerSecond: 1 }, async () => undefined, () => clock);
    await limiter.acquire('p1');
    await limiter.acquire('p1');
    expect(await limiter.acquire('p2')).toBe(0);
    expect(limiter.level('p1')).toBe(2);
    clock = 1500;
    expect(limiter.level('p1')).toBe(0.5);
    expect(await limiter.acquire('p1')).toBe(0);
    expect(await limiter.acquire('p1')).toBe(500);
  });

  it('is filled up when the portal says QUERY_LIMIT_EXCEEDED', async () => {
    const limiter = new PortalRateLimiter({ burst: 50, drainPerSecond: 2 }, async () => undefined, () => 0);
    limiter.markFull('p1');
    expect(await limiter.acquire('p1')).toBe(500);
  });

  it('rejects nonsense limits', () => {
    expect(() => new PortalRateLimiter({ burst: 0, drainPerSecond: 2 }, async () => undefined)).toThrow(RangeError);
    expect(() => new PortalRateLimiter({ burst: 5, drainPerSecond: 0 }, async () => undefined)).toThrow(RangeError);
  });
});

describe('the retry policy', () => {
  const now = 1_000_000;
  it('never repeats a 4xx', () => {
    for (const [status, code] of [[400, 'INVALID_REQUEST'], [403, 'ACCESS_DENIED'], [404, 'ERROR_METHOD_NOT_FOUND'], [401, 'NO_AUTH_FOUND']] as const) {
      expect(retryDelay({ kind: 'http', status, code }, newRetryCounts(), { repeatable: true, now })).toBeNull();
    }
  });

  it('repeats a timeout only for methods that are safe to repeat, and a refused connection always', () => {
    expect(retryDelay({ kind: 'network', code: 'ECONNABORTED' }, newRetryCounts(), { repeatable: true, now })).toBe(1000);
    expect(retryDelay({ kind: 'network', code: 'ECONNABORTED' }, newRetryCounts(), { repeatable: false, now })).toBeNull();
    expect(retryDelay({ kind: 'network', code: 'ECONNREFUSED' }, newRetryCounts(), { repeatable: false, now })).toBe(1000);
    expect(isRepeatable('sonet_group.create')).toBe(false);
    expect(isRepeatable('sonet_group.user.add')).toBe(true);
  });

  it('waits at least a second for a reset time already past', () => {
    expect(retryDelay({ kind: 'http', status: 429, code: 'OPERATION_TIME_LIMIT', operatingResetAt: now / 1000 - 5 }, newRetryCounts(), { repeatable: true, now })).toBe(1000);
  });

  it('counts each kind of retry on its own and stops', () => {
    const counts = newRetryCounts();
    const transient = () => retryDelay({ kind: 'http', status: 502, code: 'HTTP_502' }, counts, { repeatable: true, now });
    expect([transient(), transient(), transient(), transient()]).toEqual([1000, 2000, 4000, null]);
    expect(retryDelay({ kind: 'http', status: 503, code: 'QUERY_LIMIT_EXCEEDED' }, counts, { repeatable: true, now })).toBe(1000);
  });
});

describe('rate limiting in BitrixClient', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    nock.disableNetConnect();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('makes every caller of one client wait (not fail) when the portal bucket is full; other portals are not held up', async () => {
    const a = await seedPortal(database.db);
    const b = await seedPortal(database.db, { origin: 'https://other.bitrix24.com' });
    const { sleep, now, waits } = recordingSleep();
    const client = new BitrixClient({ db: database.db, tokens: portalTokenStore, config: TEST_CONFIG, sleep, now, limits: { burst: 3, drainPerSecond: 2 } });
    nock(PORTAL_ORIGIN).post('/rest/profile').times(5).reply(200, { result: {} });
    nock('https://other.bitrix24.com').post('/rest/profile').reply(200, { result: {} });
    const frame = { kind: 'user' as const, userId: 5, accessToken: token('frame') };

    // App and user calls to portal A share its bucket: 3 at once, then one every 500 ms.
    await Promise.all([
      client.call(a.portal, { kind: 'app' }, 'profile'),
      client.call(a.portal, frame, 'profile'),
      client.call(a.portal, { kind: 'app' }, 'profile'),
      client.call(a.portal, frame, 'profile'),
      client.call(a.portal, { kind: 'app' }, 'profile'),
    ]);
    expect(waits.length).toBe(2);
    expect(waits.every((ms) => ms > 0 && ms <= 1000)).toBe(true);

    waits.length = 0;
    await client.call(b.portal, { kind: 'app' }, 'profile');
    expect(waits).toEqual([]);
  });
});
