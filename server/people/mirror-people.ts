import type { Knex } from 'knex';
import { BitrixError } from '../bitrix/bitrix-errors';
import type { BitrixClient } from '../bitrix/rest-client';
import type { BatchResult, PortalEndpoint } from '../bitrix/rest-types';
import { upsertPeople } from './people-repository';
import { personFromUser, type PersonRecord } from './person-fields';

/** The REST client's part the mirror uses (a BitrixClient; tests may pass a stand-in). */
export type PeopleBitrix = Pick<BitrixClient, 'call' | 'batch'>;
export type MirrorProgress = (done: number, total: number) => void | Promise<void>;

/** Background work runs with the installing admin's stored token (BITRIX24.md §2.5). */
export const APP_ACTOR = { kind: 'app' } as const;
/** user.get answers at most 50 rows, so a command asks for at most 50 ids. */
export const IDS_PER_COMMAND = 50;
export const COMMANDS_PER_BATCH = 50;
export const PAGE_SIZE = 50;
/**
 * People written per transaction. On the embedded database (PGlite: one connection, run in the
 * app's own thread) 100 rows take ~80 ms, during which nothing else reaches the database: a
 * launch waits at most that long for an import, instead of a 2,500-row batch's ~2 s.
 */
export const ROWS_PER_STEP = 100;
/**
 * On PostgreSQL a job's transaction holds one connection of a pool and no lock a launch needs, so
 * steps can be larger: each commit waits for the disk, and 100-row steps made a 10,000-person
 * import half as slow again.
 */
export const ROWS_PER_STEP_POSTGRESQL = 1000;

/** Rows per step on this database (a transaction's `client` is its database's). */
export function rowsPerStep(db: Knex): number {
  return (db.client as { config?: { client?: unknown } }).config?.client === 'pg' ? ROWS_PER_STEP_POSTGRESQL : ROWS_PER_STEP;
}

/** Lets whatever waited for the event loop or the database (a launch) run before the next step. */
export const yieldToWaiting = () => new Promise<void>((resolve) => setImmediate(resolve));

export function rowsOf(result: unknown): Array<Record<string, unknown>> {
  const list = Array.isArray(result) ? result : result && typeof result === 'object' ? Object.values(result) : [];
  return list.filter((row): row is Record<string, unknown> => row !== null && typeof row === 'object');
}

/** The rows of one command of a batch; a failed command fails the whole step. */
export function commandRows(answer: BatchResult, key: string, method: string): Array<Record<string, unknown>> {
  const error = answer.errors[key];
  if (error) throw new BitrixError(error.error, error.error_description, 200, method);
  return rowsOf(answer.result[key]);
}

export function persons(rows: Array<Record<string, unknown>>): PersonRecord[] {
  return rows.map(personFromUser).filter((p): p is PersonRecord => p !== null);
}

export interface MirrorResult {
  requested: number;
  mirrored: number;
  /** Ids user.get did not return (deleted users, or not visible to the app's token). */
  missing: number[];
}

/**
 * Mirrors the given users: user.get with FILTER {'@ID': [50 ids]} per command and 50 commands per
 * batch, so 2,500 people per request; each batch is stored before the next one is asked for, and
 * reported through onProgress(done, total).
 */
export async function mirrorPeopleByIds(
  db: Knex,
  bitrix: PeopleBitrix,
  portal: PortalEndpoint,
  userIds: Iterable<number | string>,
  onProgress?: MirrorProgress,
  options: { signal?: AbortSignal } = {},
): Promise<MirrorResult> {
  const ids = [...new Set([...userIds].map(Number).filter((id) => Number.isSafeInteger(id) && id > 0))].sort((a, b) => a - b);
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_COMMAND) chunks.push(ids.slice(i, i + IDS_PER_COMMAND));
  const found = new Set<number>();
  let done = 0;
  for (let i = 0; i < chunks.length; i += COMMANDS_PER_BATCH) {
    options.signal?.throwIfAborted();
    const slice = chunks.slice(i, i + COMMANDS_PER_BATCH);
    const commands = slice.map((chunk): [string, Record<string, unknown>] => ['user.get', { FILTER: { '@ID': chunk }, ADMIN_MODE: true }]);
    const answer = await bitrix.batch(portal, APP_ACTOR, commands, { signal: options.signal });
    const people = slice.flatMap((_chunk, k) => persons(commandRows(answer, String(k), 'user.get')));
    const stepRows = rowsPerStep(db);
    for (let at = 0; at < people.length; at += stepRows) {
      await upsertPeople(db, portal.id, people.slice(at, at + stepRows));
      await yieldToWaiting();
    }
    for (const person of people) found.add(person.userId);
    done += slice.reduce((sum, chunk) => sum + chunk.length, 0);
    await onProgress?.(done, ids.length);
  }
  return { requested: ids.length, mirrored: found.size, missing: ids.filter((id) => !found.has(id)) };
}

export interface WorkgroupMember {
  userId: number;
  /** A owner, E moderator, K member (sonet_group.user.get returns only these, active users only). */
  role: string;
}

/**
 * A workgroup's members and their people: one sonet_group.user.get (unpaged: every active member
 * at once), then mirrorPeopleByIds: 1 + ceil(members / 2500) requests in all.
 */
export async function mirrorWorkgroupPeople(
  db: Knex,
  bitrix: PeopleBitrix,
  portal: PortalEndpoint,
  groupId: number,
  onProgress?: MirrorProgress,
  options: { signal?: AbortSignal } = {},
): Promise<MirrorResult & { members: WorkgroupMember[] }> {
  const answer = await bitrix.call<unknown>(portal, APP_ACTOR, 'sonet_group.user.get', { ID: groupId }, { signal: options.signal });
  const members = rowsOf(answer.result)
    .map((row) => ({ userId: Number(row.USER_ID), role: String(row.ROLE ?? '') }))
    .filter((member) => Number.isSafeInteger(member.userId) && member.userId > 0);
  const result = await mirrorPeopleByIds(db, bitrix, portal, members.map((member) => member.userId), onProgress, options);
  return { ...result, members };
}
