import nock from 'nock';
import qs from 'qs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { BitrixError, type BitrixClient, type PortalEndpoint } from '../../server/bitrix/rest-client';
import { batchCommand } from '../../server/bitrix/batch-command';
import { PORTAL_ORIGIN, makeClient, seedPortal } from './rest-client-fixtures';

type Params = Record<string, unknown>;
type Row = { ID: string; NAME: string };
type Answer = { result: unknown; total?: number; next?: number } | { error: string; error_description: string };

/**
 * A small stand-in for the portal, faithful where the client depends on it: a batch command
 * goes through parse_str (here qs.parse), then `$result[key][...]` references are replaced;
 * a reference that does not resolve leaves whatever the path reached (as Bitrix24's
 * processBatchElement does), so commands after a short page read garbage.
 */
class FakePortal {
  requests: Array<{ method: string; body: Params }> = [];

  constructor(private readonly handlers: Record<string, (params: Params) => Answer>) {
    nock(PORTAL_ORIGIN)
      .persist()
      .post(/^\/rest\/.+/)
      // nock 15 hands the reply function a fetch Request.
      .reply(async (request: Request) => {
        const method = new URL(request.url).pathname.replace('/rest/', '');
        const body = (await request.json()) as Params;
        this.requests.push({ method, body });
        if (method === 'batch') return [200, { result: this.batch(body), time: {} }];
        const { auth: _auth, ...params } = body;
        const answer = this.run(method, params);
        return 'error' in answer ? [400, answer] : [200, answer];
      });
  }

  batchBodies(): Params[] {
    return this.requests.filter((r) => r.method === 'batch').map((r) => r.body);
  }

  private run(method: string, params: Params): Answer {
    const handler = this.handlers[method];
    if (!handler) return { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' };
    return handler(params);
  }

  private batch(body: Params) {
    const results: Record<string, unknown> = {};
    const errors: Record<string, unknown> = {};
    const totals: Record<string, number> = {};
    const nexts: Record<string, number> = {};
    for (const [key, command] of Object.entries(body.cmd as Record<string, string>)) {
      const [method, query = ''] = command.split('?');
      const params = resolveReferences(qs.parse(query, { depth: 10 }), { result: results }) as Params;
      const answer = this.run(method, params);
      if ('error' in answer) {
        errors[key] = answer;
        if (Number(body.halt)) break;
        continue;
      }
      results[key] = answer.result;
      if (answer.total !== undefined) totals[key] = answer.total;
      if (answer.next !== undefined) nexts[key] = answer.next;
    }
    // PHP: empty maps are encoded as [].
    const map = (m: Record<string, unknown>) => (Object.keys(m).length ? m : []);
    return { result: map(results), result_error: map(errors), result_total: map(totals), result_next: map(nexts), result_time: [] };
  }
}

function resolveReferences(value: unknown, state: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const match = /^\$(result)((\[[^\]]+\])+)$/.exec(value);
    if (!match) return value;
    let reached: unknown = state[match[1]];
    for (const [, key] of match[2].matchAll(/\[([^\]]+)\]/g)) {
      if (reached && typeof reached === 'object' && key in (reached as object)) reached = (reached as Record<string, unknown>)[key];
      else break;
    }
    return reached;
  }
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, state));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, state)]));
  return value;
}

const rows = (count: number): Row[] => Array.from({ length: count }, (_, i) => ({ ID: String(i + 1), NAME: `Row ${i + 1}` }));

/** user.get as its server code reads it: upper-cased keys, FILTER or top-level filter, sort/order strings, start -1. */
function userGet(all: Row[]) {
  return (raw: Params): Answer => {
    const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toUpperCase(), v]));
    expect(params.SORT).toBe('ID');
    expect(params.ORDER).toBe('ASC');
    expect(Number(params.START)).toBe(-1);
    const filter = (params.FILTER && typeof params.FILTER === 'object' ? params.FILTER : params) as Params;
    const after = typeof filter['>ID'] === 'string' || typeof filter['>ID'] === 'number' ? Number(filter['>ID']) : 0;
    return { result: all.filter((r) => Number(r.ID) > after).slice(0, 50) };
  };
}

/** An offset-paged method (department.get, sonet_group.get). */
function byStart(all: Row[], check: (params: Params) => void = () => undefined, withTotal = true) {
  return (params: Params): Answer => {
    check(params);
    const start = Number(params.start ?? 0);
    const page = all.slice(start, start + 50);
    const answer: Answer = { result: page };
    if (withTotal) answer.total = all.length;
    if (start + 50 < all.length) answer.next = start + 50;
    return answer;
  };
}

describe('BitrixClient batch and lists', () => {
  let database: TestDatabase;
  let portal: PortalEndpoint;
  let client: BitrixClient;
  const app = { kind: 'app' } as const;

  beforeAll(async () => {
    database = await createTestDatabase();
    nock.disableNetConnect();
    ({ portal } = await seedPortal(database.db));
  });
  beforeEach(() => {
    ({ client } = makeClient(database.db));
  });
  afterAll(async () => {
    await database.destroy();
  });

  describe('batch commands', () => {
    it('encodes parameters once, PHP-style, with the keys exactly as given', () => {
      const command = batchCommand('user.get', { FILTER: { '>ID': 5, ACTIVE: true }, ID: [1, 2], sort: 'ID' });
      expect(command).toBe('user.get?FILTER%5B%3EID%5D=5&FILTER%5BACTIVE%5D=1&ID%5B%5D=1&ID%5B%5D=2&sort=ID');
      expect(decodeURIComponent(command)).toBe('user.get?FILTER[>ID]=5&FILTER[ACTIVE]=1&ID[]=1&ID[]=2&sort=ID');
      // What PHP's parse_str would make of it.
      expect(qs.parse(command.split('?')[1])).toEqual({ FILTER: { '>ID': '5', ACTIVE: '1' }, ID: ['1', '2'], sort: 'ID' });
    });

    it('indexes arrays of objects (F[][a]=1&F[][b]=2 would be two elements in PHP) and sends false as 0', () => {
      const command = batchCommand('im.notify.system.add', { F: [{ a: 1, b: 2 }], FLAG: false, TEXT: 'a&b=c' });
      expect(decodeURIComponent(command)).toBe('im.notify.system.add?F[0][a]=1&F[0][b]=2&FLAG=0&TEXT=a&b=c');
      // Values are encoded once, so & and = inside them stay data.
      expect(command).toContain('TEXT=a%26b%3Dc');
      expect(qs.parse(command.split('?')[1])).toEqual({ F: [{ a: '1', b: '2' }], FLAG: '0', TEXT: 'a&b=c' });
      expect(batchCommand('user.current')).toBe('user.current');
      expect(batchCommand('user.current', {})).toBe('user.current');
    });

    it('sends {halt, cmd} with auth in the body and returns per-command errors (mapped) instead of throwing', async () => {
      const fake = new FakePortal({
        'user.current': () => ({ result: { ID: '1' } }),
        'sonet_group.user.add': () => ({ error: '', error_description: 'No permissions to add users' }),
      });
      const answer = await client.batch(portal, app, { me: ['user.current'], add: ['sonet_group.user.add', { GROUP_ID: 3, USER_ID: [7, 8] }] });
      expect(answer).toEqual({
        result: { me: { ID: '1' } },
        errors: { add: { error: 'SONET_NO_PERMISSIONS', error_description: 'No permissions to add users' } },
        total: {},
        next: {},
      });
      const [body] = fake.batchBodies();
      expect(body.halt).toBe(0);
      expect(typeof body.auth).toBe('string');
      expect(body.cmd).toEqual({ me: 'user.current', add: 'sonet_group.user.add?GROUP_ID=3&USER_ID%5B%5D=7&USER_ID%5B%5D=8' });
    });

    it('normalises [] and {} empties, list-shaped results and string totals', async () => {
      nock(PORTAL_ORIGIN)
        .post('/rest/batch')
        .reply(200, { result: { result: [{ ID: '1' }, [1, 2]], result_error: [], result_total: [], result_next: [], result_time: [] } })
        .post('/rest/batch')
        .reply(200, { result: { result: {}, result_error: {}, result_total: {}, result_next: {}, result_time: {} } })
        .post('/rest/batch')
        .reply(200, { result: { result: { '0': [] }, result_error: { '1': { error: 'NOT_FOUND', error_description: 'Not found' } }, result_total: { '0': '120' }, result_next: { '0': 50 } } });
      await expect(client.batch(portal, app, [['user.current'], ['user.get']])).resolves.toEqual({ result: { '0': { ID: '1' }, '1': [1, 2] }, errors: {}, total: {}, next: {} });
      await expect(client.batch(portal, app, [['user.current']])).resolves.toEqual({ result: {}, errors: {}, total: {}, next: {} });
      await expect(client.batch(portal, app, [['user.get'], ['user.get']])).resolves.toEqual({
        result: { '0': [] },
        errors: { '1': { error: 'NOT_FOUND', error_description: 'Not found' } },
        total: { '0': 120 },
        next: { '0': 50 },
      });
    });

    it('passes halt', async () => {
      const fake = new FakePortal({ 'user.current': () => ({ result: {} }) });
      await client.batch(portal, app, [['user.current']], { halt: true });
      expect(fake.batchBodies()[0].halt).toBe(1);
    });

    it('rejects more than 50 commands before sending anything', async () => {
      const unmatched: unknown[] = [];
      const listener = (req: unknown) => unmatched.push(req);
      nock.emitter.on('no match', listener);
      try {
        const commands = Array.from({ length: 51 }, (): [string] => ['user.current']);
        const error = await client.batch(portal, app, commands).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BitrixError);
        expect(error).toMatchObject({ code: 'ERROR_BATCH_LENGTH_EXCEEDED', status: 0, method: 'batch' });
        const named = Object.fromEntries(commands.map((c, i) => [`k${i}`, c]));
        await expect(client.batch(portal, app, named)).rejects.toMatchObject({ code: 'ERROR_BATCH_LENGTH_EXCEEDED' });
        expect(unmatched).toEqual([]);
      } finally {
        nock.emitter.removeListener('no match', listener);
      }
    });

    it('throws when the batch as a whole fails', async () => {
      nock(PORTAL_ORIGIN).post('/rest/batch').reply(400, { error: 'INVALID_REQUEST', error_description: 'Https required.' });
      await expect(client.batch(portal, app, [['user.current']])).rejects.toMatchObject({ code: 'INVALID_REQUEST', status: 400, method: 'batch' });
    });

    it('batchAll sends 50 commands per request, keyed by their index in the list', async () => {
      const fake = new FakePortal({ 'user.get': (params) => ({ result: [{ ID: String(params.ID) }] }) });
      const commands = Array.from({ length: 120 }, (_, i): [string, Params] => ['user.get', { ID: i }]);
      const answers = await client.batchAll(portal, app, commands);
      expect(fake.requests).toHaveLength(3);
      expect(answers.map((a) => Object.keys(a.result).length)).toEqual([50, 50, 20]);
      expect(Object.keys(answers[1].result)[0]).toBe('50');
      expect(answers[2].result['119']).toEqual([{ ID: '119' }]);
      expect(answers.flatMap((a) => Object.keys(a.result))).toEqual(commands.map((_, i) => String(i)));
    });
  });

  describe('listAll by keyset (user.get)', () => {
    it('reads 120 users in two requests: a first page, then the rest packed in one batch', async () => {
      const fake = new FakePortal({ 'user.get': userGet(rows(120)) });
      const progress: number[] = [];
      const users = await client.listAll<Row>(portal, app, 'user.get', { FILTER: { ACTIVE: true }, select: ['ID', 'NAME'] }, { onPage: (n) => progress.push(n) });

      expect(users.map((u) => u.ID)).toEqual(rows(120).map((r) => r.ID));
      expect(fake.requests.map((r) => r.method)).toEqual(['user.get', 'batch']);
      expect(fake.requests[0].body).toMatchObject({ FILTER: { ACTIVE: true }, select: ['ID', 'NAME'], sort: 'ID', order: 'ASC', start: -1 });
      const cmd = fake.batchBodies()[0].cmd as Record<string, string>;
      expect(fake.batchBodies()[0].halt).toBe(1);
      expect(Object.keys(cmd)).toEqual(['p0', 'p1']);
      expect(decodeURIComponent(cmd.p0)).toContain('FILTER[>ID]=50');
      expect(decodeURIComponent(cmd.p1)).toContain('FILTER[>ID]=$result[p0][49][ID]');
      expect(decodeURIComponent(cmd.p1)).toContain('FILTER[ACTIVE]=1');
      expect(progress).toEqual([50, 100, 120]);
    });

    it('reads 1000 users in five requests, batches growing 2, 4, 8, 16 pages, with the cursor at the top level when there is no FILTER', async () => {
      const fake = new FakePortal({ 'user.get': userGet(rows(1000)) });
      const users = await client.listAll<Row>(portal, app, 'user.get', { ACTIVE: true });
      expect(users).toHaveLength(1000);
      expect(new Set(users.map((u) => u.ID)).size).toBe(1000);
      expect(users[999].ID).toBe('1000');
      expect(fake.requests).toHaveLength(5);
      expect(fake.batchBodies().map((b) => Object.keys(b.cmd as object).length)).toEqual([2, 4, 8, 16]);
      const p0 = decodeURIComponent((fake.batchBodies()[0].cmd as Record<string, string>).p0);
      expect(p0).toContain('&>ID=50');
      expect(p0).toContain('ACTIVE=1');
    });

    it('stops after one request when the first page is short, and after two when it is exactly full', async () => {
      const short = new FakePortal({ 'user.get': userGet(rows(49)) });
      await expect(client.listAll(portal, app, 'user.get')).resolves.toHaveLength(49);
      expect(short.requests).toHaveLength(1);
      nock.cleanAll();
      const full = new FakePortal({ 'user.get': userGet(rows(50)) });
      await expect(client.listAll(portal, app, 'user.get')).resolves.toHaveLength(50);
      expect(full.requests).toHaveLength(2);
      nock.cleanAll();
      const none = new FakePortal({ 'user.get': userGet([]) });
      await expect(client.listAll(portal, app, 'user.get')).resolves.toEqual([]);
      expect(none.requests).toHaveLength(1);
    });

    it('uses order {ID: ASC} and filter >ID for other methods, and stops instead of looping when the method ignores the filter', async () => {
      const seen: Params[] = [];
      const fake = new FakePortal({
        'crm.contact.list': (params) => {
          seen.push(params);
          return { result: rows(80).slice(0, 50) };
        },
      });
      const error = await client.listAll(portal, app, 'crm.contact.list', { filter: { TYPE_ID: 'CLIENT' }, order: { NAME: 'ASC' } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BitrixError);
      expect(error).toMatchObject({ code: 'LIST_NOT_ADVANCING' });
      expect(fake.requests).toHaveLength(2);
      expect(seen[0]).toEqual({ filter: { TYPE_ID: 'CLIENT' }, order: { ID: 'ASC' }, start: -1 });
      expect(seen[1]).toMatchObject({ filter: { TYPE_ID: 'CLIENT', '>ID': '50' }, order: { ID: 'ASC' } });
    });

    it('throws the error of a failed page', async () => {
      let calls = 0;
      new FakePortal({
        'user.get': (params) =>
          ++calls === 1 ? userGet(rows(200))(params) : { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' },
      });
      await expect(client.listAll(portal, app, 'user.get')).rejects.toMatchObject({ code: 'OPERATION_TIME_LIMIT', method: 'user.get' });
    });
  });

  describe('listAll by start (department.get, sonet_group.get) and listAllByStart', () => {
    it('pages department.get with start (it ignores >ID), sorted by ID, the remaining pages in one batch', async () => {
      const fake = new FakePortal({
        'department.get': byStart(rows(120), (params) => {
          expect(params.sort).toBe('ID');
          expect(params.order).toBe('ASC');
          expect(params.SORT).toBeUndefined();
        }),
      });
      const departments = await client.listAll<Row>(portal, app, 'department.get', { SORT: 'NAME', PARENT: 1 });
      expect(departments.map((d) => d.ID)).toEqual(rows(120).map((r) => r.ID));
      expect(fake.requests.map((r) => r.method)).toEqual(['department.get', 'batch']);
      expect(fake.requests[0].body).toMatchObject({ PARENT: 1, sort: 'ID', order: 'ASC', start: 0 });
      expect(Object.keys(fake.batchBodies()[0].cmd as object)).toEqual(['s50', 's100']);
    });

    it('pages sonet_group.get with upper-case ORDER {ID: ASC} and the caller FILTER untouched', async () => {
      const fake = new FakePortal({
        'sonet_group.get': byStart(rows(60), (params) => {
          expect(params.ORDER).toEqual({ ID: 'ASC' });
          expect(params.FILTER).toEqual({ CLOSED: 'N' });
          expect(params.order).toBeUndefined();
        }),
      });
      const groups = await client.listAll<Row>(portal, app, 'sonet_group.get', { FILTER: { CLOSED: 'N' }, ORDER: { NAME: 'DESC' }, IS_ADMIN: 'Y' });
      expect(groups).toHaveLength(60);
      expect(fake.requests).toHaveLength(2);
    });

    it('listAllByStart sends the caller parameters as they are, packs 50 pages per batch, and drops repeated rows', async () => {
      const all = rows(2600);
      all.splice(100, 0, { ...all[99] }); // a row seen twice, as offset paging does when rows move
      const fake = new FakePortal({ 'sonet_group.get': byStart(all) });
      const groups = await client.listAllByStart<Row>(portal, app, 'sonet_group.get', { ORDER: { ID: 'DESC' }, start: 7 });
      expect(groups).toHaveLength(2600);
      expect(fake.requests[0].body).toMatchObject({ ORDER: { ID: 'DESC' }, start: 0 });
      // 2601 rows: the first page, then 52 pages in batches of 50 and 2.
      expect(fake.batchBodies().map((b) => Object.keys(b.cmd as object).length)).toEqual([50, 2]);
    });

    it('follows next page by page when the method gives no total', async () => {
      const fake = new FakePortal({ 'tasks.task.list': byStart(rows(120), undefined, false) });
      const tasks = await client.listAllByStart<Row>(portal, app, 'tasks.task.list');
      expect(tasks).toHaveLength(120);
      expect(fake.requests.map((r) => r.body.start)).toEqual([0, 50, 100]);
    });
  });
});
