import qs from 'qs';
import { errorCodeOf } from './bitrix-errors';
import type { BatchCommand, BatchCommandError, BatchResult } from './rest-types';

/**
 * One `batch` command: `method?query` with PHP-style keys (`FILTER[>ID]=5`, `ID[]=1`), URL-encoded
 * once (the batch travels in a JSON body, so no second encoding, §3.5). Bitrix24 runs the query
 * through parse_str, then replaces `$result[key][...]` references in the values.
 *
 * - Arrays of scalars use `ID[]=1&ID[]=2`; as soon as some array holds objects, every array is
 *   indexed (`F[0][a]=1&F[0][b]=2`), because `F[][a]=1&F[][b]=2` would make two elements in PHP.
 * - Booleans become 1 / 0: in a query string `false` arrives as the string "false", which PHP
 *   treats as true.
 * - Keys are sent exactly as given; their case matters to some methods (§3.1).
 */
export function batchCommand(method: string, params: Record<string, unknown> = {}): string {
  const query = qs.stringify(params, {
    arrayFormat: hasArrayOfObjects(params) ? 'indices' : 'brackets',
    filter: (_prefix, value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
  });
  return query ? `${method}?${query}` : method;
}

function hasArrayOfObjects(value: unknown, depth = 0): boolean {
  if (depth > 16 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => (item !== null && typeof item === 'object') || hasArrayOfObjects(item, depth + 1));
  return Object.values(value).some((item) => hasArrayOfObjects(item, depth + 1));
}

/** Named commands as given; an array becomes keys "0", "1", ... (or from `firstIndex`). */
export function keyedCommands(commands: Record<string, BatchCommand> | BatchCommand[], firstIndex = 0): Record<string, BatchCommand> {
  if (!Array.isArray(commands)) return commands;
  return Object.fromEntries(commands.map((command, i) => [String(firstIndex + i), command]));
}

/**
 * The inner `result` of a batch answer, with every map as an object: PHP encodes an empty map
 * as `[]` and a map with keys 0..n-1 as a list. Empty error codes are mapped (see bitrix-errors.ts).
 */
export function normaliseBatchResult(raw: unknown): BatchResult {
  const body = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const errors: Record<string, BatchCommandError> = {};
  for (const [key, value] of Object.entries(asMap(body.result_error))) {
    const entry = (value && typeof value === 'object' ? value : {}) as Partial<BatchCommandError>;
    const description = typeof entry.error_description === 'string' ? entry.error_description : '';
    errors[key] = { error: errorCodeOf(entry.error, description), error_description: description };
  }
  return {
    result: asMap(body.result),
    errors,
    total: numbers(asMap(body.result_total)),
    next: numbers(asMap(body.result_next)),
  };
}

function asMap(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, i) => [String(i), item]));
  if (value && typeof value === 'object') return value as Record<string, unknown>;
  return {};
}

function numbers(map: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(map)) {
    const n = Number(value);
    if (Number.isFinite(n)) out[key] = n;
  }
  return out;
}
