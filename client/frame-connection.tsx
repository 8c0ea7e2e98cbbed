import type { B24Frame } from '@bitrix24/b24jssdk';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { connectFrame, frameProblemOf, type FrameProblem } from './b24';

export type FrameState = { status: 'connecting' } | { status: 'ready'; b24: B24Frame } | { status: 'failed'; problem: FrameProblem };

/** Connects to the Bitrix24 page once mounted; `retry` starts a new attempt after a failure. */
export function useFrameConnection(): { state: FrameState; retry: () => void } {
  const [state, setState] = useState<FrameState>({ status: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: 'connecting' });
    connectFrame().then(
      (b24) => live && setState({ status: 'ready', b24 }),
      (error: unknown) => live && setState({ status: 'failed', problem: frameProblemOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}

export const FrameContext = createContext<{ state: FrameState; retry: () => void }>({ state: { status: 'connecting' }, retry: () => undefined });

export function useFrame() {
  return useContext(FrameContext);
}
