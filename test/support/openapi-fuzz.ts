import qs from 'qs';

/**
 * Requests generated from the app's OpenAPI description (app.swagger()), for a fuzz test that
 * asserts no input gives a 5xx. Deterministic (a seeded generator): a failure names its request
 * and happens again on the next run. Routes come from the description alone, so a route added
 * tomorrow is fuzzed tomorrow without anyone listing it.
 *
 * For every operation: a plausible request (values that satisfy the schema, with known values for
 * fields that name a portal), then one request per field and nasty value (wrong types, very long
 * strings, NUL and other control characters, unpaired surrogates, emoji, right-to-left marks,
 * SQL-looking text, hex and exponent numbers, ...), one per missing required field, extra fields
 * (with hostile names), and bodies that are not what the route takes (no body, not an object,
 * broken JSON, too deep, too large, another content type).
 */

export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface OpenApiOperation {
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}
export type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  format?: string;
  default?: unknown;
};

export interface Operation {
  method: string;
  /** OpenAPI path template, /api/jobs/{id}. */
  path: string;
  pathParams: Array<{ name: string; schema: Schema }>;
  queryParams: Array<{ name: string; required: boolean; schema: Schema }>;
  body: { schema: Schema; required: boolean; contentTypes: string[] } | null;
  secured: boolean;
}

export interface FuzzRequest {
  /** What this request tries, for the failure message. */
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** Values of fields that anchor a request to a real portal (so it gets past the first lookup). */
export type Anchors = Record<string, string>;

/** mulberry32: small, fast, good enough to vary inputs reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON text spliced into a body as it is: a value too deep for JSON.stringify to write. */
export class RawJson {
  constructor(
    readonly text: string,
    readonly label: string,
  ) {}
  toJSON(): string {
    return RAW_MARK;
  }
}
const RAW_MARK = '\u0000raw-json\u0000';

/** JSON.stringify, with the RawJson values in it (at most one) written as their text. */
function stringify(value: unknown): string {
  let raw: RawJson | null = null;
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
    if (this[key] instanceof RawJson) raw = this[key] as RawJson;
    return item;
  });
  return raw ? text.replace(JSON.stringify(RAW_MARK), (raw as RawJson).text) : text;
}
const describeValue = (value: unknown) => (value instanceof RawJson ? value.label : JSON.stringify(value).slice(0, 40));

/** Deeper than PostgreSQL's jsonb parser (and a recursive walk in JavaScript) can follow. */
const DEEP = new RawJson(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, 'JSON nested 20000 deep');

/** Strings no client of ours sends. Each goes into every string, query and path position. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  'a'.repeat(5000),
  'a\u0000b',
  'a\u0001\u0008\u000b\u001f\u007fb',
  'a\ud800b',
  '🎓👩🏽‍🏫🇷🇺 Ада',
  "' OR '1'='1",
  "1); DROP TABLE portals; --",
  '%_\\',
  '0x10',
  '-1',
  '9'.repeat(40),
  'a\r\nX-Injected: 1',
];

/** Non-string values, for JSON bodies. */
export const NASTY_VALUES: readonly unknown[] = [
  null,
  true,
  -1,
  1.5,
  2 ** 53 + 2,
  1e308,
  [],
  { nested: { deeper: ['x', { y: 'a\u0000b' }] } },
  DEEP,
  'b'.repeat(100_000),
];

/**
 * The values tried in a body field of a given type: what breaks that type (wrong types, edge
 * numbers, hostile text) rather than every value everywhere, which keeps the run short.
 */
export function valuesForField(schema: Schema): readonly unknown[] {
  const types = [schema.type, ...(schema.anyOf ?? []).map((s) => s.type), ...(schema.oneOf ?? []).map((s) => s.type)].flat().filter(Boolean);
  if (types.length === 0 || types.includes('object')) return [...NASTY_STRINGS, ...NASTY_VALUES];
  if (types.includes('string')) return [...NASTY_STRINGS, null, -1, [], DEEP];
  if (types.includes('integer') || types.includes('number')) {
    return ['', 'a\u0000b', '0x10', '-1', '9'.repeat(40), "' OR '1'='1", null, true, -1, 1.5, 2 ** 53 + 2, 1e308, [], {}];
  }
  if (types.includes('boolean')) return ['', 'a\u0000b', 'yes', null, 2, [], {}];
  if (types.includes('array')) return ['a\u0000b', null, {}, [null], [[]], ['a\u0000b'], DEEP];
  return [...NASTY_STRINGS, ...NASTY_VALUES];
}

/** A few of the above, for the roles that are not fuzzed in full. */
export const FEW_NASTY: readonly unknown[] = ["' OR '1'='1", '-1', null];

const HOSTILE_KEYS = ['extra', 'a\u0000b', 'constructor', 'prototype', '$where', 'a.b', ''];

const RAW_BODIES: Array<{ label: string; type: string; payload: string }> = [
  { label: 'JSON null', type: 'application/json', payload: 'null' },
  { label: 'a JSON array', type: 'application/json', payload: '[1,2]' },
  { label: 'a JSON string', type: 'application/json', payload: '"text"' },
  { label: 'a JSON number', type: 'application/json', payload: '42' },
  { label: 'broken JSON', type: 'application/json', payload: '{"a":' },
  { label: 'an empty JSON body', type: 'application/json', payload: '' },
  { label: 'a __proto__ key', type: 'application/json', payload: '{"__proto__":{"admin":true}}' },
  { label: 'JSON nested 3000 deep', type: 'application/json', payload: `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}` },
  { label: 'a body over the limit', type: 'application/json', payload: `{"a":"${'x'.repeat(1_100_000)}"}` },
  { label: 'text/plain', type: 'text/plain', payload: 'hello' },
  { label: 'a form nested 10 deep', type: 'application/x-www-form-urlencoded', payload: `a${'[b]'.repeat(10)}=1&c[]=1&c[]=2` },
  { label: 'a form with a NUL key', type: 'application/x-www-form-urlencoded', payload: 'a%00b=1' },
  { label: 'broken percent-encoding', type: 'application/x-www-form-urlencoded', payload: 'a=%E0%A4%A' },
];

function resolve(doc: OpenApiDoc, schema: Schema | undefined): Schema {
  let current = schema ?? {};
  for (let i = 0; i < 10 && current.$ref; i++) {
    const name = current.$ref.replace(/^#\/components\/schemas\//, '');
    current = doc.components?.schemas?.[name] ?? {};
  }
  return current;
}

/** Every operation of the description. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const operations: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      const first = contentTypes[0];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: resolve(doc, p.schema) })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: Boolean(p.required), schema: resolve(doc, p.schema) })),
        body: first ? { schema: deref(doc, content[first]?.schema), required: Boolean(op.requestBody?.required), contentTypes } : null,
        secured: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return operations;
}

/** The schema with every $ref replaced (the description may share schemas through components). */
function deref(doc: OpenApiDoc, schema: Schema | undefined, depth = 0): Schema {
  const s = resolve(doc, schema);
  if (depth > 12) return s;
  const out: Schema = { ...s };
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, deref(doc, v, depth + 1)]));
  if (s.items) out.items = deref(doc, s.items, depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) if (s[key]) out[key] = s[key]!.map((v) => deref(doc, v, depth + 1));
  return out;
}

const typeOf = (schema: Schema): string | undefined => (Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type);

/** Is `key`, or a property somewhere under it, anchored? (Then it is always sent.) */
function holdsAnchor(schema: Schema, key: string, anchors: Anchors, depth = 0): boolean {
  if (anchors[key] !== undefined) return true;
  if (depth > 4) return false;
  return Object.entries(schema.properties ?? {}).some(([name, property]) => holdsAnchor(property, name, anchors, depth + 1));
}

/** A value the schema accepts (or close to it), preferring small ids so that rows are found. */
export function sample(schema: Schema, random: () => number, anchors: Anchors = {}, name = '', depth = 0): unknown {
  if (name && anchors[name] !== undefined) return anchors[name];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[Math.floor(random() * schema.enum.length)];
  if (schema.default !== undefined && random() < 0.3) return schema.default;
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) {
    const usable = union.filter((s) => typeOf(s) !== 'null');
    return sample((usable.length ? usable : union)[Math.floor(random() * (usable.length || union.length))] as Schema, random, anchors, name, depth + 1);
  }
  if (schema.allOf?.length) return sample(schema.allOf[0] as Schema, random, anchors, name, depth + 1);
  switch (typeOf(schema)) {
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? 0;
      const high = Math.min(schema.maximum ?? low + 5, low + 5);
      return low + Math.floor(random() * (high - low + 1));
    }
    case 'boolean':
      return random() < 0.5;
    case 'array': {
      const count = Math.max(schema.minItems ?? 0, Math.floor(random() * 3));
      return Array.from({ length: count }, () => sample(schema.items ?? {}, random, anchors, '', depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (depth > 6) break;
        if (schema.required?.includes(key) || holdsAnchor(property, key, anchors) || random() < 0.6) out[key] = sample(property, random, anchors, key, depth + 1);
      }
      return out;
    }
    case 'string': {
      if (schema.format === 'date-time') return new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 300))).toISOString();
      if (schema.format === 'date') return '2026-03-01';
      if (schema.format === 'uri') return 'https://example.com/x';
      const length = Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 12, 3 + Math.floor(random() * 10)));
      return Array.from({ length }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]).join('');
    }
    default:
      return random() < 0.5 ? 'text' : Math.floor(random() * 5);
  }
}

/** The body fields worth mutating (every property, up to three deep, array items through index 0), and whether each is required. */
function bodyFields(schema: Schema, prefix: string[] = [], depth = 0): Array<{ path: string[]; required: boolean; schema: Schema }> {
  if (depth > 3) return [];
  const found: Array<{ path: string[]; required: boolean; schema: Schema }> = [];
  const branches = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  for (const branch of branches) {
    for (const [key, property] of Object.entries(branch.properties ?? {})) {
      found.push({ path: [...prefix, key], required: Boolean(branch.required?.includes(key)), schema: property });
      found.push(...bodyFields(property, [...prefix, key], depth + 1));
      if (property.items) found.push(...bodyFields(property.items, [...prefix, key, '0'], depth + 1));
    }
  }
  const seen = new Set<string>();
  return found.filter(({ path }) => !seen.has(path.join('\u0001')) && seen.add(path.join('\u0001')));
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Sets (or with `undefined`, deletes) the value at `path`, creating containers on the way. */
function setAt(target: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const root = (target && typeof target === 'object' ? target : {}) as Record<string, unknown>;
  let node = root;
  for (const [index, key] of path.slice(0, -1).entries()) {
    const next = node[key];
    if (!next || typeof next !== 'object') node[key] = /^\d+$/.test(path[index + 1] as string) ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return root;
}

/** The text of a query or path value: strings as they are, anything else as JSON. */
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * encodeURIComponent, except that an unpaired surrogate (which it refuses) is sent as the bytes
 * of its CESU-8 form: not UTF-8, so the server decodes it to U+FFFD or refuses it, as it should.
 */
export function encode(text: string): string {
  const marker = '\uFFFF\uFFFE';
  const parts = text.replace(LONE_SURROGATE, marker).split(marker);
  return parts.map((part) => encodeURIComponent(part)).join('%ED%A0%80');
}

interface Base {
  pathValues: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

function build(op: Operation, base: Base, label: string, headers: Record<string, string>, contentType?: string): FuzzRequest {
  const url = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encode(asText(base.pathValues[name] ?? '')));
  const query = Object.entries(base.query)
    .filter(([, value]) => value !== undefined)
    .flatMap(([key, value]) => (Array.isArray(value) && value.length > 0 ? value.map((item) => [key, asText(item)]) : [[key, asText(value)]]));
  const search = query.length ? `?${query.map(([k, v]) => `${encode(k as string)}=${encode(v as string)}`).join('&')}` : '';
  const request: FuzzRequest = { label, method: op.method, url: url + search, headers: { ...headers } };
  if (op.body && base.body !== undefined) {
    const type = contentType ?? (op.body.contentTypes[0] as string);
    request.headers['content-type'] = type;
    // A form has no types and qs nests 5 deep: a RawJson goes as its label.
    const formable = (_prefix: string, item: unknown) => (item instanceof RawJson ? item.label : item);
    request.payload = type.includes('x-www-form-urlencoded') ? qs.stringify(base.body, { encoder: (text) => encode(String(text)), filter: formable }) : stringify(base.body);
  }
  return request;
}

export interface FuzzOptions {
  anchors?: Anchors;
  /** The values put in each position (default: NASTY_STRINGS and, in JSON bodies, NASTY_VALUES too). */
  values?: readonly unknown[];
  /** Also the whole-body and hostile-key cases (default true). */
  structural?: boolean;
  /** Body fields at the top level only (default: three levels deep). */
  shallow?: boolean;
  seed?: number;
}

/** The requests for one operation with one set of headers (one caller). */
export function fuzzOperation(op: Operation, headers: Record<string, string>, options: FuzzOptions = {}): FuzzRequest[] {
  const random = seededRandom((options.seed ?? 1) + op.path.length * 31 + op.method.length);
  const anchors = options.anchors ?? {};
  const structural = options.structural ?? true;
  const base = (): Base => ({
    pathValues: Object.fromEntries(op.pathParams.map((p) => [p.name, sample(p.schema, random, anchors, p.name)])),
    query: Object.fromEntries(op.queryParams.filter((p) => p.required || random() < 0.5 || anchors[p.name]).map((p) => [p.name, sample(p.schema, random, anchors, p.name)])),
    body: op.body ? sample(op.body.schema, random, anchors) : undefined,
  });
  const name = `${op.method} ${op.path}`;
  const out: FuzzRequest[] = [build(op, base(), `${name}: a plausible request`, headers)];
  const forText = options.values?.filter((v) => typeof v === 'string') ?? NASTY_STRINGS;

  for (const param of op.pathParams) {
    for (const value of forText) {
      const b = base();
      b.pathValues[param.name] = value;
      out.push(build(op, b, `${name}: path ${param.name}=${JSON.stringify(value).slice(0, 40)}`, headers));
    }
  }
  for (const param of op.queryParams) {
    for (const value of forText) {
      const b = base();
      b.query[param.name] = value;
      out.push(build(op, b, `${name}: query ${param.name}=${JSON.stringify(value).slice(0, 40)}`, headers));
    }
    const repeated = base();
    repeated.query[param.name] = [sample(param.schema, random), sample(param.schema, random)];
    out.push(build(op, repeated, `${name}: query ${param.name} given twice`, headers));
    if (param.required) {
      const missing = base();
      delete missing.query[param.name];
      out.push(build(op, missing, `${name}: query ${param.name} missing`, headers));
    }
  }
  if (structural) {
    for (const key of HOSTILE_KEYS) {
      const b = base();
      b.query[key] = 'x';
      out.push(build(op, b, `${name}: extra query ${JSON.stringify(key)}`, headers));
    }
  }

  if (op.body) {
    const form = op.body.contentTypes.find((type) => type.includes('x-www-form-urlencoded'));
    const json = op.body.contentTypes.find((type) => type.includes('json'));
    for (const { path: field, required, schema } of bodyFields(op.body.schema).filter((f) => !options.shallow || f.path.length === 1)) {
      // Typed values go as JSON where the route takes it; strings also as a form where it takes one.
      const values = options.values ?? valuesForField(schema);
      for (const value of json ? values : values.filter((v) => typeof v === 'string')) {
        const b = base();
        b.body = setAt(clone(b.body), field, value);
        out.push(build(op, b, `${name}: body ${field.join('.')}=${describeValue(value)}`, headers, json));
        if (json && form && typeof value === 'string') out.push(build(op, b, `${name}: body ${field.join('.')}=${describeValue(value)} in a form`, headers, form));
      }
      if (required) {
        const missing = base();
        missing.body = setAt(clone(missing.body), field, undefined);
        out.push(build(op, missing, `${name}: body ${field.join('.')} missing`, headers));
      }
    }
    if (structural) {
      for (const key of HOSTILE_KEYS) {
        const b = base();
        b.body = setAt(clone(b.body), [key], 'x');
        out.push(build(op, b, `${name}: extra body field ${JSON.stringify(key)}`, headers));
      }
      const none = base();
      none.body = undefined;
      out.push(build(op, none, `${name}: no body`, headers));
      for (const raw of RAW_BODIES) {
        const b = build(op, base(), `${name}: ${raw.label}`, headers);
        out.push({ ...b, headers: { ...b.headers, 'content-type': raw.type }, payload: raw.payload });
      }
      // The other encoding: form fields arrive as strings (and nested keys), JSON as typed values.
      out.push(build(op, base(), `${name}: the body as a form`, headers, 'application/x-www-form-urlencoded'));
      if (form && !json) out.push(build(op, base(), `${name}: the body as JSON`, headers, 'application/json'));
    }
  } else if (structural && op.method !== 'GET' && op.method !== 'DELETE') {
    const b = build(op, base(), `${name}: an unexpected body`, headers);
    out.push({ ...b, headers: { ...b.headers, 'content-type': 'application/json' }, payload: '{"unexpected":"a\\u0000b"}' });
  }
  return out;
}
