import qs from 'qs';
import { RestError, timeBlock } from './rest-errors';
import type { MethodAnswer } from './rest-methods/context';
import { yes } from './rest-methods/context';

/** BITRIX24.md §3.5. */
export const BATCH_MAX = 50;

type Run = (method: string, params: Record<string, unknown>) => MethodAnswer;

/**
 * PHP turns an associative array into a JSON object, a list (keys 0..n-1 in order) into a JSON array,
 * and an empty one into `[]` — so `result_error` of a clean batch is `[]`, not `{}`.
 */
export function phpMap(entries: Array<[string, unknown]>): unknown {
  if (entries.every(([key], i) => key === String(i))) return entries.map(([, value]) => value);
  return Object.fromEntries(entries);
}

const REF = /\$(result|error)\[([^\]]*)\]((?:\[[^\]]*\])*)/g;

function lookup(root: unknown, path: string): unknown {
  let value = root;
  for (const [, key] of path.matchAll(/\[([^\]]*)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key!];
  }
  return value;
}

/**
 * Replaces `$result[key][field]…` (and `$error[…]`) in parameter values with earlier answers. A value
 * that is exactly one reference takes the referenced value as is (a list stays a list); inside a longer
 * string the reference becomes text.
 */
function resolveRefs(value: unknown, results: Map<string, unknown>, errors: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    const source = (kind: string, key: string) => (kind === 'result' ? results : errors).get(key);
    const whole = /^\$(result|error)\[([^\]]*)\]((?:\[[^\]]*\])*)$/.exec(value);
    if (whole) return lookup(source(whole[1]!, whole[2]!), whole[3]!) ?? '';
    return value.replace(REF, (_m, kind: string, key: string, path: string) => {
      const found = lookup(source(kind, key), path);
      if (found === undefined || found === null) return '';
      return typeof found === 'object' ? Object.values(found).join(',') : String(found);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, results, errors));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, results, errors)]));
  }
  return value;
}

/** Runs up to 50 commands in order with the batch's token; answers HTTP 200 even if commands fail. */
export function runBatch(params: Record<string, unknown>, run: Run): Record<string, unknown> {
  const cmd = params.cmd;
  const commands: Array<[string, unknown]> = Array.isArray(cmd)
    ? cmd.map((c, i) => [String(i), c])
    : cmd && typeof cmd === 'object'
      ? Object.entries(cmd)
      : [];
  if (commands.length > BATCH_MAX) throw new RestError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
  const halt = yes(params.halt);
  const results = new Map<string, unknown>();
  const errors = new Map<string, unknown>();
  const totals: Array<[string, unknown]> = [];
  const nexts: Array<[string, unknown]> = [];
  const times: Array<[string, unknown]> = [];

  for (const [key, command] of commands) {
    const started = Date.now();
    try {
      if (typeof command !== 'string' || !command.trim()) throw new RestError(400, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
      const q = command.indexOf('?');
      const method = (q === -1 ? command : command.slice(0, q)).trim();
      if (method.toLowerCase() === 'batch') {
        throw new RestError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage');
      }
      const query = q === -1 ? {} : qs.parse(command.slice(q + 1), { depth: 10, arrayLimit: 1000, parameterLimit: 10_000 });
      const answer = run(method, resolveRefs(query, results, errors) as Record<string, unknown>);
      results.set(key, answer.result);
      if (answer.total !== undefined) totals.push([key, answer.total]);
      if (answer.next !== undefined) nexts.push([key, answer.next]);
      times.push([key, timeBlock(started)]);
    } catch (error) {
      if (!(error instanceof RestError)) throw error;
      errors.set(key, { error: error.code, error_description: error.description });
      if (halt) break;
    }
  }
  return {
    result: phpMap([...results]),
    result_error: phpMap([...errors]),
    result_total: phpMap(totals),
    result_next: phpMap(nexts),
    result_time: phpMap(times),
  };
}
