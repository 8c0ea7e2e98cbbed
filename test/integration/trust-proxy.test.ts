import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { loadManifest } from '../../server/manifest';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Whose word the log takes for the client's address. With every proxy trusted (as it was), any
 * client could write its own IP into the log with X-Forwarded-For; now none is trusted unless
 * TRUST_PROXY names it.
 */
describe('the client address in the log', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  async function loggedAddress(env: Record<string, string>, forwardedFor: string): Promise<string> {
    const lines: string[] = [];
    const config = loadConfig({ LOG_LEVEL: 'info', RUN_WORKER: 'false', ...env });
    const app = await buildApp({ config, db: database.db, dbKind: database.kind, manifest: loadManifest(), logStream: { write: (line) => void lines.push(line) } });
    try {
      // inject comes from 127.0.0.1, as a proxy on the same host would.
      await app.inject({ method: 'GET', url: '/api/me', headers: { 'x-forwarded-for': forwardedFor } });
    } finally {
      await app.close();
    }
    // The request's one line, written when it completes (http/request-logging.ts).
    const requestLine = lines.map((line) => JSON.parse(line)).find((record) => record.msg === 'request completed');
    return requestLine?.req?.remoteAddress;
  }

  it('is the peer of the socket by default, whatever X-Forwarded-For claims', async () => {
    expect(await loggedAddress({}, '6.6.6.6')).toBe('127.0.0.1');
    expect(await loggedAddress({ TRUST_PROXY: 'false' }, '6.6.6.6')).toBe('127.0.0.1');
  });

  it('is the forwarded client once the proxy is trusted: by address, by range, or every hop', async () => {
    expect(await loggedAddress({ TRUST_PROXY: '127.0.0.1' }, '203.0.113.7')).toBe('203.0.113.7');
    expect(await loggedAddress({ TRUST_PROXY: '10.0.0.0/8, loopback' }, '203.0.113.7')).toBe('203.0.113.7');
    expect(await loggedAddress({ TRUST_PROXY: 'true' }, '198.51.100.1, 203.0.113.7')).toBe('198.51.100.1');
  });

  it('is not taken from a proxy the list does not name', async () => {
    expect(await loggedAddress({ TRUST_PROXY: '10.0.0.1' }, '203.0.113.7')).toBe('127.0.0.1');
  });
});
