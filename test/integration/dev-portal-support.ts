import http from 'node:http';
import axios, { type AxiosRequestConfig } from 'axios';
import qs from 'qs';
import { startLocalPortal, type LocalPortal, type LocalPortalOptions } from '../../server/dev-portal';

/** Helpers for the local-portal tests: real HTTP against a started portal. */

export const CLIENT = { id: 'app.test0portal.00000001', secret: 'test-portal-secret' };

export function startTestPortal(extra: Partial<LocalPortalOptions> = {}): Promise<LocalPortal> {
  return startLocalPortal({
    appBaseUrl: 'http://localhost:1', // nothing listens there unless a test says otherwise
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    seed: { bigGroupMembers: 120 },
    limits: { burst: 10_000, drainPerSecond: 1000 },
    ...extra,
  });
}

export interface HttpAnswer {
  status: number;
  body: any;
  headers: Record<string, any>;
}

/** Plain HTTP through axios with no status checks and no redirects. */
export async function request(url: string, config: AxiosRequestConfig = {}): Promise<HttpAnswer> {
  const res = await axios.request({ url, validateStatus: () => true, maxRedirects: 0, ...config });
  return { status: res.status, body: res.data, headers: res.headers as Record<string, any> };
}

/** POST /rest/<method> with a JSON body and `auth` in it, as the b24jssdk does. */
export function rest(portal: LocalPortal, method: string, params: Record<string, unknown>, token?: string): Promise<HttpAnswer> {
  return request(`${portal.url}/rest/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    data: JSON.stringify(token ? { ...params, auth: token } : params),
  });
}

/** A form POST, as Bitrix24 and PHP clients send. */
export function postForm(url: string, form: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, data: form });
}

/** A token of one of the seeded users. */
export const tokenOf = (portal: LocalPortal, userId: number) => portal.controls.issueTokens(userId).access_token;

/** An HTTP server that records what it receives (stands in for the app's event handler). */
export async function startSink(status = 200): Promise<{
  url: string;
  received: Array<{ path: string; headers: http.IncomingHttpHeaders; raw: string; body: Record<string, any> }>;
  close(): Promise<void>;
}> {
  const received: Array<{ path: string; headers: http.IncomingHttpHeaders; raw: string; body: Record<string, any> }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, raw, body: qs.parse(raw) as Record<string, any> });
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://localhost:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}
