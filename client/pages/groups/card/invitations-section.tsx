import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { formatWhen } from '../../catalog/catalog-format';
import { Chip } from '../../catalog/view-parts';
import { groupsErrorText } from '../groups-format';
import { Avatar, CardSection, PortalLink } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import { personName, type GroupCard, type Invitation } from '../groups-types';
import { RowConfirm, useRowAction } from './row-confirm';

/**
 * Pending invitations: who invited whom and when. An app invitation is cancelled here by the group's
 * managers. One pending in Bitrix24 (a workgroup invitation) is withdrawn in Bitrix24: from here by
 * an admin (Bitrix24 allows that to admins only), otherwise on the workgroup's page, linked.
 */
export function InvitationsSection(props: { group: GroupCard; revision: number; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const nav = useGroupsNav();
  const g = props.group;
  const list = useResource(() => nav.client.invitations(g.id), [g.id, props.revision]);
  const cancel = useRowAction(async (invitation: Invitation) => {
    if (invitation.id === null) return;
    await nav.client.cancelInvitation(g.id, invitation.id);
    props.onChanged();
  });
  const invitations = list.state.data?.invitations ?? [];
  if (list.state.status !== 'error' && invitations.length === 0) return null;

  const mayCancel = (invitation: Invitation) =>
    invitation.id !== null && (invitation.kind === 'app' ? g.rights.cancelInvitations : g.rights.withdrawWorkgroupInvitations);

  return (
    <CardSection id="group-invitations-title" testId="group-invitations" title={t('groups.invitations.title')} count={String(invitations.length)}>
      {list.state.status === 'error' && (
        <p class="tg-alert tg-alert-danger" role="alert">
          {groupsErrorText(t, list.state.error)}
        </p>
      )}
      <ul class="tg-list" data-testid="invitations-list">
        {invitations.map((inv, index) => {
          const name = personName(inv.person);
          const key = inv.id ?? `wg-${inv.person.userId}-${index}`;
          const by = inv.invitedBy ? personName(inv.invitedBy) : null;
          return (
            <li class="tg-list-row" key={key} data-testid={`invitation-${inv.person.userId}`} data-kind={inv.kind}>
              <Avatar name={name} photoUrl={inv.person.photoUrl} />
              <span class="tg-list-main">
                <span class="tg-list-name">{name}</span>
                <span class="tg-muted tg-small">
                  {by && inv.invitedAt
                    ? t('groups.invitations.byWhen', { by, when: formatWhen(lang, inv.invitedAt) })
                    : by
                      ? t('groups.invitations.by', { by })
                      : inv.invitedAt
                        ? t('groups.invitations.when', { when: formatWhen(lang, inv.invitedAt) })
                        : t('groups.invitations.inBitrix24')}
                </span>
              </span>
              <Chip tone="topic">{inv.kind === 'app' ? t('groups.invitations.kindApp') : t('groups.invitations.kindWorkgroup')}</Chip>
              {mayCancel(inv) && cancel.target?.id !== inv.id && (
                <button type="button" class="tg-btn tg-btn-link tg-link-danger" data-testid={`invitation-cancel-${inv.person.userId}`} aria-label={t('groups.invitations.cancelLabel', { name })} onClick={() => cancel.ask(inv)}>
                  {t('groups.invitations.cancel')}
                </button>
              )}
              {inv.kind === 'workgroup' && !mayCancel(inv) && g.workgroup && (
                <PortalLink url={g.workgroup.url} testId={`invitation-open-${inv.person.userId}`}>
                  {t('groups.invitations.withdrawInBitrix24')}
                </PortalLink>
              )}
              {cancel.target !== null && cancel.target.id === inv.id && (
                <RowConfirm
                  action={cancel}
                  item={inv}
                  testId="invitation-cancel-confirm"
                  title={t('groups.invitations.cancelTitle', { name })}
                  confirmLabel={inv.kind === 'app' ? t('groups.invitations.cancelYes') : t('groupsGaps.invitations.withdrawYes')}
                >
                  <p>{inv.kind === 'app' ? t('groups.invitations.cancelText') : t('groupsGaps.invitations.withdrawText', { workgroup: g.workgroup?.name ?? g.name })}</p>
                </RowConfirm>
              )}
            </li>
          );
        })}
      </ul>
    </CardSection>
  );
}
