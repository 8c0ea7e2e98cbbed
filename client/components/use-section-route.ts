import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useFrame } from '../frame-connection';
import { useLeaveGuard } from './leave-guard';
import { scrollFrameTop } from './scroll-frame-top';

/** Set when the reader moved inside a section: the new screen's heading then takes the focus. */
export const arrival = { moved: false };

/**
 * Where a section (Catalog, Training groups, My groups) is: one screen at a time, moved between
 * through `go`, which asks before unsaved edits are dropped, scrolls the portal back to the frame's
 * top and lets the new screen's heading take the focus. A section opens fresh each time its tab is
 * chosen: headings take the focus only after a move inside it.
 */
export function useSectionRoute<R>(initial: R): { route: R; go: (next: R) => void } {
  const guard = useLeaveGuard();
  const frame = useFrame();
  const [route, setRoute] = useState<R>(initial);
  const moved = useRef(false);

  const go = useCallback(
    (next: R) =>
      guard.leave(() => {
        moved.current = true;
        arrival.moved = true;
        setRoute(next);
      }),
    [guard],
  );
  useEffect(() => {
    if (moved.current) void scrollFrameTop(frame.state);
  }, [route]);
  useEffect(() => {
    arrival.moved = false;
    return () => {
      arrival.moved = false;
    };
  }, []);
  return { route, go };
}
