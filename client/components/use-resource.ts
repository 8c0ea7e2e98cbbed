import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * One server read for a screen: loading, failed or ready. While it reloads (new filters, "Try
 * again") the last data stays on screen, so lists do not jump; `set` replaces the data with a
 * reply the screen already has (a save that answers with the item as stored).
 */
export type Resource<T> = { status: 'loading'; data: T | null } | { status: 'error'; error: unknown; data: T | null } | { status: 'ready'; data: T };

export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<Resource<T>>({ status: 'loading', data: null });
  const [round, setRound] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    setState((previous) => ({ status: 'loading', data: previous.data }));
    load().then(
      (data) => {
        // Only the newest request may land: a slow reply to old filters must not overwrite a newer one.
        if (ticket === latest.current) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (ticket === latest.current) setState((previous) => ({ status: 'error', error, data: previous.data }));
      },
    );
  }, [...deps, round]);

  useEffect(
    () => () => {
      latest.current += 1; // unmounted: ignore whatever is still on its way
    },
    [],
  );

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const set = useCallback((data: T) => {
    latest.current += 1;
    setState({ status: 'ready', data });
  }, []);
  return { state, reload, set };
}
