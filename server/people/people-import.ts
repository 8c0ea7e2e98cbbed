import type { Knex } from 'knex';
import { getPortal, type Portal } from '../tenants/portal-repository';
import { BitrixError } from '../bitrix/bitrix-errors';
import { enqueueJob } from '../jobs/job-repository';
import { JOB_KINDS } from '../jobs/job-kinds';
import { PermanentJobError, type JobContext, type JobHandler } from '../jobs/job-types';
import { countPeopleSyncedSince, databaseNow, deactivatePeopleNotSeenSince, deleteDepartmentsNotSeenSince, upsertDepartments } from './people-repository';
import { departmentFromRow, type DepartmentRecord } from './person-fields';
import { APP_ACTOR, COMMANDS_PER_BATCH, PAGE_SIZE, commandRows, rowsPerStep, mirrorPeopleByIds, persons, rowsOf, type PeopleBitrix } from './mirror-people';
import { upsertPeople } from './people-repository';

/** Resumes a full user.get pass after the last stored id. */
export interface PeopleCheckpoint {
  lastId: number;
  done: number;
  /** Database time the pass began: people not synced since then were not returned by it. */
  passStartedAt: string;
}

/** department.get pages only by offset (it drops a `>ID` filter), so that is the checkpoint. */
export interface DepartmentsCheckpoint {
  nextStart: number;
  done: number;
  passStartedAt: string;
}

type Params = Record<string, unknown>;

async function portalFor(ctx: JobContext): Promise<Portal> {
  const portal = await getPortal(ctx.db, ctx.portalId);
  if (!portal || portal.state === 'uninstalled') throw new PermanentJobError('the app is not installed on this portal');
  return portal;
}

const userPage = (cursor: number | string, counted: boolean): Params => ({
  FILTER: { '>ID': cursor },
  sort: 'ID',
  order: 'ASC',
  // The installing admin sees every user this way, extranet ones included (BITRIX24.md §5.1).
  ADMIN_MODE: true,
  ...(counted ? {} : { start: -1 }),
});

/**
 * Every user of the portal, inactive ones included (their `active` is stored), by ID ascending:
 * one counted request, then batches of up to 50 pages chained by `$result[p(k-1)][49][ID]`. After
 * each request the rows are stored and the last ID saved as the checkpoint. When the pass is
 * complete, people it did not return are marked inactive.
 */
export async function importAllPeople(ctx: JobContext<Params, PeopleCheckpoint>, bitrix: PeopleBitrix, portal: Portal) {
  let cp: PeopleCheckpoint = ctx.checkpoint ?? { lastId: 0, done: 0, passStartedAt: (await databaseNow(ctx.db)).toISOString() };
  let total = 0;
  // A batch brings up to 2,500 people; they are written rowsPerStep() at a time, each step in its
  // own short transaction with the checkpoint (rows arrive by ID ascending, so "after lastId" is exact).
  const store = async (rows: Array<Record<string, unknown>>) => {
    const people = persons(rows);
    const stepRows = rowsPerStep(ctx.db);
    for (let at = 0; at < people.length; at += stepRows) {
      const step = people.slice(at, at + stepRows);
      const lastId = step.reduce((max, p) => Math.max(max, p.userId), cp.lastId);
      const next = { ...cp, lastId, done: cp.done + step.length };
      total = Math.max(total, next.done);
      await ctx.saveStep((trx) => upsertPeople(trx, portal.id, step), { done: next.done, total, message: `${next.done} of ${total} people`, checkpoint: next });
      cp = next;
    }
  };

  const first = await bitrix.call<unknown>(portal, APP_ACTOR, 'user.get', userPage(cp.lastId, true), { signal: ctx.signal });
  const firstRows = rowsOf(first.result);
  total = cp.done + (first.total ?? firstRows.length);
  await store(firstRows);
  let more = firstRows.length >= PAGE_SIZE;
  while (more) {
    ctx.signal.throwIfAborted();
    const pages = Math.min(COMMANDS_PER_BATCH, Math.max(1, Math.ceil((total - cp.done) / PAGE_SIZE)));
    const commands: Record<string, [string, Params]> = {};
    for (let k = 0; k < pages; k++) {
      commands[`p${k}`] = ['user.get', userPage(k === 0 ? cp.lastId : `$result[p${k - 1}][${PAGE_SIZE - 1}][ID]`, false)];
    }
    const answer = await bitrix.batch(portal, APP_ACTOR, commands, { halt: true, signal: ctx.signal });
    const rows: Array<Record<string, unknown>> = [];
    let previous = cp.lastId;
    more = false;
    for (let k = 0; k < pages; k++) {
      const page = commandRows(answer, `p${k}`, 'user.get');
      if (page.length > 0 && !(Number(page[0]!.ID) > previous)) {
        throw new BitrixError('LIST_NOT_ADVANCING', 'user.get ignored the >ID filter', 200, 'user.get');
      }
      rows.push(...page);
      // A page after the last short one read an unresolved reference: ignore it.
      if (page.length < PAGE_SIZE) break;
      previous = Number(page[page.length - 1]!.ID);
      more = k === pages - 1;
    }
    await store(rows);
  }
  const deactivated = await deactivatePeopleNotSeenSince(ctx.db, portal.id, new Date(cp.passStartedAt));
  await ctx.reportProgress(cp.done, cp.done, `${cp.done} people imported`, cp);
  // Read, and of those active or not: what Settings shows as the import's result.
  const { active, inactive } = await countPeopleSyncedSince(ctx.db, portal.id, new Date(cp.passStartedAt));
  return { imported: cp.done, active, inactive, deactivated };
}

/** Every department, 50 per page, remaining pages 50 at a time in a batch; departments no longer returned are removed. */
export async function importAllDepartments(ctx: JobContext<Params, DepartmentsCheckpoint>, bitrix: PeopleBitrix, portal: Portal) {
  let cp: DepartmentsCheckpoint = ctx.checkpoint ?? { nextStart: 0, done: 0, passStartedAt: (await databaseNow(ctx.db)).toISOString() };
  const base = { sort: 'ID', order: 'ASC' };
  // Short steps as for people; department.get pages by offset, so the checkpoint moves on only
  // with the batch's last step (a resumed run reads the batch again and upserts it again: harmless).
  const store = async (rows: Array<Record<string, unknown>>, nextStart: number, total: number) => {
    const departments = rows.map(departmentFromRow).filter((d): d is DepartmentRecord => d !== null);
    const stepRows = rowsPerStep(ctx.db);
    for (let at = 0; at < Math.max(1, departments.length); at += stepRows) {
      const step = departments.slice(at, at + stepRows);
      const done = cp.done + Math.min(departments.length, at + stepRows);
      const last = at + stepRows >= departments.length;
      const checkpoint = last ? { ...cp, nextStart, done } : cp;
      await ctx.saveStep((trx) => upsertDepartments(trx, portal.id, step), { done, total: Math.max(total, done), message: `${done} of ${total} departments`, checkpoint });
    }
    cp = { ...cp, nextStart, done: cp.done + departments.length };
  };

  const first = await bitrix.call<unknown>(portal, APP_ACTOR, 'department.get', { ...base, start: cp.nextStart }, { signal: ctx.signal });
  const firstRows = rowsOf(first.result);
  const total = first.total ?? cp.nextStart + firstRows.length;
  await store(firstRows, first.next ?? cp.nextStart + PAGE_SIZE, total);
  while (cp.nextStart < total && firstRows.length > 0) {
    ctx.signal.throwIfAborted();
    const starts: number[] = [];
    for (let start = cp.nextStart; start < total && starts.length < COMMANDS_PER_BATCH; start += PAGE_SIZE) starts.push(start);
    const answer = await bitrix.batch(portal, APP_ACTOR, Object.fromEntries(starts.map((start) => [`s${start}`, ['department.get', { ...base, start }]])), {
      halt: true,
      signal: ctx.signal,
    });
    const rows = starts.flatMap((start) => commandRows(answer, `s${start}`, 'department.get'));
    await store(rows, starts[starts.length - 1]! + PAGE_SIZE, total);
  }
  const removed = await deleteDepartmentsNotSeenSince(ctx.db, portal.id, new Date(cp.passStartedAt));
  return { imported: cp.done, removed };
}

/** The people module's job handlers, to be given to the worker. */
export function peopleJobHandlers(deps: { bitrix: PeopleBitrix }): Record<string, JobHandler> {
  return {
    [JOB_KINDS.importPeople]: async (ctx: JobContext<{ userIds?: unknown }, PeopleCheckpoint>) => {
      const portal = await portalFor(ctx);
      if (ctx.payload.userIds === undefined) return importAllPeople(ctx as JobContext<Params, PeopleCheckpoint>, deps.bitrix, portal);
      if (!Array.isArray(ctx.payload.userIds)) throw new PermanentJobError('userIds must be a list of user ids');
      const result = await mirrorPeopleByIds(
        ctx.db,
        deps.bitrix,
        portal,
        ctx.payload.userIds as Array<number | string>,
        (done, total) => ctx.reportProgress(done, total, `${done} of ${total} people`),
        { signal: ctx.signal },
      );
      return { ...result, missing: result.missing.slice(0, 100) };
    },
    [JOB_KINDS.importDepartments]: async (ctx: JobContext<Params, DepartmentsCheckpoint>) => importAllDepartments(ctx, deps.bitrix, await portalFor(ctx)),
  };
}

/** Queues a full import of departments and people (an admin's "import now"); open ones, e.g. the install's, are reused (same keys as install-setup.ts). */
export async function enqueuePeopleImport(db: Knex, portalId: string): Promise<{ departments: number; people: number }> {
  const departments = await enqueueJob(db, portalId, JOB_KINDS.importDepartments, {}, { dedupKey: `${JOB_KINDS.importDepartments}:all` });
  const people = await enqueueJob(db, portalId, JOB_KINDS.importPeople, {}, { dedupKey: `${JOB_KINDS.importPeople}:all` });
  return { departments, people };
}
