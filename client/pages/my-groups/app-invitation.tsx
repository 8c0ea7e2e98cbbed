import { useState } from 'preact/hooks';
import { ConfirmPanel } from '../../components/confirm-panel';
import { useI18n } from '../../i18n/i18n';
import { formatWhen } from '../catalog/catalog-format';
import { groupsErrorText, windowText } from '../groups/groups-format';
import type { GroupsClient } from '../groups/groups-client';
import { personName, type MyGroupsReply } from '../groups/groups-types';

/** An invitation to a training group from the app: Accept (a member at once) or Decline (asked first). */
export function AppInvitation(props: { invitation: MyGroupsReply['invitations'][number]; client: GroupsClient; onAnswered: (accepted: boolean) => void }) {
  const { t, lang } = useI18n();
  const inv = props.invitation;
  const [declining, setDeclining] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const answer = async (accept: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await props.client.answerInvitation(inv.id, accept);
      props.onAnswered(accept);
    } catch (e) {
      setError(groupsErrorText(t, e));
      setBusy(false);
    }
  };

  const by = inv.invitedBy ? personName(inv.invitedBy) : null;
  return (
    <li class="tg-list-row tg-invitation" data-testid={`my-invitation-${inv.id}`}>
      <span class="tg-list-main">
        <span class="tg-list-name">{inv.group.name}</span>
        <span class="tg-muted tg-small">
          {by ? t('myGroups.invitedBy', { by, when: formatWhen(lang, inv.invitedAt) }) : t('myGroups.invitedAt', { when: formatWhen(lang, inv.invitedAt) })} ·{' '}
          {windowText(t, lang, inv.group.accessStartsOn, inv.group.accessEndsOn)}
        </span>
        {inv.group.description && <span class="tg-small tg-clamp">{inv.group.description}</span>}
      </span>
      {!declining && (
        <span class="tg-confirm">
          <button type="button" class="tg-btn tg-btn-success tg-btn-sm" data-testid={`my-invitation-accept-${inv.id}`} aria-disabled={busy ? 'true' : undefined} onClick={() => !busy && void answer(true)}>
            {t('myGroups.accept')}
          </button>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" data-testid={`my-invitation-decline-${inv.id}`} disabled={busy} onClick={() => setDeclining(true)}>
            {t('myGroups.decline')}
          </button>
        </span>
      )}
      {declining && (
        <ConfirmPanel
          testId="my-invitation-decline-confirm"
          danger
          busy={busy}
          title={t('myGroups.declineTitle', { name: inv.group.name })}
          confirmLabel={t('myGroups.decline')}
          onConfirm={() => void answer(false)}
          onCancel={() => setDeclining(false)}
        >
          <p>{t('myGroups.declineText')}</p>
        </ConfirmPanel>
      )}
      {error && (
        <p class="tg-error tg-small" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
