import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ConfirmPanel } from '../../../components/confirm-panel';
import { useI18n } from '../../../i18n/i18n';
import { groupsErrorText } from '../groups-format';

/**
 * A list row's action that asks first (remove a participant, detach a course, cancel an
 * invitation): which row's confirmation is open, the request while it runs, and what went wrong.
 */
export function useRowAction<T>(run: (item: T) => Promise<void>) {
  const { t } = useI18n();
  const [target, setTarget] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    target,
    busy,
    error,
    ask: (item: T) => {
      setError(null);
      setTarget(item);
    },
    cancel: () => setTarget(null),
    confirm: async (item: T) => {
      setBusy(true);
      setError(null);
      try {
        await run(item);
        setTarget(null);
      } catch (e) {
        setError(groupsErrorText(t, e));
      } finally {
        setBusy(false);
      }
    },
  };
}

export type RowAction<T> = ReturnType<typeof useRowAction<T>>;

/** The row's confirmation in place, with the server's refusal under its text. */
export function RowConfirm<T>(props: { action: RowAction<T>; item: T; testId: string; title: string; confirmLabel: string; children: ComponentChildren }) {
  const { action } = props;
  return (
    <ConfirmPanel testId={props.testId} danger busy={action.busy} title={props.title} confirmLabel={props.confirmLabel} onConfirm={() => void action.confirm(props.item)} onCancel={action.cancel}>
      {props.children}
      {action.error && (
        <p class="tg-error" role="alert">
          {action.error}
        </p>
      )}
    </ConfirmPanel>
  );
}
