import crypto from 'node:crypto';
import type { PortalState } from './state';

/**
 * One app frame the portal has opened (one APP_SID): whose tokens it carries, which placement, and the
 * refresh token the parent uses for `refreshAuth` (the real parent does that with its own AJAX call).
 */
export interface FrameSession {
  sid: string;
  userId: number;
  lang: string;
  placement: string;
  placementOptions: Record<string, string>;
  /** The URL the form posts to (app, installer or widget handler), without the portal's query. */
  handlerUrl: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  /** The app was still in install mode when the frame opened (getInitData INSTALL). */
  install: boolean;
}

export interface FrameLaunch {
  query: Record<string, string>;
  fields: Record<string, string>;
}

export interface LaunchOptions {
  lang?: string;
  placement?: string;
  placementOptions?: Record<string, string>;
  handlerUrl?: string;
}

export class FrameSessions {
  private readonly sessions = new Map<string, FrameSession>();

  constructor(private readonly state: PortalState) {}

  /** The page the frame shows: the installer until installFinish, then the app (§1.3). */
  defaultHandler(): string {
    const { app } = this.state;
    return `${app.appBaseUrl}${this.state.installed ? app.applicationPath : app.installerPath}`;
  }

  open(userId: number, opts: LaunchOptions = {}): FrameSession {
    if (!this.state.user(userId)) throw new Error(`local portal: no user ${userId}`);
    const pair = this.state.tokens.issue(userId);
    const session: FrameSession = {
      sid: crypto.randomBytes(16).toString('hex'),
      userId,
      lang: opts.lang ?? 'en',
      placement: (opts.placement ?? 'DEFAULT').toUpperCase(),
      placementOptions: opts.placementOptions ?? {},
      handlerUrl: opts.handlerUrl ?? this.defaultHandler(),
      accessToken: pair.access_token,
      refreshToken: pair.refresh_token,
      expiresIn: pair.expires_in,
      install: !this.state.installed,
    };
    this.sessions.set(session.sid, session);
    return session;
  }

  get(sid: string): FrameSession | undefined {
    return this.sessions.get(sid);
  }

  /** The most recently opened sessions, for the state file: a page left open survives a restart. */
  recent(limit: number): FrameSession[] {
    return [...this.sessions.values()].slice(-limit).map((s) => ({ ...s, placementOptions: { ...s.placementOptions } }));
  }

  restore(saved: FrameSession[]): void {
    for (const s of saved) {
      if (typeof s.sid !== 'string' || typeof s.userId !== 'number' || typeof s.handlerUrl !== 'string') throw new Error('malformed frame session');
      this.sessions.set(s.sid, { ...s });
    }
  }

  /** Query and POST fields of the form that opens the frame (§1.2; field set as the current module sends). */
  launch(session: FrameSession): FrameLaunch {
    const { state } = this;
    const fields: Record<string, string> = {
      AUTH_ID: session.accessToken,
      AUTH_EXPIRES: String(session.expiresIn),
      REFRESH_ID: session.refreshToken,
      SERVER_ENDPOINT: state.restEndpoint(),
      APPLICATION_TOKEN: state.applicationToken,
      APPLICATION_SCOPE: state.scopeString,
      member_id: state.identity.memberId,
      status: state.app.status,
      PLACEMENT: session.placement,
    };
    // The portal posts PLACEMENT_OPTIONS only when there are options (app.layout template).
    if (Object.keys(session.placementOptions).length > 0) fields.PLACEMENT_OPTIONS = JSON.stringify(session.placementOptions);
    return {
      query: { DOMAIN: state.identity.domain, PROTOCOL: '0', LANG: session.lang, APP_SID: session.sid },
      fields,
    };
  }

  /** The parent's answer to getInitData (applayout.js MessageInterface.getInitData). */
  initData(session: FrameSession): Record<string, unknown> {
    const { state } = this;
    const user = state.user(session.userId)!;
    return {
      LANG: session.lang,
      DOMAIN: state.identity.domain,
      PROTOCOL: 0,
      PATH: '/rest',
      AUTH_ID: session.accessToken,
      AUTH_EXPIRES: String(session.expiresIn),
      REFRESH_ID: session.refreshToken,
      MEMBER_ID: state.identity.memberId,
      FIRST_RUN: !state.firstRunDone.has(session.userId),
      IS_ADMIN: user.isAdmin,
      INSTALL: session.install,
      USER_OPTIONS: { ...state.userOptionsOf(session.userId) },
      APP_OPTIONS: { ...state.appOptions },
      PLACEMENT: session.placement,
      PLACEMENT_OPTIONS: { ...session.placementOptions },
    };
  }

  /**
   * refreshAuth: the parent gets a new pair for the logged-in user through its own session (the real
   * parent's AJAX `access_refresh`), so it does not depend on the REFRESH_ID it handed to the app, which
   * the app's backend may already have rotated.
   */
  refresh(session: FrameSession): { AUTH_ID: string; AUTH_EXPIRES: string; REFRESH_ID: string } | null {
    if (this.state.uninstalled) return null;
    const pair = this.state.tokens.issue(session.userId);
    session.accessToken = pair.access_token;
    session.refreshToken = pair.refresh_token;
    session.expiresIn = pair.expires_in;
    return { AUTH_ID: pair.access_token, AUTH_EXPIRES: String(pair.expires_in), REFRESH_ID: pair.refresh_token };
  }

  /** What the portal page hands frame-parent.js to open this frame (window.__PORTAL__.frames[]). */
  pageConfig(session: FrameSession, container: string, testId: string) {
    const launch = this.launch(session);
    const action = `${session.handlerUrl}${session.handlerUrl.includes('?') ? '&' : '?'}${new URLSearchParams(launch.query)}`;
    return {
      sid: session.sid,
      container,
      testId,
      layoutTestId: `${testId}-layout`,
      action,
      fields: launch.fields,
      frameName: `${this.state.identity.domain}|0|${session.sid}`,
      origin: new URL(session.handlerUrl).origin,
      initData: this.initData(session),
      // A widget may not set the page title (app.layout template).
      denied: session.placement === 'DEFAULT' ? [] : ['setTitle'],
    };
  }
}
