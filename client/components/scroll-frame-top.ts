import type { FrameState } from '../frame-connection';

/**
 * Brings the top of the app into view. Inside Bitrix24 the frame is as tall as the app and the
 * portal page scrolls, not the frame, so the portal is asked to scroll (setScroll); opened on its
 * own, the window scrolls. Resolves when done (or at once if the portal does not answer).
 */
export function scrollFrameTop(frame: FrameState): Promise<void> {
  if (frame.status === 'ready') {
    const asked = frame.b24.parent.scrollParentWindow(0).catch(() => undefined);
    // The portal answers setScroll at once; never wait on it for long.
    return Promise.race([asked, new Promise<void>((resolve) => setTimeout(resolve, 400))]).then(() => undefined);
  }
  window.scrollTo(0, 0);
  return Promise.resolve();
}
