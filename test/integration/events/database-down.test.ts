import knexFactory, { type Knex } from 'knex';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app';
import { loadConfig } from '../../../server/config';
import { loadManifest } from '../../../server/manifest';
import { issueSessionToken } from '../../../server/auth/session-token';
import { isDatabaseUnavailable } from '../../../server/db/unavailable';

/**
 * The database is down (here: nothing listens where it should be). Requests cannot be served, and
 * the answer says so honestly: 503 with Retry-After, not a 500 that reads like a bug. An event
 * that arrives now is lost (Bitrix24 does not deliver it again), so the log names it; the README
 * says which pass heals each kind.
 */
describe('while the database is down', () => {
  let db: Knex;
  let app: FastifyInstance;
  const lines: string[] = [];
  const config = loadConfig({ LOG_LEVEL: 'error', RUN_WORKER: 'false' });

  beforeAll(async () => {
    const quiet = () => undefined;
    db = knexFactory({ client: 'pg', connection: 'postgres://postgres@127.0.0.1:1/nowhere', pool: { min: 0, max: 2 }, log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet } });
    app = await buildApp({ config, db, dbKind: 'postgresql', manifest: loadManifest(), logStream: { write: (line) => void lines.push(line) } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it('an event is answered 503, and the log names the event that was lost', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/bitrix/events',
      payload: 'event=ONUSERADD&data[FIELDS][ID]=77&ts=1&auth[member_id]=member-down-1&auth[application_token]=t',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.json()).toMatchObject({ error: 'DATABASE_UNAVAILABLE' });
    const lost = lines.map((line) => JSON.parse(line)).find((record) => /event lost/.test(record.msg));
    expect(lost).toMatchObject({ event: 'ONUSERADD', memberId: 'member-down-1' });
  });

  it('API requests and the pages Bitrix24 opens are answered 503 too, never 500', async () => {
    const { token } = issueSessionToken(
      config.sessionSecret,
      { portalId: '00000000-0000-4000-8000-000000000001', memberId: 'member-down-1', userId: 1, role: 'admin', purpose: 'app' },
      900,
    );
    const api = await app.inject({ method: 'GET', url: '/api/people', headers: { authorization: `Bearer ${token}` } });
    expect([api.statusCode, api.json().error]).toEqual([503, 'DATABASE_UNAVAILABLE']);
    const session = await app.inject({ method: 'POST', url: '/api/session', payload: { memberId: 'member-down-1', accessToken: 'abc123' } });
    expect([session.statusCode, session.json().error]).toEqual([503, 'DATABASE_UNAVAILABLE']);
    const page = await app.inject({
      method: 'POST',
      url: '/',
      payload: 'member_id=member-down-1&AUTH_ID=abc123',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('DATABASE_UNAVAILABLE');
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(503);
  });
});

describe('what counts as the database being unavailable', () => {
  it('is a refused or dropped connection, a server shutting down, or a pool that cannot connect; not a bad query', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('sorry, too many clients already'), { code: '53300' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });
});
