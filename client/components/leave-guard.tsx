import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { useFrame } from '../frame-connection';
import { useI18n } from '../i18n/i18n';
import { scrollFrameTop } from './scroll-frame-top';

/**
 * Unsaved edits are never lost silently. Forms report whether they hold unsaved edits
 * (`useUnsavedChanges`); every move away inside the app (a section tab, a link to another screen)
 * goes through `leave(action)`, which asks first when something is unsaved; closing or reloading
 * the page gets the browser's own "Leave site?" question (beforeunload).
 */
interface LeaveGuard {
  setDirty(key: string, dirty: boolean): void;
  /** Runs `action` now, or after the user agreed to drop their unsaved edits. */
  leave(action: () => void): void;
  pending: boolean;
  stay(): void;
  confirmLeave(): void;
}

const LeaveGuardContext = createContext<LeaveGuard>({
  setDirty: () => undefined,
  leave: (action) => action(),
  pending: false,
  stay: () => undefined,
  confirmLeave: () => undefined,
});

export function LeaveGuardProvider(props: { children: ComponentChildren }) {
  const dirty = useRef(new Set<string>());
  const [pending, setPending] = useState<(() => void) | null>(null);

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (dirty.current.size === 0) return;
      event.preventDefault();
      event.returnValue = ''; // older browsers need it set to ask
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const setDirty = useCallback((key: string, isDirty: boolean) => {
    if (isDirty) dirty.current.add(key);
    else dirty.current.delete(key);
  }, []);
  const leave = useCallback((action: () => void) => {
    if (dirty.current.size === 0) action();
    else setPending(() => action);
  }, []);
  const stay = useCallback(() => setPending(null), []);
  const confirmLeave = useCallback(() => {
    const action = pending;
    dirty.current.clear();
    setPending(null);
    action?.();
  }, [pending]);

  const value = useMemo(() => ({ setDirty, leave, pending: pending !== null, stay, confirmLeave }), [setDirty, leave, pending, stay, confirmLeave]);
  return <LeaveGuardContext.Provider value={value}>{props.children}</LeaveGuardContext.Provider>;
}

export function useLeaveGuard(): Pick<LeaveGuard, 'leave'> {
  return useContext(LeaveGuardContext);
}

/** Marks this form as holding unsaved edits while `dirty` is true (and no longer once it unmounts). */
export function useUnsavedChanges(dirty: boolean): void {
  const key = useId();
  const { setDirty } = useContext(LeaveGuardContext);
  useEffect(() => {
    setDirty(key, dirty);
  }, [key, dirty, setDirty]);
  useEffect(() => () => setDirty(key, false), [key, setDirty]);
}

/** The question, shown at the top of the app when a move would drop unsaved edits. */
export function LeavePrompt() {
  const { t } = useI18n();
  const frame = useFrame();
  const guard = useContext(LeaveGuardContext);
  const stayButton = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (!guard.pending) return;
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    void scrollFrameTop(frame.state);
    stayButton.current?.focus();
  }, [guard.pending]);

  /** Staying puts the keyboard back where it was; a section tab that did not open hands it to the open one. */
  const stay = () => {
    guard.stay();
    const was = returnTo.current;
    const unopenedTab = was?.getAttribute('role') === 'tab' && was.getAttribute('aria-selected') !== 'true';
    (unopenedTab ? document.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]') : was)?.focus();
  };

  if (!guard.pending) return null;
  return (
    <div
      class="tg-alert tg-alert-warning tg-leave-prompt"
      role="alertdialog"
      aria-labelledby="leave-prompt-title"
      data-testid="leave-prompt"
      onKeyDown={(event) => {
        if (event.key === 'Escape') stay();
      }}
    >
      <div>
        <strong id="leave-prompt-title">{t('catalog.leave.title')}</strong>
        <p>{t('catalog.leave.text')}</p>
      </div>
      <div class="tg-confirm">
        <button ref={stayButton} type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid="leave-stay" onClick={stay}>
          {t('catalog.leave.stay')}
        </button>
        <button type="button" class="tg-btn tg-btn-danger tg-btn-sm" data-testid="leave-confirm" onClick={guard.confirmLeave}>
          {t('catalog.leave.discard')}
        </button>
      </div>
    </div>
  );
}
