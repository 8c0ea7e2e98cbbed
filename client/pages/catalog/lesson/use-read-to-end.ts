import { useEffect, type MutableRef } from 'preact/hooks';

/**
 * Calls `onEnd` once the element at the end of a lesson has been on screen. The observer has no
 * root of its own, so it measures against the top-level window: inside Bitrix24 the frame is as
 * tall as the lesson and the portal page scrolls, and only what is visible in the portal's window
 * counts. A lesson that fits on the screen counts at once. `ready` resolves when the page has been
 * brought to the top of the lesson, so the end of the previous screen is not mistaken for this one's.
 */
export function useReadToEnd(end: MutableRef<HTMLElement | null>, active: boolean, ready: () => Promise<void>, onEnd: () => void): void {
  useEffect(() => {
    if (!active) return undefined;
    let observer: IntersectionObserver | null = null;
    let live = true;
    void ready().then(() => {
      const target = end.current;
      if (!live || !target) return;
      observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer?.disconnect();
          onEnd();
        }
      });
      observer.observe(target);
    });
    return () => {
      live = false;
      observer?.disconnect();
    };
  }, [active]);
}
