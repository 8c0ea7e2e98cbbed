import { useEffect, useState } from 'preact/hooks';
import { ConfirmPanel } from '../../../components/confirm-panel';
import { useI18n } from '../../../i18n/i18n';
import { countOf, groupsErrorText } from '../groups-format';
import { useGroupsNav } from '../groups-route';
import type { DeletePreview, GroupCard } from '../groups-types';

/**
 * Deleting a group: first what goes with it (delete-preview), said in full before the question:
 * memberships end (history kept), app invitations are withdrawn while Bitrix24's own stay in the
 * workgroup, content is detached and which of it reopens in the catalog, and that the Bitrix24
 * workgroup itself stays.
 */
export function GroupDelete(props: { group: GroupCard; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const nav = useGroupsNav();
  const g = props.group;
  const [preview, setPreview] = useState<DeletePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    nav.client.deletePreview(g.id).then(setPreview, (e: unknown) => setError(groupsErrorText(t, e)));
  }, [g.id]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await nav.client.remove(g.id, g.version);
      nav.go({ view: 'list' });
    } catch (e) {
      setError(groupsErrorText(t, e));
      setBusy(false);
    }
  };

  const reopens = preview?.content.filter((c) => c.reopens) ?? [];
  const staysClosed = preview?.content.filter((c) => !c.reopens) ?? [];
  return (
    <ConfirmPanel
      testId="group-delete-confirm"
      danger
      busy={busy || preview === null}
      title={t('groups.delete.title', { name: g.name })}
      confirmLabel={t('groups.delete.yes')}
      onConfirm={() => void confirm()}
      onCancel={props.onCancel}
    >
      {preview === null && error === null && <p class="tg-muted">{t('groups.delete.counting')}</p>}
      {preview && (
        <ul class="tg-goes" data-testid="group-delete-goes">
          <li>{preview.participants > 0 ? t('groups.delete.participants', { n: countOf(t, lang, 'participants', preview.participants) }) : t('groups.delete.noParticipants')}</li>
          {preview.appInvitations > 0 && <li data-testid="group-delete-app-invitations">{t('groupsGaps.delete.appInvitations', { n: preview.appInvitations })}</li>}
          {preview.workgroupInvitations > 0 && (
            <li data-testid="group-delete-workgroup-invitations">{t('groupsGaps.delete.workgroupInvitations', { n: preview.workgroupInvitations })}</li>
          )}
          {reopens.length > 0 && <li data-testid="group-delete-reopens">{t('groups.delete.reopens', { titles: reopens.map((c) => c.title).join(', ') })}</li>}
          {staysClosed.length > 0 && <li>{t('groups.delete.staysClosed', { titles: staysClosed.map((c) => c.title).join(', ') })}</li>}
          {preview.auditEntries > 0 && <li>{t('groups.delete.auditKept', { n: countOf(t, lang, 'entries', preview.auditEntries) })}</li>}
          {preview.workgroup && <li data-testid="group-delete-workgroup">{t('groups.delete.workgroupStays', { name: preview.workgroup.name })}</li>}
        </ul>
      )}
      {error && (
        <p class="tg-error" role="alert">
          {error}
        </p>
      )}
    </ConfirmPanel>
  );
}
