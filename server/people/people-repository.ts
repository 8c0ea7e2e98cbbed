import type { Knex } from 'knex';
import type { DepartmentRecord, PersonRecord } from './person-fields';
import { runnerOf, type RunStatement } from '../db/driver-query';

/** The local mirror of a portal's people and departments (tables people, departments). */

// 10 parameters a row: well under PostgreSQL's 65535 bound parameters per statement.
const CHUNK = 1000;

/** The database's clock, for "not seen since" marks that must agree with synced_at. */
export async function databaseNow(db: Knex): Promise<Date> {
  const answer = await db.raw<{ rows: Array<{ now: Date | string }> }>('SELECT now() AS now');
  return new Date(answer.rows[0]!.now);
}

export async function upsertPeople(db: Knex, portalId: string, people: readonly PersonRecord[]): Promise<void> {
  for (let i = 0; i < people.length; i += CHUNK) {
    const rows = people.slice(i, i + CHUNK).map((p) => ({
      portal_id: portalId,
      user_id: p.userId,
      name: p.name,
      last_name: p.lastName,
      email: p.email,
      position: p.position,
      department_ids: db.raw('?::integer[]', [`{${p.departmentIds.join(',')}}`]),
      user_type: p.userType,
      active: p.active,
      photo_url: p.photoUrl,
      synced_at: db.fn.now(),
    }));
    await db('people')
      .insert(rows)
      .onConflict(['portal_id', 'user_id'])
      .merge(['name', 'last_name', 'email', 'position', 'department_ids', 'user_type', 'active', 'photo_url', 'synced_at']);
  }
}

export async function upsertDepartments(db: Knex, portalId: string, departments: readonly DepartmentRecord[]): Promise<void> {
  for (let i = 0; i < departments.length; i += CHUNK) {
    const rows = departments.slice(i, i + CHUNK).map((d) => ({
      portal_id: portalId,
      department_id: d.departmentId,
      name: d.name,
      parent_id: d.parentId,
      synced_at: db.fn.now(),
    }));
    await db('departments').insert(rows).onConflict(['portal_id', 'department_id']).merge(['name', 'parent_id', 'synced_at']);
  }
}

/**
 * After a complete user.get pass: whoever it did not return (deleted, or no longer visible) is
 * no longer active. Memberships of inactive people end (PRODUCT.md §3).
 */
export async function deactivatePeopleNotSeenSince(db: Knex, portalId: string, since: Date): Promise<number> {
  return db('people').where({ portal_id: portalId, active: true }).andWhere('synced_at', '<', since).update({ active: false });
}

/** After a complete department.get pass: departments it did not return are gone. */
export async function deleteDepartmentsNotSeenSince(db: Knex, portalId: string, since: Date): Promise<number> {
  // Counted from RETURNING: knex-pglite answers .delete() with its raw result instead of a row count.
  const removed = await db('departments').where({ portal_id: portalId }).andWhere('synced_at', '<', since).delete().returning('department_id');
  return removed.length;
}

/** A person as the API shows them: the mirrored record itself. */
export type PersonView = PersonRecord;

interface PersonRow {
  portal_id: string;
  user_id: number;
  name: string;
  last_name: string;
  email: string | null;
  position: string;
  department_ids: number[] | string;
  user_type: string;
  active: boolean;
  photo_url: string | null;
}

/** PGlite and pg both parse integer[]; a text form ('{1,2}') is handled all the same. */
function intArray(value: number[] | string): number[] {
  if (Array.isArray(value)) return value.map(Number);
  return value.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The search's arguments for people_search (migration 0070): one LIKE pattern per word and tier. */
export interface PeopleSearchPatterns {
  /** Every word a whole word of the person: '% w %' (search_text has a space at each end, migration 0014). */
  whole: string[];
  /** Every word starts a word: '% w%'. */
  start: string[];
  /** Every word occurs: '%w%'. */
  inside: string[];
}

/**
 * The words of a search, lower-cased, at most five, LIKE-escaped, as the three tiers' patterns. The
 * longest word comes first: it is the one the trigram index is asked about (the more letters, the
 * fewer people it matches), the others are checked on what it finds.
 */
export function peopleSearchPatterns(search: string | undefined): PeopleSearchPatterns {
  const words = (search ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5).map(escapeLike);
  words.sort((a, b) => b.length - a.length);
  return { whole: words.map((w) => `% ${w} %`), start: words.map((w) => `% ${w}%`), inside: words.map((w) => `%${w}%`) };
}

/** What the API shows of a person: never `select *` (search_text is the index's, not the API's). */
const PERSON_COLUMNS = 'user_id, name, last_name, email, "position", department_ids, user_type, active, photo_url';

// A named statement: the function's call is the same text whatever the words, so PostgreSQL parses
// it once per connection; the function plans each tier for the words given (migration 0070).
const SEARCH_SQL = `SELECT ${PERSON_COLUMNS} FROM people_search($1, $2::text[], $3::text[], $4::text[], $5, $6)`;

/**
 * The search as one statement: people_search (migration 0070), served by the trigram index
 * people_search_trgm and the name order people_by_name (migration 0014). Every word must occur in
 * `search_text` (name, last name, e-mail, position, lower-cased). Ranked in three tiers: every word
 * is a whole word of the person, then every word starts one, then the rest; within a tier by last
 * name and name. The ranking test holds the order.
 */
export async function searchPeople(
  db: Knex,
  portalId: string,
  options: { search?: string; limit?: number; includeInactive?: boolean } = {},
  run: RunStatement = runnerOf(db),
): Promise<PersonView[]> {
  const patterns = peopleSearchPatterns(options.search);
  const values = [portalId, patterns.whole, patterns.start, patterns.inside, options.limit ?? 20, options.includeInactive ?? false];
  const rows = await run<PersonRow>(SEARCH_SQL, values, 'people-search');
  return rows.map((row) => ({
    userId: row.user_id,
    name: row.name,
    lastName: row.last_name,
    email: row.email,
    position: row.position,
    departmentIds: intArray(row.department_ids),
    userType: row.user_type,
    active: row.active,
    photoUrl: row.photo_url,
  }));
}

export async function countPeople(db: Knex, portalId: string): Promise<number> {
  const row = await db('people').where({ portal_id: portalId }).count<{ count: number | string }>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

/** What the last complete user.get pass read: how many people, and how many of them Bitrix24 calls active. */
export interface FullImportCounts {
  jobId: number;
  finishedAt: Date;
  /** People user.get returned (inactive ones included). */
  read: number;
  /** Of those read; null for an import that ran before these were counted. */
  active: number | null;
  inactive: number | null;
  /** Mirrored people the pass did not return (deleted or no longer visible), now inactive. */
  deactivated: number | null;
}

export interface PeopleSummary {
  active: number;
  inactive: number;
  departments: number;
  /** When the last complete user.get pass finished (imports of single users, after ONUSERADD, do not count). */
  lastFullImportAt: Date | null;
  lastFullImport: FullImportCounts | null;
}

/** Active and inactive among the people a pass that began at `since` stored (it sets synced_at). */
export async function countPeopleSyncedSince(db: Knex, portalId: string, since: Date): Promise<{ active: number; inactive: number }> {
  const row = await db('people')
    .where({ portal_id: portalId })
    .andWhere('synced_at', '>=', since)
    .select(db.raw('count(*) filter (where active) as active'), db.raw('count(*) filter (where not active) as inactive'))
    .first();
  return { active: Number(row?.active ?? 0), inactive: Number(row?.inactive ?? 0) };
}

const countOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export async function peopleSummary(db: Knex, portalId: string): Promise<PeopleSummary> {
  const people = await db('people')
    .where({ portal_id: portalId })
    .select(db.raw('count(*) filter (where active) as active'), db.raw('count(*) filter (where not active) as inactive'))
    .first();
  const departments = await db('departments').where({ portal_id: portalId }).count<{ count: number | string }>({ count: '*' }).first();
  const lastFull: { id: number | string; finished_at: Date | string; result: Record<string, unknown> | null; progress_done: number } | undefined = await db('jobs')
    .where({ portal_id: portalId, kind: 'import-people', state: 'done' })
    .andWhereRaw("payload -> 'userIds' IS NULL")
    .orderBy([{ column: 'finished_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .first('id', 'finished_at', 'result', 'progress_done');
  const result = lastFull?.result ?? {};
  return {
    active: Number(people?.active ?? 0),
    inactive: Number(people?.inactive ?? 0),
    departments: Number(departments?.count ?? 0),
    lastFullImportAt: lastFull ? new Date(lastFull.finished_at) : null,
    lastFullImport: lastFull
      ? {
          jobId: Number(lastFull.id),
          finishedAt: new Date(lastFull.finished_at),
          read: countOrNull(result.imported) ?? Number(lastFull.progress_done),
          active: countOrNull(result.active),
          inactive: countOrNull(result.inactive),
          deactivated: countOrNull(result.deactivated),
        }
      : null,
  };
}
