import { createApiClient, requestJson, ApiError, type ApiClient } from './api';
import { freshAuth } from './b24';
import type { BootUser, Session } from './boot';

/**
 * The app's session with our server: starts as the one the launch page carried, and is renewed
 * from a fresh Bitrix24 token (POST /api/session) whenever the server says it expired.
 */
export interface SessionStore {
  api: ApiClient;
  current(): Session;
  /** Called with the user the server resolved on each renewal (the role may have changed). */
  onRenew(listener: (user: BootUser) => void): () => void;
}

interface RenewReply {
  session: Session;
  user: BootUser;
}

export function createSessionStore(initial: Session, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): SessionStore {
  let session = initial;
  const listeners = new Set<(user: BootUser) => void>();

  const exchange = async (force: boolean) => {
    const auth = await freshAuth({ force });
    return requestJson<RenewReply>(fetchImpl, 'POST', '/api/session', { memberId: auth.memberId, accessToken: auth.accessToken }, null);
  };

  async function renew(): Promise<string> {
    let reply: RenewReply;
    try {
      try {
        reply = await exchange(false);
      } catch (error) {
        // The SDK's cached token looked fresh but Bitrix24 disagreed: get a new one and try once more.
        if (!(error instanceof ApiError) || error.code !== 'AUTH_EXPIRED') throw error;
        reply = await exchange(true);
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) throw error;
      // Whatever went wrong (no parent page, a refused token), the caller's request cannot go on.
      throw new ApiError(401, 'SESSION_RENEW_FAILED', `The session expired and could not be renewed (${error instanceof Error ? error.message : String(error)}).`);
    }
    session = reply.session;
    for (const listener of listeners) listener(reply.user);
    return session.token;
  }

  return {
    api: createApiClient({ token: () => session.token, renew, fetch: fetchImpl }),
    current: () => session,
    onRenew(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
