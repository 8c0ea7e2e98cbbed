import type { PortalState } from './portal-repository';

/**
 * The one definition of "installed" every route uses (launch, session renewal, the API guard):
 * a portal serves its users when it is active (or its stored grant is in trouble, which stops
 * background work, not users), and while an admin re-runs the install wizard on a portal that had
 * been set up before. A first install serves once its setup has run; an uninstalled portal never.
 *
 * Two forms of the same rule: `portalServes` for a portal row already in hand, `PORTAL_SERVES_SQL`
 * inside the guard's one statement. test/integration/portal-serving.test.ts holds them equal.
 */
export const SERVING_STATES: readonly PortalState[] = ['active', 'needs_reinstall', 'payment_required'];

export function portalServes(portal: { state: PortalState; setUpAt: Date | null } | null): boolean {
  if (!portal) return false;
  return SERVING_STATES.includes(portal.state) || (portal.state === 'installing' && portal.setUpAt !== null);
}

/** A boolean SQL expression over the `state` and `set_up_at` columns of the portals row `alias`. */
export function portalServesSql(alias: string): string {
  const states = SERVING_STATES.map((state) => `'${state}'`).join(', ');
  return `(${alias}.state IN (${states}) OR (${alias}.state = 'installing' AND ${alias}.set_up_at IS NOT NULL))`;
}
