import type { PortalState } from './portal-repository';

/**
 * The one definition of "installed" every route uses (launch, session renewal, the API guard):
 * a portal serves its users when it is active (or its stored grant is in trouble, which stops
 * background work, not users), and while an admin re-runs the install wizard on a portal that had
 * been set up before. A first install serves once its setup has run; an uninstalled portal never.
 *
 * Two forms of the same rule: `portalServes` for a portal row already in hand (launch, session
 * renewal), and the `serving` column of the guard's statement, the SQL function session_caller
 * (migration 0015; a change here is a migration there). test/integration/portal-serving.test.ts
 * holds them equal for every state.
 */
export const SERVING_STATES: readonly PortalState[] = ['active', 'needs_reinstall', 'payment_required'];

export function portalServes(portal: { state: PortalState; setUpAt: Date | null } | null): boolean {
  if (!portal) return false;
  return SERVING_STATES.includes(portal.state) || (portal.state === 'installing' && portal.setUpAt !== null);
}
