import type { B24Frame } from '@bitrix24/b24jssdk';

/**
 * The bridge to the Bitrix24 page around our iframe (BITRIX24.md §6.2, §6.3).
 *
 * The SDK is ~75 KB gzip, so it is imported on demand: the first paint never waits for it.
 * Its handshake (`getInitData`) has no timeout of its own and would hang forever when no parent
 * answers, so every wait here is raced against FRAME_TIMEOUT_MS.
 */
export const FRAME_TIMEOUT_MS = 10_000;

export type FrameProblem = 'not-in-frame' | 'timeout' | 'failed';

export class FrameError extends Error {
  constructor(
    readonly problem: FrameProblem,
    message: string,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

/** Bitrix24 names the frame "DOMAIN|PROTOCOL|APP_SID"; without that nobody is there to answer. */
export function isInPortalFrame(name: string = window.name): boolean {
  const [domain, , appSid] = name.split('|');
  return window.parent !== window && Boolean(domain) && Boolean(appSid);
}

function withTimeout<T>(promise: Promise<T>, ms: number, problem: FrameProblem, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new FrameError(problem, message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let connecting: Promise<B24Frame> | null = null;

/**
 * The SDK's frame, once the parent answered. Shared by every caller; a failure is not remembered,
 * so "Try again" really tries again (after a timeout the SDK's own pending handshake is reused and
 * may still complete).
 */
export function connectFrame(timeoutMs: number = FRAME_TIMEOUT_MS): Promise<B24Frame> {
  if (connecting) return connecting;
  const attempt = (async () => {
    if (!isInPortalFrame()) throw new FrameError('not-in-frame', 'The page is not inside a Bitrix24 frame.');
    const sdk = await import('./b24-sdk');
    try {
      return await withTimeout(sdk.initializeB24Frame(), timeoutMs, 'timeout', `Bitrix24 did not answer within ${timeoutMs} ms.`);
    } catch (error) {
      if (error instanceof FrameError) throw error;
      const code = (error as { code?: string } | null)?.code;
      if (code === 'JSSDK_CLIENT_SIDE_WARNING') throw new FrameError('not-in-frame', 'The page is not inside a Bitrix24 frame.');
      throw new FrameError('failed', error instanceof Error ? error.message : String(error));
    }
  })();
  connecting = attempt;
  attempt.catch(() => {
    if (connecting === attempt) connecting = null;
  });
  return attempt;
}

export function frameProblemOf(error: unknown): FrameProblem {
  return error instanceof FrameError ? error.problem : 'failed';
}

export interface FreshAuth {
  memberId: string;
  accessToken: string;
}

/** Refresh a little before the SDK's own expiry, so the token is still good when the server checks it. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * A Bitrix24 access token for the current user, straight from the parent page: the cached one while
 * it is fresh, otherwise (or when `force`) a new one via refreshAuth.
 */
export async function freshAuth(options: { force?: boolean } = {}): Promise<FreshAuth> {
  const $b24 = await connectFrame();
  let auth = $b24.auth.getAuthData();
  if (options.force || !auth || auth.expires * 1000 - Date.now() < EXPIRY_MARGIN_MS) auth = await $b24.auth.refreshAuth();
  if (!auth) throw new FrameError('failed', 'Bitrix24 gave no sign-in data.');
  return { memberId: auth.member_id, accessToken: auth.access_token };
}

/**
 * Keeps the frame as tall as `root`, so the portal page scrolls and the frame never shows a
 * scrollbar (a Market requirement). The width stays "100%" of the portal's work area, as fitWindow does.
 * Returns the function that stops it.
 */
export function fitFrameToContent($b24: B24Frame, root: HTMLElement, minHeight = 240): () => void {
  let lastHeight = 0;
  let scheduled = 0;
  const send = () => {
    scheduled = 0;
    const height = Math.max(minHeight, Math.ceil(root.getBoundingClientRect().height));
    if (height === lastHeight) return;
    lastHeight = height;
    // ParentManager.resizeWindow accepts numbers only; the protocol also takes "100%" (fitWindow sends it).
    $b24.parent.message.send('resizeWindow', { width: '100%', height, isSafely: true }).catch(() => undefined);
  };
  const observer = new ResizeObserver(() => {
    if (!scheduled) scheduled = requestAnimationFrame(send);
  });
  observer.observe(root);
  send();
  return () => {
    observer.disconnect();
    if (scheduled) cancelAnimationFrame(scheduled);
  };
}

/** The in-layout page title (ignored by Bitrix24 in widgets, where it is not allowed). */
export function setFrameTitle($b24: B24Frame, title: string): void {
  if (!$b24.placement.isDefault) return;
  $b24.parent.setTitle(title).catch(() => undefined);
}

export interface PickedUser {
  id: number;
  name: string;
}

/** Bitrix24's own employee picker; null when the dialog was closed without a choice. */
export async function selectUser($b24: B24Frame): Promise<PickedUser | null> {
  const picked = await $b24.dialog.selectUser();
  if (!picked) return null;
  const id = Number(picked.id);
  return Number.isInteger(id) && id > 0 ? { id, name: picked.name || `#${id}` } : null;
}

export interface AccessItem {
  id: string;
  name: string;
}

/**
 * Bitrix24's access picker, given the codes already chosen ("U1", "D5", "DR5": Bitrix24 shows them
 * as taken, the local portal as ticked). Answers every item picked, of whatever kind ("AU",
 * "SG4", ...): the caller decides what it can use and says what it cannot (settings/moderators-model.ts).
 */
export async function selectAccessItems($b24: B24Frame, chosen: readonly string[] = []): Promise<AccessItem[]> {
  const picked = await $b24.dialog.selectAccess([...chosen]);
  return (picked ?? []).map((item) => ({ id: String(item.id ?? ''), name: String(item.name ?? '') }));
}

/**
 * Tells Bitrix24 the wizard is done; the portal then reloads into the app. The real parent never
 * answers this command (it navigates away), so it is sent and not awaited. Returns false when the
 * app is not in install mode (already installed: nothing to finish).
 */
export function finishInstall($b24: B24Frame): boolean {
  if (!$b24.isInstallMode) return false;
  $b24.installFinish().catch(() => undefined);
  return true;
}

/** Reloads the whole portal page (the frame comes back with fresh data). */
export function reloadPortalPage($b24: B24Frame | null): void {
  if ($b24) $b24.parent.reloadWindow().catch(() => undefined);
  else location.reload();
}
