import { useState } from 'preact/hooks';
import { ConfirmPanel } from '../../../components/confirm-panel';
import { useI18n } from '../../../i18n/i18n';
import { groupsErrorText } from '../groups-format';
import { useGroupsNav } from '../groups-route';
import type { GroupCard } from '../groups-types';

/** Unlinking asks first and says what it means: mirroring stops, participants stay, the workgroup stays. */
export function GroupUnlink(props: { group: GroupCard; onCancel: () => void; onDone: (card: GroupCard) => void }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const g = props.group;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      props.onDone(await nav.client.unlink(g.id, g.version));
    } catch (e) {
      setError(groupsErrorText(t, e));
      setBusy(false);
    }
  };

  return (
    <ConfirmPanel
      testId="group-unlink-confirm"
      busy={busy}
      title={t('groups.unlink.title', { name: g.workgroup?.name ?? '' })}
      confirmLabel={t('groups.unlink.yes')}
      onConfirm={() => void confirm()}
      onCancel={props.onCancel}
    >
      <p>{t('groups.unlink.text')}</p>
      {error && (
        <p class="tg-error" role="alert">
          {error}
        </p>
      )}
    </ConfirmPanel>
  );
}
