import http from 'node:http';
import https from 'node:https';
import qs from 'qs';
import type { BoundEvent, DeliveredEvent } from './model';
import type { PortalState } from './state';
import { isoSeconds } from './rest-errors';

/**
 * Outgoing events, as Bitrix24's queue sends them (BITRIX24.md §5.5, §5.6): a form-encoded POST with
 * PHP-style nested keys (`auth[access_token]`, `data[FIELDS][ID]`), fire-and-forget, no retries, and
 * nothing at all until the app called installFinish.
 */
export class EventsOut {
  readonly log: DeliveredEvent[] = [];
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly state: PortalState,
    private readonly delayMs = 0,
  ) {}

  /** The `auth` block: the event user's fresh token, or only the portal's identity when there is no user. */
  private authBlock(userId: number | null, applicationToken: string): Record<string, unknown> {
    const { state } = this;
    const identity = {
      domain: state.identity.domain,
      client_endpoint: state.restEndpoint(),
      server_endpoint: state.restEndpoint(),
      member_id: state.identity.memberId,
      application_token: applicationToken,
    };
    const user = userId !== null ? state.user(userId) : undefined;
    if (!user) return identity;
    const pair = state.tokens.issue(user.id);
    return {
      access_token: pair.access_token,
      expires: String(pair.expires),
      expires_in: String(pair.expires_in),
      scope: state.scopeString,
      ...identity,
      status: state.app.status,
      user_id: String(user.id),
    };
  }

  private async post(handler: BoundEvent, body: Record<string, unknown>): Promise<number> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    // An unreachable handler answers 0: Bitrix24 drops the event, no retry.
    const status = await postForm(handler.handler, qs.stringify(body)).catch(() => 0);
    this.log.push({ event: body.event as string, handler: handler.handler, status, body, at: isoSeconds(Date.now()) });
    return status;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
    return promise;
  }

  private payload(handler: BoundEvent, event: string, data: Record<string, unknown>, userId: number | null, applicationToken: string, withTokens = true) {
    return {
      event,
      event_handler_id: String(handler.id),
      data,
      ts: String(Math.floor(Date.now() / 1000)),
      // auth_type pins the token's user; otherwise it is whoever triggered the event.
      auth: this.authBlock(withTokens ? (handler.authType > 0 ? handler.authType : userId) : null, applicationToken),
    };
  }

  /** Sends `event` to every bound online handler; returns their statuses (empty when not delivered). */
  send(event: string, data: Record<string, unknown>, userId: number | null, applicationToken = this.state.applicationToken): Promise<number[]> {
    if (!this.state.installed || this.state.uninstalled) return Promise.resolve([]);
    const handlers = this.state.events.filter((e) => e.event === event.toUpperCase() && !e.offline);
    return this.track(Promise.all(handlers.map((h) => this.post(h, this.payload(h, event.toUpperCase(), data, userId, applicationToken)))));
  }

  /** ONAPPUNINSTALL: sent after API access is revoked, so it carries no tokens (§1.5). */
  sendUninstall(clean: boolean, applicationToken = this.state.applicationToken): Promise<number[]> {
    const handlers = this.state.events.filter((e) => e.event === 'ONAPPUNINSTALL' && !e.offline);
    const data = { LANGUAGE_ID: 'en', CLEAN: clean ? '1' : '0' };
    return this.track(Promise.all(handlers.map((h) => this.post(h, this.payload(h, 'ONAPPUNINSTALL', data, null, applicationToken, false)))));
  }

  /** Waits until every event sent so far has been answered (tests and demos). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** A plain node:http POST (global fetch misbehaves under test interceptors; this works everywhere). */
function postForm(target: string, form: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(target);
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(form),
          'user-agent': 'Bitrix24 Webhook Engine',
        },
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(form);
  });
}
