import { SEED_USERS } from '../../server/dev-portal';
import { INTERACTIVE_MAX_WAIT_MS } from '../../server/bitrix/retry-policy';
import { startPortalApp, type PortalApp } from '../support/portal-app';

/**
 * Bitrix24 blocks every method for 10 minutes (429 OPERATION_TIME_LIMIT, as the local portal
 * answers it). A person opening the app is told so at once, with when to come back; nobody waits
 * the 10 minutes out. The app's REST client sleeps on a recorder, so "at once" is checked as the
 * waits it asked for, not as a duration.
 */
describe('opening the app while Bitrix24 answers 429 OPERATION_TIME_LIMIT', () => {
  let t: PortalApp;
  const waits: number[] = [];
  beforeAll(async () => {
    t = await startPortalApp({ app: { bitrix: { sleep: async (ms: number) => void waits.push(ms) } } });
    await t.install();
    t.portal.controls.setFaults({ rate429: 1 });
    waits.length = 0;
  });
  afterAll(async () => {
    t.portal.controls.setFaults({ rate429: 0 });
    await t.close();
  });

  it('shows "Bitrix24 is busy" with the time to retry, without waiting', async () => {
    const { res, boot } = await t.launch(t.portal, SEED_USERS.employee, { query: (q) => ({ ...q, LANG: 'ru' }) });
    expect(res.statusCode).toBe(503);
    expect(boot).toMatchObject({
      view: 'error',
      lang: 'ru',
      error: { code: 'BITRIX24_BUSY', message: expect.stringMatching(/^Bitrix24 is busy, try again in \d+ s\.$/), retryAfterSeconds: expect.any(Number) },
    });
    expect(res.headers['retry-after']).toBe(String(boot.error.retryAfterSeconds));
    expect(waits.every((ms) => ms <= INTERACTIVE_MAX_WAIT_MS)).toBe(true);
  });

  it('answers /api/session with 503, Retry-After and retryAfterSeconds', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { memberId: t.portal.memberId, accessToken: t.portal.controls.issueTokens(SEED_USERS.employee).access_token } });
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body).toMatchObject({ error: 'BITRIX24_BUSY', retryAfterSeconds: expect.any(Number) });
    // The local portal lifts the block 600 s after it answered.
    expect(body.retryAfterSeconds).toBeGreaterThan(500);
    expect(res.headers['retry-after']).toBe(String(body.retryAfterSeconds));
    expect(waits.every((ms) => ms <= INTERACTIVE_MAX_WAIT_MS)).toBe(true);
  });
});
