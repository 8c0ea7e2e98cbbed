import nock from 'nock';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { BitrixBusyError, BitrixClient, BitrixWaitAbortedError } from '../../server/bitrix/rest-client';
import { PortalRateLimiter } from '../../server/bitrix/rate-limiter';
import { INTERACTIVE_MAX_WAIT_MS } from '../../server/bitrix/retry-policy';
import { portalTokenStore } from '../../server/tenants/portal-token-store';
import { PORTAL_ORIGIN, TEST_CONFIG, recordingSleep, seedPortal, token } from './rest-client-fixtures';

/**
 * A person waiting on a page gets an answer within a few seconds, whatever Bitrix24 is doing; a job
 * waits as long as Bitrix24 asks. Clocks and sleeps are fakes: "waiting" here is a recorded number.
 */
describe('how long a REST call may wait', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    await database.destroy();
  });

  const operationLimit = (now: number) => ({
    error: 'OPERATION_TIME_LIMIT',
    error_description: 'Method is blocked due to operation time limit.',
    time: { operating_reset_at: Math.floor(now / 1000) + 600 },
  });

  describe('the bucket', () => {
    it('does not queue a caller beyond its patience, and keeps its place free for the others', async () => {
      const waits: number[] = [];
      const limiter = new PortalRateLimiter({ burst: 2, drainPerSecond: 1 }, async (ms) => void waits.push(ms), () => 0);
      await limiter.acquire('p1');
      await limiter.acquire('p1');
      await limiter.acquire('p1'); // a job: waits 1 s
      const refused = await limiter.acquire('p1', { maxWaitMs: 1500, method: 'profile' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BitrixBusyError);
      expect((refused as BitrixBusyError).retryAfterMs).toBe(2000);
      // The refused caller took no place: the next one in line waits what it would have waited anyway.
      expect(await limiter.acquire('p1')).toBe(2000);
      expect(waits).toEqual([1000, 2000]);
    });
  });

  describe('BitrixClient', () => {
    it('tells an interactive caller at once that Bitrix24 is busy when the bucket is full, without sending anything', async () => {
      const { portal } = await seedPortal(database.db);
      // A clock that stands still: the queue the job built is still there when the person comes.
      const waits: number[] = [];
      const sleep = async (ms: number) => void waits.push(ms);
      const now = () => 1_800_000_000_000;
      const jobs = new BitrixClient({ db: database.db, tokens: portalTokenStore, config: TEST_CONFIG, sleep, now, limits: { burst: 2, drainPerSecond: 1 } });
      const people = jobs.interactive();
      const scope = nock(PORTAL_ORIGIN).post('/rest/user.get').times(10).reply(200, { result: [] });
      // A job's batch fills the bucket (the same bucket the view uses) and queues 8 s deep.
      await Promise.all(Array.from({ length: 10 }, () => jobs.call(portal, { kind: 'app' }, 'user.get')));
      waits.length = 0;

      const frame = { kind: 'user' as const, userId: 3, accessToken: token('frame') };
      const error = await people.call(portal, frame, 'profile').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BitrixBusyError);
      expect((error as BitrixBusyError).retryAfterMs).toBeGreaterThan(INTERACTIVE_MAX_WAIT_MS);
      expect((error as BitrixBusyError).message).toMatch(/busy; try again in \d+ s/);
      expect(waits).toEqual([]);
      expect(scope.isDone()).toBe(true);
    });

    it('does not make a person wait out a 429 OPERATION_TIME_LIMIT, and says when to retry; a job waits it out', async () => {
      const { portal } = await seedPortal(database.db);
      const { sleep, now, waits } = recordingSleep(1_800_000_000_000);
      const client = new BitrixClient({ db: database.db, tokens: portalTokenStore, config: TEST_CONFIG, sleep, now, limits: { burst: 100, drainPerSecond: 10 } });
      const frame = { kind: 'user' as const, userId: 3, accessToken: token('frame') };

      nock(PORTAL_ORIGIN).post('/rest/batch').reply(429, operationLimit(now()));
      const busy = await client.interactive().batch(portal, frame, { profile: ['profile'] }).catch((e: unknown) => e);
      expect(busy).toBeInstanceOf(BitrixBusyError);
      expect(busy).toMatchObject({ code: 'OPERATION_TIME_LIMIT', retryAfterMs: 600_000 });
      expect(waits).toEqual([]);

      // The same answer to a job: it sleeps until the reset time, then goes on.
      nock(PORTAL_ORIGIN).post('/rest/user.get').reply(429, operationLimit(now())).post('/rest/user.get').reply(200, { result: [] });
      await expect(client.call(portal, { kind: 'app' }, 'user.get')).resolves.toEqual({ result: [] });
      expect(waits).toEqual([600_000]);
    });

    it('lets an interactive caller retry a full portal bucket only as long as its patience lasts', async () => {
      const { portal } = await seedPortal(database.db);
      const { sleep, now, waits } = recordingSleep(1_800_000_000_000);
      const client = new BitrixClient({ db: database.db, tokens: portalTokenStore, config: TEST_CONFIG, sleep, now, limits: { burst: 100, drainPerSecond: 10 }, patience: 'interactive' });
      nock(PORTAL_ORIGIN).post('/rest/profile').times(6).reply(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
      const error = await client.call(portal, { kind: 'user', userId: 3, accessToken: token('frame') }, 'profile').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BitrixBusyError);
      // 1 s and 1.5 s of back-off fit into 3 s; the next 2.25 s would not.
      expect(waits.filter((ms) => ms >= 1000)).toEqual([1000, 1500]);
      expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(INTERACTIVE_MAX_WAIT_MS);
    });

    it('ends a job sleeping on a back-off at once when the client is closed, or when its own signal is aborted', async () => {
      const { portal } = await seedPortal(database.db);
      let sleeping!: () => void;
      const asleep = () => new Promise<void>((resolve) => (sleeping = resolve));
      // A sleep that never ends by itself: only an abort gets the caller out.
      const sleep = (_ms: number) => {
        sleeping();
        return new Promise<void>(() => undefined);
      };
      const client = new BitrixClient({ db: database.db, tokens: portalTokenStore, config: TEST_CONFIG, sleep, limits: { burst: 100, drainPerSecond: 10 } });

      nock(PORTAL_ORIGIN).post('/rest/user.get').reply(429, operationLimit(Date.now()));
      const job = new AbortController();
      let fell = asleep();
      const first = client.call(portal, { kind: 'app' }, 'user.get', {}, { signal: job.signal }).catch((e: unknown) => e);
      await fell;
      const reason = new Error('the job stopped');
      job.abort(reason);
      expect(await first).toBe(reason);

      nock(PORTAL_ORIGIN).post('/rest/user.get').reply(429, operationLimit(Date.now()));
      fell = asleep();
      const second = client.call(portal, { kind: 'app' }, 'user.get').catch((e: unknown) => e);
      await fell;
      client.close();
      expect(await second).toBeInstanceOf(BitrixWaitAbortedError);
      // Closed for good: nothing more is sent.
      expect(await client.call(portal, { kind: 'app' }, 'user.get').catch((e: unknown) => e)).toBeInstanceOf(BitrixWaitAbortedError);
    });
  });
});
