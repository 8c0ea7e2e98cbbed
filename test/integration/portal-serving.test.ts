import { createTestDatabase, type TestDatabase } from '../support/database';
import { readCaller } from '../../server/auth/caller-repository';
import { portalServes } from '../../server/tenants/portal-serving';
import type { PortalState } from '../../server/tenants/portal-repository';

/**
 * "Installed" has two forms: portalServes (launch, on a row in hand) and the guard's statement
 * (the session_caller function). They must agree on every state.
 */
describe('one definition of "installed"', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.destroy();
  });

  const states: PortalState[] = ['installing', 'active', 'needs_reinstall', 'payment_required', 'uninstalled'];
  it.each(states.flatMap((state) => [[state, null], [state, new Date('2026-11-01T00:00:00Z')]] as Array<[PortalState, Date | null]>))(
    'agrees for %s, set up at %s',
    async (state, setUpAt) => {
      const [row] = await t.db('portals')
        .insert({ member_id: `m-${state}-${setUpAt ? 'set' : 'new'}`, domain: 'd.example', client_endpoint: 'https://d.example/rest/', server_endpoint: 'https://oauth.bitrix.info/rest/', state, set_up_at: setUpAt })
        .returning('id');
      const caller = await readCaller(t.db, { portalId: row.id, userId: 1, departmentIds: [], moderatorsMatter: false });
      expect(caller?.serving).toBe(portalServes({ state, setUpAt }));
    },
  );

  it('serves while reinstalling only a portal that had been set up', () => {
    expect(portalServes({ state: 'installing', setUpAt: null })).toBe(false);
    expect(portalServes({ state: 'installing', setUpAt: new Date() })).toBe(true);
    expect(portalServes({ state: 'uninstalled', setUpAt: new Date() })).toBe(false);
    expect(portalServes({ state: 'needs_reinstall', setUpAt: null })).toBe(true);
  });
});
