import type { ComponentChildren } from 'preact';
import type { ApiClient } from '../../api';
import { useI18n } from '../../i18n/i18n';
import { formatMinutes, plainText } from '../catalog/catalog-format';
import type { CatalogRoute } from '../catalog/catalog-route';
import { Chip, ViewHeading } from '../catalog/view-parts';
import { formatDay, windowText } from '../groups/groups-format';
import { Crumbs } from '../groups/groups-parts';
import type { MyGroup } from '../groups/groups-types';
import { MyPlan } from './my-plan';

/**
 * One of the learner's groups: its access window and the courses and tests it opens, each on the
 * catalog's own screen. Before the window opens they are listed, not yet openable. Above them, the
 * learner's own plan in the group: due this week, next, the end date.
 */
export function MyGroupView(props: { api: ApiClient; group: MyGroup; onBack: () => void; onOpen: (route: CatalogRoute) => void }) {
  const { t } = useI18n();
  return (
    <div class="tg-view" data-testid="my-group" data-group-id={props.group.id}>
      <Crumbs trail={[{ label: t('nav.myGroups'), onClick: props.onBack, testId: 'crumb-my-groups' }]} current={props.group.name} />
      <MyGroupContent group={props.group} onOpen={props.onOpen} plan={<MyPlan api={props.api} groupId={props.group.id} />} />
    </div>
  );
}

/** The group's heading, window, description and content tiles (also the workgroup tab's body). */
export function MyGroupContent(props: { group: MyGroup; onOpen: (route: CatalogRoute) => void; plan?: ComponentChildren }) {
  const { t, lang } = useI18n();
  const g = props.group;
  const open = g.window === 'open';
  return (
    <>
      <div class="tg-view-head">
        <div class="tg-view-head-main">
          <ViewHeading testId="my-group-name">{g.name}</ViewHeading>
          <p class="tg-muted tg-view-meta">{windowText(t, lang, g.accessStartsOn, g.accessEndsOn)}</p>
        </div>
      </div>
      {g.description && <p class="tg-pre tg-group-description">{g.description}</p>}
      {!open && g.accessStartsOn && (
        <p class="tg-alert tg-alert-info" data-testid="my-group-not-yet">
          {t('myGroups.notYet', { day: formatDay(lang, g.accessStartsOn) })}
        </p>
      )}
      {props.plan}
      <h3 class="tg-group-title">
        {t('myGroups.content')} <span class="tg-muted">{g.content.length}</span>
      </h3>
      {g.content.length === 0 ? (
        <p class="tg-placeholder" data-testid="my-group-no-content">
          {t('myGroups.noContent')}
        </p>
      ) : (
        <div class="tg-tiles" data-testid="my-group-content">
          {g.content.map((item) => {
            const route: CatalogRoute = item.kind === 'course' ? { view: 'course', courseId: item.id } : { view: 'test', testId: item.id };
            return (
              <article class="tg-tile" key={`${item.kind}-${item.id}`} data-testid={`my-content-${item.kind}-${item.id}`}>
                <div class="tg-tile-kind">
                  <span>{item.kind === 'course' ? t('catalog.kind.course') : t('catalog.kind.test')}</span>
                  {!open && <Chip>{t('myGroups.soon')}</Chip>}
                </div>
                <h4 class="tg-tile-title">
                  {open ? (
                    <button type="button" class="tg-tile-link" data-testid={`my-content-open-${item.kind}-${item.id}`} onClick={() => props.onOpen(route)}>
                      {item.title}
                    </button>
                  ) : (
                    item.title
                  )}
                </h4>
                {item.description && <p class="tg-tile-text">{plainText(item.description)}</p>}
                <p class="tg-tile-meta">{formatMinutes(t, item.estimatedMinutes)}</p>
              </article>
            );
          })}
        </div>
      )}
    </>
  );
}
