import type { Knex } from 'knex';
import type { RunStatement } from '../db/driver-query';
import type { Role } from '../auth/session-token';
import type { PortalEndpoint } from '../bitrix/rest-types';
import { HttpError } from '../http/errors';
import { getPortal } from '../tenants/portal-repository';
import { decide, type GroupAction, type GroupFacts } from './group-rights';
import { enforce, groupNotFound } from './groups-errors';
import { findGroupWithFacts, type GroupWithFacts } from './group-views-repository';
import { askCaller, type AskedCaller, type GroupsBitrix } from './workgroup-bitrix';

/**
 * The one gate of every groups route: find the group in the caller's portal, ask group-rights.ts,
 * and when the rule says so, ask Bitrix24 with the caller's own token before deciding again.
 */

export interface GroupsDeps {
  db: Knex;
  bitrix: GroupsBitrix;
  /** The clock (access windows, staleness); tests inject one. */
  now: () => Date;
}

export interface GroupsCaller {
  portalId: string;
  userId: number;
  role: Role;
  /** The frame's Bitrix24 access token from X-B24-Access-Token, when the request carried one. */
  token: string | null;
}

export async function portalEndpoint(db: Knex, portalId: string): Promise<PortalEndpoint> {
  const portal = await getPortal(db, portalId);
  if (!portal) throw new HttpError(401, 'PORTAL_UNINSTALLED', 'The app is no longer installed on this Bitrix24.');
  return portal;
}

/** Asks Bitrix24 who the caller is and their workgroups, with their own token (428 without one). */
export async function askBitrix24(deps: GroupsDeps, caller: GroupsCaller): Promise<{ portal: PortalEndpoint; asked: AskedCaller }> {
  if (!caller.token) {
    throw new HttpError(428, 'B24_TOKEN_REQUIRED', 'This action asks Bitrix24 with your own account: reopen the app (the request carried no Bitrix24 token).');
  }
  const portal = await portalEndpoint(deps.db, caller.portalId);
  return { portal, asked: await askCaller(deps.bitrix, portal, caller.userId, caller.token) };
}

export const factsOf = (group: GroupWithFacts): GroupFacts => ({
  createdBy: group.createdBy,
  linked: group.linkState === 'linked',
  mirroredRole: group.viewerRole === 'A' || group.viewerRole === 'E' || group.viewerRole === 'K' ? group.viewerRole : null,
});

export interface Admitted<G extends GroupWithFacts = GroupWithFacts> {
  group: G;
  /** Set when Bitrix24 was asked (a linked group changed by a non-admin). */
  bitrix: { portal: PortalEndpoint; asked: AskedCaller } | null;
}

type GroupLoader<G extends GroupWithFacts> = (db: Knex, portalId: string, groupId: number, viewerId: number) => Promise<G | null>;

/** `admit`'s default loader with its statement sent by `run` (a shared caller check rides on it: auth/guard.ts). */
export const groupFactsVia =
  (run: RunStatement): GroupLoader<GroupWithFacts> =>
  (db, portalId, groupId, viewerId) =>
    findGroupWithFacts(db, portalId, groupId, viewerId, run);

/**
 * Loads the group and admits the action, or throws 404 / the refusal. `load` reads the group with
 * whatever else the route shows in the same statement (the card: group-views-repository.ts findGroupCard).
 */
export async function admit<G extends GroupWithFacts = GroupWithFacts>(
  deps: GroupsDeps,
  caller: GroupsCaller,
  groupId: number,
  action: GroupAction,
  load: GroupLoader<G> = findGroupWithFacts as GroupLoader<G>,
): Promise<Admitted<G>> {
  const group = await load(deps.db, caller.portalId, groupId, caller.userId);
  if (!group) throw groupNotFound();
  const question = { role: caller.role, userId: caller.userId, action, group: factsOf(group) };
  let decision = decide(question);
  if (decision.allowed === false && decision.refusal === 'NOT_GROUP_MANAGER' && caller.role !== 'admin') {
    // A group the caller does not manage is as invisible to them as a missing one.
    if (action === 'view') throw groupNotFound();
  }
  let bitrix: Admitted<G>['bitrix'] = null;
  if (decision.allowed === 'ask-bitrix24') {
    bitrix = await askBitrix24(deps, caller);
    decision = decide({ ...question, liveRole: bitrix.asked.workgroups.get(group.workgroupId ?? 0)?.role ?? null });
  }
  enforce(decision);
  return { group, bitrix };
}
