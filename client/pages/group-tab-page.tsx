import './catalog/catalog.css';
import './groups/groups.css';
import { useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../api';
import type { Role } from '../boot';
import { useResource } from '../components/use-resource';
import { useI18n } from '../i18n/i18n';
import { catalogClient } from './catalog/catalog-client';
import { CatalogNavContext, type CatalogNav, type CatalogRoute } from './catalog/catalog-route';
import { groupsClient } from './groups/groups-client';
import { LoadBlock } from './groups/groups-parts';
import { ContentScreen } from './my-groups/my-groups-section';
import { TabCreate } from './group-tab/tab-create';
import { TabGroup } from './group-tab/tab-group';
import { TabNothing } from './group-tab/tab-nothing';

/**
 * The "Training" tab inside a workgroup (SONET_GROUP_DETAIL_TAB). Its members see the training group
 * linked to the workgroup and open its courses and tests right here; admins and moderators are
 * offered to create one from it (Bitrix24 then decides whether they own or moderate it); anyone
 * else is told plainly that there is nothing for them.
 */
export function GroupTabPage(props: { groupId: string | undefined; api: ApiClient; role: Role }) {
  const { t } = useI18n();
  const workgroupId = Number(props.groupId);
  const groups = useMemo(() => groupsClient(props.api), [props.api]);
  const catalog = useMemo(() => catalogClient(props.api), [props.api]);
  const valid = Number.isInteger(workgroupId) && workgroupId > 0;
  const tab = useResource(() => (valid ? groups.workgroupTab(workgroupId) : Promise.resolve(null)), [workgroupId]);
  const [content, setContent] = useState<CatalogRoute | null>(null);
  const data = tab.state.data;
  const name = data?.myGroup?.name ?? data?.group?.name;

  const nav = useMemo<CatalogNav>(
    () => ({ client: catalog, role: props.role, homeLabel: name ?? t('groupTab.title'), go: (next) => setContent(next.view === 'list' ? null : next) }),
    [catalog, props.role, name],
  );

  let body;
  if (!valid || (tab.state.status === 'ready' && !data)) body = <TabNothing />;
  else if (!data) body = <LoadBlock resource={tab.state} reload={tab.reload} testId="group-tab" />;
  else if (content) {
    body = (
      <CatalogNavContext.Provider value={nav}>
        <div key={JSON.stringify(content)}>
          <ContentScreen route={content} />
        </div>
      </CatalogNavContext.Provider>
    );
  } else if (data.state === 'member' || data.state === 'manager') body = <TabGroup api={props.api} reply={data} onOpen={setContent} />;
  else if (data.state === 'can-create') body = <TabCreate client={groups} workgroupId={workgroupId} onCreated={tab.reload} />;
  else body = <TabNothing />;

  return (
    <main class="tg-shell tg-shell-tab" data-testid="group-tab" data-group-id={props.groupId ?? ''} data-state={data?.state ?? ''}>
      <section class="tg-card tg-catalog">{body}</section>
    </main>
  );
}
