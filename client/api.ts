/**
 * The one way the client talks to our server: JSON over fetch with `Authorization: Bearer <session>`
 * (never cookies: inside the portal's iframe they are third-party and get dropped). An expired
 * session is renewed once, transparently, and the request retried.
 */

/** An error answer from our server ({error, message, field}), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The error's extra facts (EDIT_CONFLICT: the item as stored now; IMPORT_INVALID: the errors). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  /** The current session token (null: send no Authorization header). */
  token: () => string | null;
  /** Gets a new session token; called at most once per request, on 401 SESSION_EXPIRED. */
  renew?: () => Promise<string>;
  fetch?: typeof fetch;
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** Any method, with extra request headers (e.g. the frame's Bitrix24 token for the groups routes). */
  send<T>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<T>;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's HTML page, say): fall through to the status line
  }
  const b = (body ?? {}) as { error?: unknown; message?: unknown; field?: unknown; details?: unknown };
  const code = typeof b.error === 'string' && b.error ? b.error : `HTTP_${res.status}`;
  const message = typeof b.message === 'string' && b.message ? b.message : `${res.status} ${res.statusText}`.trim();
  return new ApiError(res.status, code, message, typeof b.field === 'string' ? b.field : undefined, b.details ?? undefined);
}

/** Sends JSON, reads JSON; any non-2xx answer becomes an ApiError. No session handling. */
export async function requestJson<T>(
  fetchImpl: typeof fetch,
  method: string,
  path: string,
  body: unknown,
  token: string | null,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetchImpl(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  // A file the server makes (the report's CSV) comes back as its text.
  if ((res.headers.get('content-type') ?? '').startsWith('text/csv')) return (await res.text()) as T;
  return (await res.json()) as T;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  // Concurrent requests that all find the session expired share one renewal.
  let renewing: Promise<string> | null = null;
  const renewOnce = () => {
    if (!renewing) {
      const renew = options.renew as () => Promise<string>;
      renewing = renew().finally(() => {
        renewing = null;
      });
    }
    return renewing;
  };

  async function call<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const sent = options.token();
    try {
      return await requestJson<T>(fetchImpl, method, path, body, sent, headers);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || error.code !== 'SESSION_EXPIRED' || !options.renew) throw error;
      // Another request may have renewed the session while this one was on its way.
      const current = options.token();
      const token = current && current !== sent ? current : await renewOnce();
      return requestJson<T>(fetchImpl, method, path, body, token, headers);
    }
  }

  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path) => call('DELETE', path),
    send: (method, path, sendOptions) => call(method, path, sendOptions?.body, sendOptions?.headers),
  };
}
