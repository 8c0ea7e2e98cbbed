import type { ComponentChildren } from 'preact';
import { useI18n } from '../../../i18n/i18n';
import { formatWhen } from '../../catalog/catalog-format';
import { countOf, joinMethodText, windowText } from '../groups-format';
import { PortalLink } from '../groups-parts';
import { personName, type GroupCard } from '../groups-types';

/** Every field of the group, read-only, in the portal's "label: value" card layout. */
export function GroupFacts(props: { group: GroupCard }) {
  const { t, lang } = useI18n();
  const g = props.group;
  const method = joinMethodText(t, g.joinMethod);
  return (
    <dl class="tg-facts" data-testid="group-facts">
      <Fact label={t('groups.form.description')} testId="fact-description">
        {g.description ? <span class="tg-pre">{g.description}</span> : <span class="tg-muted">{t('groups.card.noDescription')}</span>}
      </Fact>
      <Fact label={t('groups.card.window')} testId="fact-window">
        {windowText(t, lang, g.accessStartsOn, g.accessEndsOn)}
      </Fact>
      <Fact label={t('groups.card.participants')} testId="fact-participants">
        {countOf(t, lang, 'participants', g.counts.active)}
        {g.counts.invited > 0 && `, ${countOf(t, lang, 'invited', g.counts.invited)}`}
      </Fact>
      <Fact label={t('groups.card.content')} testId="fact-content">
        {g.content.length === 0 ? <span class="tg-muted">{t('groups.card.noContent')}</span> : g.content.map((c) => c.title).join(', ')}
      </Fact>
      <Fact label={t('groups.join.label')} testId="fact-join-method">
        <strong data-method={g.joinMethod.method}>{method.title}</strong>
        <span class="tg-muted tg-block tg-small">{method.why}</span>
      </Fact>
      <Fact label={t('groups.card.workgroup')} testId="fact-workgroup">
        {g.workgroup ? (
          <>
            {g.workgroup.state === 'linked' ? (
              <PortalLink url={g.workgroup.url} testId="group-workgroup-link">
                {g.workgroup.name}
              </PortalLink>
            ) : (
              <span>{g.workgroup.name}</span>
            )}
            <span class="tg-muted tg-block tg-small">
              {g.workgroup.state === 'linked'
                ? g.sync?.lastSyncedAt
                  ? t('groups.card.syncedAt', { when: formatWhen(lang, g.sync.lastSyncedAt) })
                  : t('groups.card.neverSynced')
                : t('groups.card.unlinkedAt', { when: g.workgroup.unlinkedAt ? formatWhen(lang, g.workgroup.unlinkedAt) : '—' })}
            </span>
          </>
        ) : (
          <span class="tg-muted">{t('groups.card.notLinked')}</span>
        )}
      </Fact>
      {g.createdBy && (
        <Fact label={t('groups.card.createdBy')} testId="fact-created-by">
          {personName(g.createdBy)}
        </Fact>
      )}
    </dl>
  );
}

function Fact(props: { label: string; children: ComponentChildren; testId: string }) {
  return (
    <div class="tg-fact" data-testid={props.testId}>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}
