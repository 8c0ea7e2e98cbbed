import type { SeedUser } from '../model';
import type { PortalState } from '../state';
import { RestError } from '../rest-errors';

/** Bitrix24's classic page size (IRestService::LIST_LIMIT). */
export const PAGE_SIZE = 50;

/** Side effects of one HTTP hit; events are de-duplicated per hit, as Bitrix24 does (§5.5). */
export interface HitEffects {
  groupsUpdated: Set<number>;
  events: Array<{ event: string; data: Record<string, unknown> }>;
}

export interface CallContext {
  state: PortalState;
  /** The token's user: every call runs with that user's rights (§2.5). */
  user: SeedUser;
  isAdmin: boolean;
  params: Record<string, unknown>;
  /** The `start` parameter, stripped before the method runs (§3.1); null when absent. */
  start: number | null;
  hit: HitEffects;
}

export interface MethodAnswer {
  result: unknown;
  total?: number;
  next?: number;
}

export interface MethodDef {
  /** Any of these scopes grants the method; absent = `basic` (always granted). */
  scopes?: string[];
  handler(ctx: CallContext): MethodAnswer;
}

export type MethodTable = Record<string, MethodDef>;

/** One page of a classic list method: 50 rows, `total`, `next`; `start=-1` skips the count (§3.4). */
export function page<T>(ctx: CallContext, rows: T[]): MethodAnswer {
  if (ctx.start === -1) return { result: rows.slice(0, PAGE_SIZE) };
  const start = Math.max(0, ctx.start ?? 0);
  const answer: MethodAnswer = { result: rows.slice(start, start + PAGE_SIZE), total: rows.length };
  if (start + PAGE_SIZE < rows.length) answer.next = start + PAGE_SIZE;
  return answer;
}

/** A copy of the object with upper-cased keys (methods whose keys are case-insensitive). */
export function upperKeys(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) out[k.toUpperCase()] = v;
  }
  return out;
}

/** PHP intval: numbers and numeric strings; anything else is 0. */
export function intval(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'string') {
    const n = parseInt(value.trim(), 10);
    return Number.isNaN(n) ? 0 : n;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return 0;
}

/** A user-id parameter: one id or a list (JSON array, or `USER_ID[]=` / `USER_ID[0]=` in forms). */
export function idList(value: unknown): number[] | null {
  const raw = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [value];
  const ids = raw.map(intval).filter((id) => id > 0);
  return ids.length > 0 ? [...new Set(ids)] : null;
}

/** 'Y'/'N' flags as forms and JSON send them. */
export function yes(value: unknown): boolean {
  return value === true || value === 1 || value === 'Y' || value === 'y' || value === '1' || value === 'true';
}

export const yn = (flag: boolean) => (flag ? 'Y' : 'N');

/** An object parameter; an absent or non-object value is an empty object. */
export function objectParam(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export const required = (name: string, description?: string) =>
  new RestError(400, 'ERROR_ARGUMENT', description ?? `Argument '${name}' is null or empty`, { argument: name });

export function fullName(user: SeedUser): string {
  return `${user.name} ${user.lastName}`.trim();
}

export function avatarUrl(ctx: { state: PortalState }, user: SeedUser): string {
  return user.hasPhoto ? `${ctx.state.identity.url}/upload/avatar/${user.id}.svg` : '';
}
