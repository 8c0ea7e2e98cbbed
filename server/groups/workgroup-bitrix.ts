import { BitrixBusyError, BitrixError, UserTokenExpiredError, type BitrixClient } from '../bitrix/rest-client';
import type { Actor, PortalEndpoint } from '../bitrix/rest-types';
import { HttpError } from '../http/errors';
import { GroupsProblem } from './groups-errors';
import type { WorkgroupRole } from './group-rights';

/**
 * What the groups feature asks Bitrix24 with the CALLER's own token (BITRIX24.md §2.5, §5.4): the
 * frame's access token the client sends in `X-B24-Access-Token` for the one request. It is never
 * stored or logged, goes only to the session portal's stored endpoint, and is first shown to
 * belong to the session's user (`profile`, in the same batch as the question asked).
 */

export type GroupsBitrix = Pick<BitrixClient, 'call' | 'batch'>;
export const TOKEN_HEADER = 'x-b24-access-token';

export interface CallerWorkgroup {
  id: number;
  name: string;
  role: WorkgroupRole;
  isExtranet: boolean;
}

export interface AskedCaller {
  actor: Actor;
  /** Bitrix24 says the token's user is a portal admin now. */
  isAdmin: boolean;
  /** The caller's workgroups with their role (sonet_group.user.groups: A, E, K only). */
  workgroups: Map<number, CallerWorkgroup>;
}

/** Bitrix24's answers, as HTTP errors the client can act on. */
export function bitrixFailure(error: unknown): never {
  if (error instanceof UserTokenExpiredError) {
    throw new HttpError(401, 'B24_TOKEN_EXPIRED', 'Bitrix24 no longer accepts your token: it is renewed automatically, try again.');
  }
  if (error instanceof BitrixBusyError) {
    throw new GroupsProblem(503, 'B24_BUSY', error.description, { retryAfterMs: error.retryAfterMs });
  }
  if (error instanceof BitrixError) {
    throw new HttpError(502, 'B24_ERROR', `Bitrix24 answered: ${error.description || error.code}`);
  }
  throw error;
}

const rows = (value: unknown): Array<Record<string, unknown>> =>
  (Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : []).filter(
    (row): row is Record<string, unknown> => row !== null && typeof row === 'object',
  );

const roleOf = (value: unknown): WorkgroupRole => (value === 'A' || value === 'E' || value === 'K' ? value : null);

/**
 * One request: who holds the token (profile) and their workgroups with roles. Refuses a token of
 * anyone but the session's user.
 */
export async function askCaller(bitrix: GroupsBitrix, portal: PortalEndpoint, userId: number, accessToken: string): Promise<AskedCaller> {
  const actor: Actor = { kind: 'user', userId, accessToken };
  try {
    const answer = await bitrix.batch(portal, actor, { me: ['profile'], groups: ['sonet_group.user.groups'] }, { patience: 'interactive' });
    const failed = answer.errors.me ?? answer.errors.groups;
    if (failed) throw new BitrixError(failed.error, failed.error_description, 200, answer.errors.me ? 'profile' : 'sonet_group.user.groups');
    const profile = (answer.result.me ?? {}) as { ID?: unknown; ADMIN?: unknown };
    if (Number(profile.ID) !== userId) {
      throw new HttpError(403, 'B24_TOKEN_MISMATCH', 'The Bitrix24 token sent is not yours: reopen the app from Bitrix24.');
    }
    const workgroups = new Map<number, CallerWorkgroup>();
    for (const row of rows(answer.result.groups)) {
      const id = Number(row.GROUP_ID);
      if (Number.isSafeInteger(id) && id > 0) {
        workgroups.set(id, { id, name: String(row.GROUP_NAME ?? ''), role: roleOf(row.ROLE), isExtranet: row.IS_EXTRANET === 'Y' });
      }
    }
    return { actor, isAdmin: profile.ADMIN === true || profile.ADMIN === 'Y' || profile.ADMIN === 1 || profile.ADMIN === '1', workgroups };
  } catch (error) {
    if (error instanceof HttpError) throw error;
    return bitrixFailure(error);
  }
}

export interface WorkgroupCard {
  id: number;
  name: string;
  description: string;
  isExtranet: boolean;
  membersCount: number | null;
}

/** A workgroup's name, description and extranet flag, read with the caller's token (they must see it). */
export async function readWorkgroup(bitrix: GroupsBitrix, portal: PortalEndpoint, actor: Actor, workgroupId: number): Promise<WorkgroupCard | null> {
  try {
    const answer = await bitrix.call<unknown>(portal, actor, 'sonet_group.get', { FILTER: { ID: workgroupId }, IS_ADMIN: 'Y' }, { patience: 'interactive' });
    const row = rows(answer.result)[0];
    return row ? workgroupFromRow(row) : null;
  } catch (error) {
    return bitrixFailure(error);
  }
}

export function workgroupFromRow(row: Record<string, unknown>): WorkgroupCard {
  return {
    id: Number(row.ID),
    name: String(row.NAME ?? ''),
    description: String(row.DESCRIPTION ?? ''),
    isExtranet: row.IS_EXTRANET === 'Y',
    membersCount: row.NUMBER_OF_MEMBERS === undefined ? null : Number(row.NUMBER_OF_MEMBERS),
  };
}

/** Admin picker: one page of 50 of every workgroup (sonet_group.get pages only by `start`, upper-case keys: §5.2). */
export async function pageWorkgroups(bitrix: GroupsBitrix, portal: PortalEndpoint, actor: Actor, options: { q?: string; start: number }) {
  const filter: Record<string, unknown> = { ACTIVE: 'Y' };
  if (options.q?.trim()) filter['%NAME'] = options.q.trim();
  try {
    const answer = await bitrix.call<unknown>(portal, actor, 'sonet_group.get', { ORDER: { NAME: 'ASC' }, FILTER: filter, IS_ADMIN: 'Y', start: options.start }, { patience: 'interactive' });
    return { workgroups: rows(answer.result).map(workgroupFromRow), next: typeof answer.next === 'number' ? answer.next : null };
  } catch (error) {
    return bitrixFailure(error);
  }
}

/** sonet_group.create with the caller's token (they become its owner); the new workgroup's id. */
export async function createWorkgroup(bitrix: GroupsBitrix, portal: PortalEndpoint, actor: Actor, fields: { name: string; description: string }): Promise<number> {
  try {
    const answer = await bitrix.call<unknown>(portal, actor, 'sonet_group.create', { NAME: fields.name, DESCRIPTION: fields.description, VISIBLE: 'Y', OPENED: 'N' }, { patience: 'interactive' });
    const id = Number(answer.result);
    if (!Number.isSafeInteger(id) || id <= 0) throw new BitrixError('ERROR_UNEXPECTED_ANSWER', 'sonet_group.create returned no id', 200, 'sonet_group.create');
    return id;
  } catch (error) {
    return bitrixFailure(error);
  }
}

export type MembershipWrite = { kind: 'done'; ids: string[] } | { kind: 'refused'; code: string; description: string };

/**
 * sonet_group.user.add / .invite / .delete with the caller's token. A refusal with Bitrix24's reason
 * (an empty-code sonet error: §3.3) is an answer for the person, not a failure of the request.
 */
export async function writeMembership(
  bitrix: GroupsBitrix,
  portal: PortalEndpoint,
  actor: Actor,
  method: 'sonet_group.user.add' | 'sonet_group.user.invite' | 'sonet_group.user.delete',
  workgroupId: number,
  userIds: readonly number[],
): Promise<MembershipWrite> {
  try {
    const answer = await bitrix.call<unknown>(portal, actor, method, { GROUP_ID: workgroupId, USER_ID: [...userIds] }, { patience: 'interactive' });
    const ids = Array.isArray(answer.result) ? answer.result.map(String) : answer.result === true ? userIds.map(String) : [];
    return { kind: 'done', ids };
  } catch (error) {
    if (error instanceof BitrixError && !(error instanceof UserTokenExpiredError) && !(error instanceof BitrixBusyError) && error.status >= 400 && error.status < 500) {
      return { kind: 'refused', code: error.code, description: error.description };
    }
    return bitrixFailure(error);
  }
}

/** Where a person stands in a workgroup now, as the caller's token sees it (socialnetwork.api.workgroup.get). */
export type WorkgroupStanding = 'invited' | 'member' | 'none';

function standingIn(card: Record<string, unknown>, personId: number): WorkgroupStanding {
  const has = (value: unknown) => (Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : []).map(Number).includes(personId);
  if (has(card.INVITED_MEMBERS)) return 'invited';
  if (has(card.MEMBERS)) return 'member';
  return 'none';
}

export async function standingInWorkgroup(bitrix: GroupsBitrix, portal: PortalEndpoint, actor: Actor, workgroupId: number, personId: number): Promise<WorkgroupStanding> {
  try {
    const answer = await bitrix.call<Record<string, unknown>>(portal, actor, 'socialnetwork.api.workgroup.get', { params: { groupId: workgroupId } }, { patience: 'interactive' });
    return standingIn(answer.result ?? {}, personId);
  } catch (error) {
    return bitrixFailure(error);
  }
}

export type Withdrawal =
  | { kind: 'refused'; code: string; description: string }
  /** `removed`: Bitrix24 deleted the relation; `standing`: what it was in the same batch, just before. */
  | { kind: 'done'; removed: boolean; standing: WorkgroupStanding };

/**
 * sonet_group.user.delete of one invited person, in ONE batch right after reading where they stand:
 * Bitrix24 runs a batch's commands one after the other, so the standing read is what the delete
 * found (short of a request committed between two commands of the batch). A caller seeing
 * `standing: 'member'` with `removed` knows the delete took a member who had just accepted.
 */
export async function withdrawInvitation(bitrix: GroupsBitrix, portal: PortalEndpoint, actor: Actor, workgroupId: number, personId: number): Promise<Withdrawal> {
  try {
    const answer = await bitrix.batch(
      portal,
      actor,
      {
        standing: ['socialnetwork.api.workgroup.get', { params: { groupId: workgroupId } }],
        withdraw: ['sonet_group.user.delete', { GROUP_ID: workgroupId, USER_ID: [personId] }],
      },
      { patience: 'interactive' },
    );
    if (answer.errors.standing) throw new BitrixError(answer.errors.standing.error, answer.errors.standing.error_description, 200, 'socialnetwork.api.workgroup.get');
    const refused = answer.errors.withdraw;
    if (refused) return { kind: 'refused', code: refused.error, description: refused.error_description };
    const removed = Array.isArray(answer.result.withdraw) ? answer.result.withdraw.map(String).includes(String(personId)) : answer.result.withdraw === true;
    return { kind: 'done', removed, standing: standingIn((answer.result.standing ?? {}) as Record<string, unknown>, personId) };
  } catch (error) {
    return bitrixFailure(error);
  }
}
