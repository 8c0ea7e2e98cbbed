import { useState } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import { Chip } from '../../catalog/view-parts';
import { CardSection } from '../groups-parts';
import { useGroupsNav } from '../groups-route';
import type { ContentRef, GroupCard } from '../groups-types';
import { ContentPicker } from './content-picker';
import { RowConfirm, useRowAction } from './row-confirm';

const keyOf = (c: Pick<ContentRef, 'kind' | 'id'>) => `${c.kind}-${c.id}`;

/** The courses and tests attached to the group (closed to everyone else), attached and detached here. */
export function ContentSection(props: { group: GroupCard; onChange: (content: ContentRef[]) => void }) {
  const { t } = useI18n();
  const nav = useGroupsNav();
  const g = props.group;
  const [picking, setPicking] = useState(false);
  const detach = useRowAction(async (item: ContentRef) => props.onChange((await nav.client.detach(g.id, item.kind, item.id)).content));

  return (
    <CardSection
      id="group-content-title"
      testId="group-content"
      title={t('groups.content.title')}
      count={String(g.content.length)}
      opener={g.rights.attachContent && !picking ? { label: t('groups.content.attach'), testId: 'content-attach-open', onOpen: () => setPicking(true) } : null}
    >
      <p class="tg-muted tg-small tg-intro">{t('groups.content.intro')}</p>
      {picking && <ContentPicker group={g} onChange={props.onChange} onClose={() => setPicking(false)} />}
      {g.content.length === 0 ? (
        <p class="tg-placeholder" data-testid="content-empty">
          {g.rights.attachContent ? t('groups.content.emptyManager') : t('groups.content.empty')}
        </p>
      ) : (
        <ul class="tg-list" data-testid="content-list">
          {g.content.map((item) => (
            <li class="tg-list-row" key={keyOf(item)} data-testid={`content-${keyOf(item)}`}>
              <span class="tg-list-main">
                <span class="tg-list-name">{item.title}</span>
              </span>
              <span class="tg-chips">
                <Chip tone="topic">{item.kind === 'course' ? t('catalog.kind.course') : t('catalog.kind.test')}</Chip>
                {item.deleted && <Chip tone="danger">{t('groups.content.deleted')}</Chip>}
                {item.hiddenFromExtranet && g.isExtranet && <Chip tone="warning">{t('catalog.hiddenFromExtranet')}</Chip>}
              </span>
              {g.rights.attachContent && (!detach.target || keyOf(detach.target) !== keyOf(item)) && (
                <button type="button" class="tg-btn tg-btn-link tg-link-danger" data-testid={`content-detach-${keyOf(item)}`} aria-label={t('groups.content.detachLabel', { title: item.title })} onClick={() => detach.ask(item)}>
                  {t('groups.content.detach')}
                </button>
              )}
              {detach.target && keyOf(detach.target) === keyOf(item) && (
                <RowConfirm action={detach} item={item} testId="content-detach-confirm" title={t('groups.content.detachTitle', { title: item.title })} confirmLabel={t('groups.content.detach')}>
                  <p>{t('groups.content.detachText')}</p>
                </RowConfirm>
              )}
            </li>
          ))}
        </ul>
      )}
    </CardSection>
  );
}
