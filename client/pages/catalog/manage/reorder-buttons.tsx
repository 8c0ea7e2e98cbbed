import { useI18n } from '../../../i18n/i18n';

/**
 * Move up / Move down for one item of an ordered list: real buttons (keyboard and screen
 * readers), named after the item. After a move the focus is put back on the moved item's button
 * (`focusMove`), since the list re-renders in its new order.
 */
export function ReorderButtons(props: { id: string; name: string; index: number; count: number; onMove: (step: -1 | 1) => void; disabled?: boolean }) {
  const { t } = useI18n();
  return (
    <span class="tg-reorder">
      <button
        type="button"
        class="tg-icon-btn"
        data-move={`${props.id}-up`}
        aria-label={t('catalog.reorder.up', { name: props.name })}
        title={t('catalog.reorder.upShort')}
        disabled={props.disabled || props.index === 0}
        onClick={() => props.onMove(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        class="tg-icon-btn"
        data-move={`${props.id}-down`}
        aria-label={t('catalog.reorder.down', { name: props.name })}
        title={t('catalog.reorder.downShort')}
        disabled={props.disabled || props.index === props.count - 1}
        onClick={() => props.onMove(1)}
      >
        ↓
      </button>
    </span>
  );
}

/** Puts the focus back on the moved item's button in its new place (or its other button at an edge). */
export function focusMove(id: string, step: -1 | 1): void {
  requestAnimationFrame(() => {
    const wanted = document.querySelector<HTMLButtonElement>(`[data-move="${id}-${step === -1 ? 'up' : 'down'}"]`);
    const other = document.querySelector<HTMLButtonElement>(`[data-move="${id}-${step === -1 ? 'down' : 'up'}"]`);
    (wanted && !wanted.disabled ? wanted : other)?.focus();
  });
}
