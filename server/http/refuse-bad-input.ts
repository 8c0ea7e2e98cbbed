import type { FastifyRequest, preValidationHookHandler } from 'fastify';
import { HttpError } from './errors';

/**
 * Checks every route gets before its schema runs, whatever its schema says (or whether it
 * has one: the frame pages and the event handler read loosely shaped forms).
 *
 * 1. No control characters. PostgreSQL refuses NUL in text and in jsonb (and an unpaired UTF-16
 *    surrogate in jsonb), so such a value used to reach a query and come back as a 500 with a
 *    driver stack in the log. No field of ours has a use for C0 controls other than tab, line
 *    feed and carriage return (lesson text has lines), nor for DEL or a lone surrogate: refuse
 *    them with a 400 that names the field, in values and in keys, at any depth.
 * 2. Integers are plain decimal. ajv's type coercion reads a query or path "0x10" (or "1e1",
 *    " 16") as a number, so /api/jobs/0x10 answered job 16. Where the route's schema expects an
 *    integer and a string arrives, it must be digits (with an optional minus).
 * 2b. No nesting past 32 levels. Nothing we take is nested more than a few levels, and a body
 *    nested 20,000 deep (1 MB allows it) overflowed the stack of a recursive walk and PostgreSQL's
 *    jsonb parser alike: 500s.
 * 3. Integers fit the column. A schema that states no maximum (or minimum) still reaches a
 *    PostgreSQL integer column, and 1e308 or 2^53 + 2 came back as "out of range" 500s. Such an
 *    integer must fit a 32-bit integer; a schema that needs more (a bigint id) says so with its
 *    own bounds, and ajv checks those.
 */

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'g');
const PLAIN_INTEGER = /^-?[0-9]+$/;
const INT4_MAX = 2_147_483_647;
const INT4_MIN = -2_147_483_648;
const PLAIN_NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;
const MAX_DEPTH = 32;

type Part = 'querystring' | 'params' | 'body';

/** Does a string hold a character no field of ours accepts? */
export function hasForbiddenCharacter(value: string): boolean {
  return FORBIDDEN.test(value);
}

function refuse(part: Part, path: string[], what: string): never {
  const field = path.join('.') || undefined;
  throw new HttpError(400, 'VALIDATION_FAILED', `Invalid ${part} ${field ? `field "${field}"` : 'input'}: ${what}`, field);
}

export interface Unreadable {
  path: string[];
  what: string;
}

/** The first string (value or key) holding a forbidden character, or the first container nested too deep; or null. */
export function findUnreadable(value: unknown, path: string[] = [], depth = 0): Unreadable | null {
  if (typeof value === 'string') return hasForbiddenCharacter(value) ? { path, what: 'must not contain control characters' } : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return { path, what: `is nested more than ${MAX_DEPTH} levels deep` };
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnreadable(item, [...path, String(index)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (hasForbiddenCharacter(key)) return { path: [...path, key.replace(FORBIDDEN_ALL, '?')], what: 'a field name holds a control character' };
    const found = findUnreadable(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

interface SchemaNode {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
}

const typesOf = (schema: SchemaNode): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

/**
 * The first value where the schema expects a number and gets a string that is not a plain decimal
 * (a JSON number is a number), or an integer beyond a 32-bit column with no bound of its own; or null.
 */
export function findLooseNumber(schema: SchemaNode | undefined, value: unknown, path: string[] = [], depth = 0): { path: string[]; what: string } | null {
  if (!schema || typeof schema !== 'object' || depth > MAX_DEPTH) return null;
  const types = typesOf(schema);
  if (typeof value === 'string' && !types.includes('string')) {
    const loose = types.includes('number') ? !PLAIN_NUMBER.test(value) : types.includes('integer') && !PLAIN_INTEGER.test(value);
    if (loose) return { path, what: 'must be a plain decimal integer' };
  }
  if (types.includes('integer') && !types.includes('number') && (typeof value === 'number' || (typeof value === 'string' && PLAIN_INTEGER.test(value)))) {
    const number = Number(value);
    if (schema.maximum === undefined && number > INT4_MAX) return { path, what: `must be at most ${INT4_MAX}` };
    if (schema.minimum === undefined && number < INT4_MIN) return { path, what: `must be at least ${INT4_MIN}` };
  }
  // A union with a string branch takes a string as it is; otherwise every branch is asked.
  const unions = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  const takesStrings = typeof value === 'string' && unions.some((branch) => typesOf(branch).includes('string'));
  for (const branch of [...(takesStrings ? [] : unions), ...(schema.allOf ?? [])]) {
    const found = findLooseNumber(branch, value, path, depth + 1);
    if (found) return found;
  }
  if (Array.isArray(value)) {
    const items = Array.isArray(schema.items) ? undefined : schema.items;
    for (const [index, item] of value.entries()) {
      const found = findLooseNumber(items, item, [...path, String(index)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  // coerceTypes 'array' wraps a lone query value into an array: judge it by the items' schema.
  if (typeof value === 'string' && types.includes('array') && schema.items && !Array.isArray(schema.items)) {
    return findLooseNumber(schema.items, value, path, depth + 1);
  }
  if (value !== null && typeof value === 'object' && schema.properties) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const property = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      const found = findLooseNumber(property, item, [...path, key], depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** The global preValidation hook (registered first in app.ts, so it covers every route). */
export const refuseBadInput: preValidationHookHandler = async function refuseBadInput(request: FastifyRequest) {
  const schema = (request.routeOptions?.schema ?? {}) as Partial<Record<Part | 'query', SchemaNode>>;
  const parts: Array<[Part, unknown]> = [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ];
  for (const [part, value] of parts) {
    const unreadable = findUnreadable(value);
    if (unreadable) refuse(part, unreadable.path, unreadable.what);
    const loose = findLooseNumber(part === 'querystring' ? (schema.querystring ?? schema.query) : schema[part], value);
    if (loose) refuse(part, loose.path, loose.what);
  }
};
