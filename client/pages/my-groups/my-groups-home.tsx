import { useState } from 'preact/hooks';
import { EmptyState } from '../../components/empty-state';
import { useResource } from '../../components/use-resource';
import { useI18n } from '../../i18n/i18n';
import { formatDay, windowText } from '../groups/groups-format';
import type { GroupsClient } from '../groups/groups-client';
import { LoadBlock, PortalLink } from '../groups/groups-parts';
import type { MyGroup } from '../groups/groups-types';
import { ViewHeading } from '../catalog/view-parts';
import { AppInvitation } from './app-invitation';

/**
 * The learner's overview: app invitations to answer, invitations pending in Bitrix24 (accepted
 * there), the groups open now and the ones that open later. Groups whose window is over are not listed.
 */
export function MyGroupsHome(props: { client: GroupsClient; onOpen: (group: MyGroup) => void }) {
  const { t, lang } = useI18n();
  const data = useResource(() => props.client.myGroups(), []);
  const [joined, setJoined] = useState<{ id: number; name: string } | null>(null);
  const d = data.state.data;
  if (!d) return <LoadBlock resource={data.state} reload={data.reload} testId="my-groups" />;

  const nothing = d.current.length === 0 && d.upcoming.length === 0 && d.invitations.length === 0 && d.workgroupInvitations.length === 0;
  if (nothing && !joined) return <EmptyState testId="my-groups-empty" title={t('myGroups.empty.title')} hint={t('myGroups.empty.hint')} />;
  const joinedGroup = joined ? d.current.find((g) => g.id === joined.id) ?? d.upcoming.find((g) => g.id === joined.id) ?? null : null;

  return (
    <div class="tg-view" data-testid="my-groups">
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="my-groups-title">{t('nav.myGroups')}</ViewHeading>
          <p class="tg-muted tg-view-meta">{t('myGroups.intro')}</p>
        </div>
      </div>
      <div role="status" aria-live="polite">
        {joined && (
          <div class="tg-alert tg-alert-success" data-testid="my-groups-joined">
            <p>{t('myGroups.joined', { name: joined.name })}</p>
            {joinedGroup && (
              <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => props.onOpen(joinedGroup)}>
                {t('myGroups.openIt')}
              </button>
            )}
          </div>
        )}
      </div>

      {d.invitations.length > 0 && (
        <section aria-labelledby="my-invitations-title" data-testid="my-invitations">
          <h3 class="tg-group-title" id="my-invitations-title">
            {t('myGroups.invitations')} <span class="tg-muted">{d.invitations.length}</span>
          </h3>
          <ul class="tg-list">
            {d.invitations.map((inv) => (
              <AppInvitation
                key={inv.id}
                invitation={inv}
                client={props.client}
                onAnswered={(accepted) => {
                  if (accepted) setJoined({ id: inv.group.id, name: inv.group.name });
                  data.reload();
                }}
              />
            ))}
          </ul>
        </section>
      )}

      {d.workgroupInvitations.length > 0 && (
        <section aria-labelledby="my-wg-invitations-title" data-testid="my-workgroup-invitations">
          <h3 class="tg-group-title" id="my-wg-invitations-title">
            {t('myGroups.workgroupInvitations')} <span class="tg-muted">{d.workgroupInvitations.length}</span>
          </h3>
          <ul class="tg-list">
            {d.workgroupInvitations.map((inv) => (
              <li class="tg-list-row" key={inv.group.id} data-testid={`my-workgroup-invitation-${inv.group.id}`}>
                <span class="tg-list-main">
                  <span class="tg-list-name">{inv.group.name}</span>
                  <span class="tg-muted tg-small">{t('myGroups.workgroupInvitationText', { workgroup: inv.workgroup.name })}</span>
                </span>
                <PortalLink url={inv.workgroup.url} button testId={`my-workgroup-open-${inv.group.id}`}>
                  {t('myGroups.openInBitrix24')}
                </PortalLink>
              </li>
            ))}
          </ul>
        </section>
      )}

      <GroupTiles title={t('myGroups.current')} groups={d.current} testId="my-current" onOpen={props.onOpen} note={(g) => windowText(t, lang, g.accessStartsOn, g.accessEndsOn)} />
      <GroupTiles
        title={t('myGroups.upcoming')}
        groups={d.upcoming}
        testId="my-upcoming"
        onOpen={props.onOpen}
        note={(g) => (g.accessStartsOn ? t('myGroups.opensOn', { day: formatDay(lang, g.accessStartsOn) }) : windowText(t, lang, g.accessStartsOn, g.accessEndsOn))}
      />
      {d.current.length === 0 && d.upcoming.length === 0 && (
        <p class="tg-placeholder" data-testid="my-groups-none-yet">
          {t('myGroups.noneYet')}
        </p>
      )}
    </div>
  );
}

function GroupTiles(props: { title: string; groups: MyGroup[]; testId: string; onOpen: (group: MyGroup) => void; note: (group: MyGroup) => string }) {
  const { t } = useI18n();
  if (props.groups.length === 0) return null;
  return (
    <section aria-labelledby={`${props.testId}-title`} data-testid={props.testId}>
      <h3 class="tg-group-title" id={`${props.testId}-title`}>
        {props.title} <span class="tg-muted">{props.groups.length}</span>
      </h3>
      <div class="tg-tiles">
        {props.groups.map((g) => (
          <article class="tg-tile" key={g.id} data-testid={`my-group-${g.id}`} aria-labelledby={`my-group-title-${g.id}`}>
            <div class="tg-tile-kind">
              <span>{t('myGroups.kind')}</span>
            </div>
            <h4 class="tg-tile-title" id={`my-group-title-${g.id}`}>
              <button type="button" class="tg-tile-link" data-testid={`my-group-open-${g.id}`} onClick={() => props.onOpen(g)}>
                {g.name}
              </button>
            </h4>
            {g.description && <p class="tg-tile-text">{g.description}</p>}
            <p class="tg-tile-meta">
              {props.note(g)} · {t('myGroups.contentCount', { n: g.content.length })}
            </p>
          </article>
        ))}
      </div>
    </section>
  );
}
