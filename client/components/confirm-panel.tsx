import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';

/**
 * A confirmation in place, right under what it is about (the app's frame grows with its content, so
 * a centred modal could open far from where the user is looking). Focus goes to Cancel, the safe
 * choice; Escape cancels; focus returns to where it was when the panel goes.
 */
export function ConfirmPanel(props: {
  title: string;
  children?: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  danger?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    return () => {
      // Back to the button that opened the panel, if the focus would otherwise be lost.
      if ((document.activeElement === document.body || !document.activeElement) && before?.isConnected) before.focus();
    };
  }, []);

  return (
    <div
      class={`tg-confirm-panel${props.danger ? ' tg-confirm-panel-danger' : ''}`}
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid={props.testId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <p class="tg-confirm-panel-title" id={`${id}-title`}>
        {props.title}
      </p>
      <div id={`${id}-body`} class="tg-confirm-panel-body">
        {props.children}
      </div>
      <div class="tg-confirm">
        <button
          type="button"
          class={`tg-btn tg-btn-sm ${props.danger ? 'tg-btn-danger' : 'tg-btn-primary'}`}
          data-testid={props.testId ? `${props.testId}-yes` : undefined}
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </button>
        <button ref={cancel} type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid={props.testId ? `${props.testId}-no` : undefined} onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
