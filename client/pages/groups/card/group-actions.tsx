import { useState } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import { groupsErrorText } from '../groups-format';
import { useGroupsNav } from '../groups-route';
import type { GroupCard } from '../groups-types';

/** The confirmation open under the card's head (editing is separate: a confirmation never closes a form). */
export type CardPanel = 'delete' | 'unlink' | null;

/** The card's own actions, only those `rights` allows this caller now. */
export function GroupActions(props: { group: GroupCard; panel: CardPanel; onPanel: (panel: CardPanel) => void; editing: boolean; onEdit: () => void; onSyncStarted: (jobId: number) => void }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const g = props.group;
  const linked = g.workgroup?.state === 'linked';
  const [syncing, setSyncing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const sync = async () => {
    if (syncing) return;
    setSyncing(true);
    setError(null);
    try {
      const reply = await nav.client.sync(g.id);
      props.onSyncStarted(reply.jobId);
    } catch (e) {
      setError(groupsErrorText(t, e));
    } finally {
      setSyncing(false);
    }
  };
  const toggle = (panel: CardPanel) => props.onPanel(props.panel === panel ? null : panel);

  return (
    <div class="tg-view-actions" data-testid="group-actions">
      {g.rights.edit && (
        <button type="button" class="tg-btn tg-btn-light" data-testid="group-edit" aria-expanded={props.editing} onClick={props.onEdit}>
          {t('groups.card.edit')}
        </button>
      )}
      {linked && g.rights.sync && (
        <button type="button" class="tg-btn tg-btn-light" data-testid="group-sync" aria-disabled={syncing ? 'true' : undefined} onClick={() => void sync()}>
          {t('groups.card.syncNow')}
        </button>
      )}
      {linked && g.rights.unlink && (
        <button type="button" class="tg-btn tg-btn-light" data-testid="group-unlink" aria-expanded={props.panel === 'unlink'} onClick={() => toggle('unlink')}>
          {t('groups.card.unlink')}
        </button>
      )}
      {g.rights.delete && (
        <button type="button" class="tg-btn tg-btn-light tg-link-danger" data-testid="group-delete" aria-expanded={props.panel === 'delete'} onClick={() => toggle('delete')}>
          {t('groups.card.delete')}
        </button>
      )}
      {error && (
        <p class="tg-error tg-small tg-actions-error" role="alert" data-testid="group-sync-error">
          {error}
        </p>
      )}
    </div>
  );
}
