/**
 * What the server hands each page in `window.__BOOT__` (server/auth/launch.ts, server/portal/install.ts).
 * Nothing in it is trusted for decisions the server makes; the role only shapes the navigation.
 */
export type Role = 'admin' | 'moderator' | 'employee' | 'extranet';

export interface Session {
  token: string;
  /** ISO date-time. */
  expiresAt: string;
}

export interface BootUser {
  id: number;
  name: string;
  role: Role;
}

export interface BootError {
  code: string;
  message: string;
  /** BITRIX24_BUSY, TOO_MANY_REQUESTS: when to try again. */
  retryAfterSeconds?: number;
}

export interface AppBoot {
  view: 'app';
  lang: string;
  session: Session;
  user: BootUser;
  portal: { domain: string; memberId: string };
  placement: string;
  placementOptions: Record<string, string>;
}

export interface ErrorBoot {
  view: 'error';
  lang: string;
  error: BootError;
  /** Only in local-portal mode (`npm start` without credentials): where the local portal is. */
  localPortalUrl?: string;
}

export interface InstallBoot {
  view: 'install';
  lang: string;
  install: { ok: true; token: string } | { ok: false; error: BootError };
}

export type Boot = AppBoot | ErrorBoot | InstallBoot;

/** The boot data, or an error boot when the page was served without any (opened directly, say). */
export function readBoot(): Boot {
  const raw = (window as unknown as { __BOOT__?: unknown }).__BOOT__;
  const lang = new URLSearchParams(location.search).get('LANG') ?? navigator.language ?? 'en';
  if (!raw || typeof raw !== 'object' || typeof (raw as { view?: unknown }).view !== 'string') {
    return { view: 'error', lang, error: { code: 'AUTH_MISSING', message: 'The page was opened without boot data.' } };
  }
  return raw as Boot;
}

/** Lets the styles tell a page inside the portal's frame (no margins of its own) from one opened directly. */
export function markFramed(): void {
  document.documentElement.classList.toggle('tg-framed', window.parent !== window);
}
