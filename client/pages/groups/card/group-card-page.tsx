import { useState } from 'preact/hooks';
import { useResource } from '../../../components/use-resource';
import { useI18n } from '../../../i18n/i18n';
import { Chip, ViewHeading } from '../../catalog/view-parts';
import { countOf, WINDOW_STATE } from '../groups-format';
import { Crumbs, LoadBlock } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import type { GroupCard } from '../groups-types';
import { AuditSection } from './audit-section';
import { ContentSection } from './content-section';
import { GroupActions, type CardPanel } from './group-actions';
import { GroupDelete } from './group-delete';
import { GroupEdit } from './group-edit';
import { GroupFacts } from './group-facts';
import { GroupUnlink } from './group-unlink';
import { InvitationsSection } from './invitations-section';
import { ParticipantsSection } from './participants-section';
import { SyncStatus } from './sync-status';
import { TrainingSection } from './training-section';
import { TrainingSettingsSection } from './training/training-settings-section';

/**
 * A training group's card: every field (name, description, access window, participants,
 * courses and tests, how people join, the linked workgroup), and what the caller may do with it.
 * The buttons mirror `rights` from the server, which checks each action again.
 */
export function GroupCardPage(props: { groupId: number; created: boolean }) {
  const { t, lang } = useI18n();
  const nav = useGroupsNav();
  const card = useResource(() => nav.client.card(props.groupId), [props.groupId]);
  const [panel, setPanel] = useState<CardPanel>(null);
  const [editing, setEditing] = useState(false);
  // Bumped after every change of membership, so the lists below read again.
  const [revision, setRevision] = useState(0);
  const [syncJob, setSyncJob] = useState<number | null>(null);
  const g = card.state.data;
  const back = { label: t('groups.backToList'), onClick: () => nav.go({ view: 'list' }) };
  if (!g) return <LoadBlock resource={card.state} reload={card.reload} testId="group-card" back={back} />;

  const replace = (next: GroupCard) => card.set(next);
  const changed = () => setRevision((n) => n + 1);
  const refresh = () => {
    card.reload();
    changed();
  };
  const jobId = syncJob ?? g.sync?.jobId ?? null;
  const tone = g.window === 'open' ? 'success' : g.window === 'before' ? 'topic' : 'muted';

  return (
    <div class="tg-view tg-group-card" data-testid="group-card" data-group-id={g.id} aria-busy={card.state.status === 'loading'}>
      <Crumbs trail={[{ label: t('nav.groups'), onClick: back.onClick, testId: 'crumb-groups' }]} current={g.name} />
      {props.created && (
        <p class="tg-alert tg-alert-success" role="status" data-testid="group-created">
          {g.workgroup ? t('groups.card.createdLinked') : t('groups.card.created')}
        </p>
      )}
      {card.state.status === 'error' && <LoadBlock resource={card.state} reload={card.reload} testId="group-card" />}
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="group-name">{g.name}</ViewHeading>
          <p class="tg-chips tg-view-meta">
            <Chip tone={tone} testId="group-window-state">
              {t(WINDOW_STATE[g.window] ?? 'groups.window.state.open')}
            </Chip>
            {g.isExtranet && <Chip tone="warning">{t('groups.extranet')}</Chip>}
            <span class="tg-muted">
              {countOf(t, lang, 'participants', g.counts.active)}
              {g.counts.invited > 0 && ` · ${countOf(t, lang, 'invited', g.counts.invited)}`} · {countOf(t, lang, 'items', g.counts.content)}
            </span>
          </p>
        </div>
        <GroupActions group={g} panel={panel} onPanel={setPanel} editing={editing} onEdit={() => setEditing(true)} onSyncStarted={setSyncJob} />
      </div>

      {g.workgroup?.state === 'unlinked-by-bitrix24' && (
        <div class="tg-alert tg-alert-warning" role="status" data-testid="group-unlinked-by-bitrix24">
          <div>
            <strong>{t('groups.card.unlinkedTitle')}</strong>
            <p>{t('groups.card.unlinkedText', { name: g.workgroup.name })}</p>
          </div>
        </div>
      )}
      <SyncStatus group={g} jobId={jobId} onFinished={refresh} />

      {panel === 'delete' && <GroupDelete group={g} onCancel={() => setPanel(null)} />}
      {panel === 'unlink' && (
        <GroupUnlink
          group={g}
          onCancel={() => setPanel(null)}
          onDone={(next) => {
            replace(next);
            setPanel(null);
          }}
        />
      )}
      {editing ? (
        <GroupEdit group={g} onSaved={replace} onClose={() => setEditing(false)} />
      ) : (
        <GroupFacts group={g} />
      )}

      <ContentSection group={g} onChange={(content) => replace({ ...g, content, counts: { ...g.counts, content: content.length } })} />
      <TrainingSettingsSection group={g} />
      <TrainingSection group={g} />
      <ParticipantsSection group={g} revision={revision} onChanged={refresh} />
      <InvitationsSection group={g} revision={revision} onChanged={refresh} />
      {g.rights.viewAudit && <AuditSection group={g} revision={revision} />}
    </div>
  );
}
