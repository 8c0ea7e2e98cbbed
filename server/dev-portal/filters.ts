/**
 * Bitrix24 list filters: a key is `<operator><FIELD>` (e.g. `>ID`, `@ID`, `%NAME`, `!ACTIVE`).
 * Each method allows its own operators; a key with another prefix is dropped silently, and so is a
 * field the method does not know (BITRIX24.md §5.1, §5.2) — which is exactly what hides app bugs on
 * a real portal, so the emulator does the same.
 */

/** Longest first, so '>=' wins over '>'. */
const ALL_OPS = ['!><', '!=%', '!%=', '><', '>=', '<=', '=%', '%=', '!%', '!@', '!=', '>', '<', '@', '%', '=', '!', '?'];

export const USER_FILTER_OPS = ['>=', '>', '<=', '<', '@', '!@', '%', '=%', '%=', '!%', '!=%', '!%=', '=', '!=', '!', ''];
export const SONET_FILTER_OPS = ['', '!', '<', '<=', '>', '>=', '><', '!><', '?', '=', '!=', '%', '!%'];

export interface Condition {
  field: string;
  op: string;
  value: unknown;
}

/** Splits a filter object into conditions; keys with a disallowed operator are dropped. */
export function parseFilter(filter: unknown, allowedOps: string[]): Condition[] {
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return [];
  const out: Condition[] = [];
  for (const [rawKey, value] of Object.entries(filter as Record<string, unknown>)) {
    const op = ALL_OPS.find((candidate) => rawKey.startsWith(candidate)) ?? '';
    const field = rawKey.slice(op.length).toUpperCase();
    if (!field || !/^[A-Z_][A-Z0-9_]*$/.test(field)) continue;
    if (!allowedOps.includes(op)) continue;
    out.push({ field, op, value });
  }
  return out;
}

const NEGATIVE = new Set(['!', '!=', '!@', '!%', '!=%', '!%=', '!><']);

/**
 * Does the row match every condition? `view` gives the row's filterable fields; a field absent
 * from the view is an unknown field and its condition is ignored.
 */
export function matchesAll(view: Record<string, unknown>, conditions: Condition[]): boolean {
  for (const c of conditions) {
    if (!(c.field in view)) continue;
    const actual = view[c.field];
    const values = Array.isArray(actual) ? actual : [actual];
    const positive = NEGATIVE.has(c.op) ? c.op.slice(1) || '=' : c.op;
    const hit = values.some((v) => test(v, positive, c.value));
    if (NEGATIVE.has(c.op) ? hit : !hit) return false;
  }
  return true;
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return Object.values(value);
  if (typeof value === 'string' && value.includes(',')) return value.split(',').map((s) => s.trim());
  return [value];
}

function test(actual: unknown, op: string, want: unknown): boolean {
  switch (op) {
    case '':
    case '=':
    case '@':
      // An array value means IN, for '=' as much as for '@'.
      return listOf(want).some((w) => compare(actual, w) === 0);
    case '>':
      return compare(actual, want) > 0;
    case '>=':
      return compare(actual, want) >= 0;
    case '<':
      return compare(actual, want) < 0;
    case '<=':
      return compare(actual, want) <= 0;
    case '><': {
      const [low, high] = listOf(want);
      return compare(actual, low) >= 0 && compare(actual, high) <= 0;
    }
    case '%':
    case '?':
      return text(actual).includes(text(want));
    case '=%':
    case '%=':
      return like(text(actual), text(want));
    default:
      return false;
  }
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v)).toLowerCase();

function like(actual: string, pattern: string): boolean {
  const re = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${re}$`, 's').test(actual);
}

const ISO = /^\d{4}-\d{2}-\d{2}/;

/** Numbers as numbers, ISO dates as instants, everything else case-insensitively (MySQL collation). */
export function compare(a: unknown, b: unknown): number {
  if (typeof a === 'boolean') a = a ? 'Y' : 'N';
  if (typeof b === 'boolean') b = b ? 'Y' : 'N';
  const an = Number(a);
  const bn = Number(b);
  if (a !== '' && b !== '' && a !== null && b !== null && !Number.isNaN(an) && !Number.isNaN(bn)) return an - bn;
  if (typeof a === 'string' && typeof b === 'string' && ISO.test(a) && ISO.test(b)) return Date.parse(a) - Date.parse(b);
  return text(a).localeCompare(text(b));
}

/** Sorts rows by `[field, direction]` pairs over their filter views. */
export function sortRows<T>(rows: T[], view: (row: T) => Record<string, unknown>, order: Array<[string, 'ASC' | 'DESC']>): T[] {
  if (order.length === 0) return rows;
  const views = new Map(rows.map((row) => [row, view(row)]));
  return [...rows].sort((x, y) => {
    for (const [field, dir] of order) {
      const c = compare(views.get(x)![field], views.get(y)![field]);
      if (c !== 0) return dir === 'DESC' ? -c : c;
    }
    return 0;
  });
}
