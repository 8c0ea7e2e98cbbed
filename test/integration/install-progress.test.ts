import { SEED_USERS } from '../../server/dev-portal';
import { createWorker } from '../../server/jobs/worker';
import { peopleJobHandlers } from '../../server/people/people-import';
import { bearer, startPortalApp, type PortalApp } from '../support/portal-app';

/**
 * After its setup, the install wizard follows the imports the install queued, and finishes (the
 * portal reloads into the app) when they are over, instead of leaving a blank frame while the
 * first launch waits on a big import. The wizard's side is client/install-readiness.ts.
 */
describe('GET /api/install/progress', () => {
  let t: PortalApp;
  beforeAll(async () => {
    t = await startPortalApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the install wizard the imports it queued, from queued to done with the people counted', async () => {
    const { boot } = await t.installPage();
    const token = boot.install.token as string;
    expect((await t.setup(token)).statusCode).toBe(200);
    const progress = () => t.app.inject({ method: 'GET', url: '/api/install/progress', headers: bearer(token) });

    const queued = await progress();
    expect(queued.statusCode).toBe(200);
    expect(queued.json().imports).toEqual([
      { kind: 'departments', state: 'queued', done: 0, total: null, idleSeconds: expect.any(Number) },
      { kind: 'people', state: 'queued', done: 0, total: null, idleSeconds: expect.any(Number) },
    ]);

    const worker = createWorker({ db: t.database.db, handlers: peopleJobHandlers({ bitrix: t.app.bitrix }) });
    await worker.runOnce();
    await worker.runOnce();
    const everyone = t.portal.controls.users().length;
    expect((await progress()).json().imports).toEqual([
      expect.objectContaining({ kind: 'departments', state: 'done' }),
      expect.objectContaining({ kind: 'people', state: 'done', done: everyone, total: everyone }),
    ]);
  });

  it('is for the install wizard only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/install/progress' })).statusCode).toBe(401);
    const app = await t.sessionToken(t.portal, SEED_USERS.admin);
    expect((await t.app.inject({ method: 'GET', url: '/api/install/progress', headers: bearer(app) })).statusCode).toBe(403);
  });
});
