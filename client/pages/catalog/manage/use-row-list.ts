import { useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import { apiErrorText } from '../../../components/api-error-text';
import { useI18n } from '../../../i18n/i18n';
import { focusMove } from './reorder-buttons';
import { idsOf, moveBy } from './reorder';

/**
 * The ordered rows of an editor (a unit's lessons, a test's questions): a move shows at once and the
 * server's answer replaces it; a delete waits for its confirmation. On a failure the error is shown
 * and the item read again (`reload`), as someone else may have changed it.
 */
export function useRowList<T extends { id: number }>(items: readonly T[], options: { idPrefix: string; reload: () => void }) {
  const { t } = useI18n();
  const [order, setOrder] = useState<T[] | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rows: readonly T[] = order ?? items;

  /** Moves `item` one place; `save` sends the new order of ids. */
  const move = async (item: T, step: -1 | 1, save: (ids: number[]) => Promise<void>) => {
    const next = moveBy(rows, item.id, step);
    setOrder(next);
    setBusy(true);
    setError(null);
    focusMove(`${options.idPrefix}-${item.id}`, step);
    try {
      await save(idsOf(next));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t('catalog.reorder.conflict') : apiErrorText(t, e));
      options.reload();
    } finally {
      setOrder(null);
      setBusy(false);
    }
  };

  /** The confirmed delete (`send`), after which the confirmation closes either way. */
  const remove = async (send: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await send();
    } catch (e) {
      setError(apiErrorText(t, e));
      options.reload();
    } finally {
      setDeleting(null);
      setBusy(false);
    }
  };

  return { rows, busy, error, deleting, setDeleting, move, remove };
}
