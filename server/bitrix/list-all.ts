import { BitrixError } from './bitrix-errors';
import { PAGE_SIZE, MAX_BATCH_COMMANDS, type Actor, type BatchCommand, type BatchResult, type CallResult, type PortalEndpoint } from './rest-types';

/**
 * Reading whole lists (§3.4). Two ways, chosen per method by what its server code honours:
 *
 * Keyset (`user.get`, `user.search`, and by default any other method): order by ID ascending,
 * filter `>ID` = last ID seen, `start: -1` (no COUNT query), stop at a page of < 50 rows. After a
 * full first page, the next pages go out packed in one `batch`, each command's cursor pointing at
 * the previous command's last row (`$result[p0][49][ID]`). Commands after the last short page
 * read garbage (the reference does not resolve) and are ignored, so batches grow 2, 4, 8 ... 50
 * pages: little waste on small portals, few requests on big ones.
 *   - user.get / user.search: `sort: 'ID', order: 'ASC'` (strings), the cursor inside the
 *     caller's `FILTER` if there is one, else at the top level (with a FILTER present, user.get
 *     ignores top-level filter keys).
 *   - other methods: `order: {ID: 'ASC'}`, `filter: {'>ID': ...}` (the crm.* style of §3.4).
 *
 * By `start` (`department.get`, `sonet_group.get`, or listAllByStart for anything else): page 1
 * with `start: 0` tells `total`; the remaining pages go out together in batches of 50.
 *   - department.get keeps only exact filter keys ID, NAME, SORT, PARENT, UF_HEAD: a `>ID` filter
 *     is silently dropped, so keyset paging would loop. Sent with `sort: 'ID', order: 'ASC'`.
 *   - sonet_group.get reads only upper-case `ORDER` / `FILTER`; sent with `ORDER: {ID: 'ASC'}`.
 * Offset paging can skip or repeat a row that is created or deleted meanwhile; repeats are dropped.
 *
 * Not for methods whose rows are not a list in `result` (socialnetwork.api.workgroup.list:
 * `result.workgroups`), nor for unpaged ones (sonet_group.user.get): use call().
 */
export interface PageSource {
  call<T>(portal: PortalEndpoint, actor: Actor, method: string, params?: Record<string, unknown>): Promise<CallResult<T>>;
  batch(portal: PortalEndpoint, actor: Actor, commands: Record<string, BatchCommand>, options?: { halt?: boolean }): Promise<BatchResult>;
}

export interface ListOptions {
  /** The row's id field (default 'ID'). */
  idKey?: string;
  /** Called after every page with the number of rows read so far. */
  onPage?: (rowsSoFar: number) => void;
}

type Params = Record<string, unknown>;

interface ListStyle {
  paging: 'keyset' | 'start';
  /** The page's parameters; for keyset, `cursor` is the last id (or a batch reference), undefined on page 1. */
  page(params: Params, idKey: string, cursor?: unknown): Params;
}

const userGetStyle: ListStyle = {
  paging: 'keyset',
  page(params, idKey, cursor) {
    const page: Params = { ...without(params, /^(sort|order|start)$/i), sort: idKey, order: 'ASC', start: -1 };
    if (cursor === undefined) return page;
    const filterKey = Object.keys(page).find((key) => /^filter$/i.test(key) && isRecord(page[key]));
    if (filterKey) page[filterKey] = { ...(page[filterKey] as Params), [`>${idKey}`]: cursor };
    else page[`>${idKey}`] = cursor;
    return page;
  },
};

const LIST_STYLES: Record<string, ListStyle> = {
  'user.get': userGetStyle,
  'user.search': userGetStyle,
  'department.get': {
    paging: 'start',
    page: (params, idKey) => ({ ...without(params, /^(sort|order|start)$/i), sort: idKey, order: 'ASC' }),
  },
  'sonet_group.get': {
    paging: 'start',
    page: (params, idKey) => ({ ...without(params, /^(ORDER|start)$/), ORDER: { [idKey]: 'ASC' } }),
  },
};

const genericKeysetStyle: ListStyle = {
  paging: 'keyset',
  page(params, idKey, cursor) {
    const filterKey = Object.keys(params).find((key) => /^filter$/i.test(key)) ?? 'filter';
    const page: Params = { ...without(params, /^(order|start)$/i), order: { [idKey]: 'ASC' }, start: -1 };
    if (cursor !== undefined) page[filterKey] = { ...(isRecord(params[filterKey]) ? (params[filterKey] as Params) : {}), [`>${idKey}`]: cursor };
    return page;
  },
};

export async function listAll<T>(source: PageSource, portal: PortalEndpoint, actor: Actor, method: string, params: Params = {}, options: ListOptions = {}): Promise<T[]> {
  const style = LIST_STYLES[method.toLowerCase()] ?? genericKeysetStyle;
  const idKey = options.idKey ?? 'ID';
  if (style.paging === 'start') return listAllByStart<T>(source, portal, actor, method, style.page(params, idKey), options);
  return listByKeyset<T>(source, portal, actor, method, params, style, idKey, options);
}

async function listByKeyset<T>(source: PageSource, portal: PortalEndpoint, actor: Actor, method: string, params: Params, style: ListStyle, idKey: string, options: ListOptions): Promise<T[]> {
  const rows: T[] = [];
  const first = await source.call<unknown>(portal, actor, method, style.page(params, idKey));
  let page = rowsOf<T>(first.result);
  rows.push(...page);
  options.onPage?.(rows.length);
  let pagesPerBatch = 2;
  while (page.length >= PAGE_SIZE) {
    const cursor = idOf(page[page.length - 1], idKey, method);
    const commands: Record<string, BatchCommand> = {};
    for (let k = 0; k < pagesPerBatch; k++) {
      const pageCursor = k === 0 ? cursor : `$result[p${k - 1}][${PAGE_SIZE - 1}][${idKey}]`;
      commands[`p${k}`] = [method, style.page(params, idKey, pageCursor)];
    }
    const answer = await source.batch(portal, actor, commands, { halt: true });
    let last = cursor;
    for (let k = 0; k < pagesPerBatch; k++) {
      page = pageOf<T>(answer, `p${k}`, method);
      if (page.length > 0 && !isAfter(idOf(page[0], idKey, method), last)) {
        throw new BitrixError('LIST_NOT_ADVANCING', `${method} ignored the >${idKey} filter; page it with listAllByStart`, 0, method);
      }
      rows.push(...page);
      options.onPage?.(rows.length);
      if (page.length < PAGE_SIZE) return rows;
      last = idOf(page[page.length - 1], idKey, method);
    }
    pagesPerBatch = Math.min(MAX_BATCH_COMMANDS, pagesPerBatch * 2);
  }
  return rows;
}

/** Pages with `start` / `next`; the caller passes the method's exact order keys (e.g. `ORDER: {ID: 'ASC'}`). */
export async function listAllByStart<T>(source: PageSource, portal: PortalEndpoint, actor: Actor, method: string, params: Params = {}, options: ListOptions = {}): Promise<T[]> {
  const idKey = options.idKey ?? 'ID';
  const base = without(params, /^start$/i);
  const seen = new Set<string>();
  const rows: T[] = [];
  const take = (page: T[]) => {
    for (const row of page) {
      const id = (row as Params | null)?.[idKey];
      if (id !== undefined && id !== null) {
        if (seen.has(String(id))) continue;
        seen.add(String(id));
      }
      rows.push(row);
    }
    options.onPage?.(rows.length);
  };

  let answer = await source.call<unknown>(portal, actor, method, { ...base, start: 0 });
  take(rowsOf<T>(answer.result));
  if (answer.total === undefined) {
    // No count to plan with: follow `next` one page at a time.
    while (answer.next !== undefined && answer.next > 0) {
      answer = await source.call<unknown>(portal, actor, method, { ...base, start: answer.next });
      take(rowsOf<T>(answer.result));
    }
    return rows;
  }
  const starts: number[] = [];
  for (let start = answer.next ?? answer.total; start < answer.total; start += PAGE_SIZE) starts.push(start);
  for (let i = 0; i < starts.length; i += MAX_BATCH_COMMANDS) {
    const chunk = starts.slice(i, i + MAX_BATCH_COMMANDS);
    const commands = Object.fromEntries(chunk.map((start): [string, BatchCommand] => [`s${start}`, [method, { ...base, start }]]));
    const result = await source.batch(portal, actor, commands, { halt: true });
    for (const start of chunk) take(pageOf<T>(result, `s${start}`, method));
  }
  return rows;
}

function pageOf<T>(answer: BatchResult, key: string, method: string): T[] {
  const error = answer.errors[key];
  if (error) throw new BitrixError(error.error, error.error_description, 200, method);
  if (!(key in answer.result)) throw new BitrixError('ERROR_UNEXPECTED_ANSWER', `batch returned no result for ${key}`, 200, method);
  return rowsOf<T>(answer.result[key]);
}

function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  if (isRecord(result)) return Object.values(result) as T[];
  return [];
}

function idOf(row: unknown, idKey: string, method: string): string | number {
  const id = isRecord(row) ? row[idKey] : undefined;
  if (typeof id === 'number' || (typeof id === 'string' && id !== '')) return id;
  throw new BitrixError('LIST_WITHOUT_ID', `${method} rows have no ${idKey}`, 0, method);
}

function isAfter(id: string | number, previous: string | number): boolean {
  const a = Number(id);
  const b = Number(previous);
  return Number.isFinite(a) && Number.isFinite(b) ? a > b : String(id) > String(previous);
}

function without(params: Params, keys: RegExp): Params {
  return Object.fromEntries(Object.entries(params).filter(([key]) => !keys.test(key)));
}

function isRecord(value: unknown): value is Params {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
