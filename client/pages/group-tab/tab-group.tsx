import type { ApiClient } from '../../api';
import { useI18n } from '../../i18n/i18n';
import type { CatalogRoute } from '../catalog/catalog-route';
import { ViewHeading } from '../catalog/view-parts';
import type { WorkgroupTabReply } from '../groups/groups-types';
import { MyGroupContent } from '../my-groups/my-group-view';
import { MyPlan } from '../my-groups/my-plan';

/**
 * The training group of this workgroup: to a participant, its window, description, courses and
 * tests, with their own plan in it; to a manager who is not a participant, its name and where it is managed.
 */
export function TabGroup(props: { api: ApiClient; reply: WorkgroupTabReply; onOpen: (route: CatalogRoute) => void }) {
  const { t } = useI18n();
  const { myGroup, group } = props.reply;
  const id = myGroup?.id ?? group?.id ?? 0;
  return (
    <div data-testid="group-tab-group" data-group-id={id}>
      {myGroup ? <MyGroupContent group={myGroup} onOpen={props.onOpen} plan={<MyPlan api={props.api} groupId={myGroup.id} />} /> : <ViewHeading testId="group-tab-name">{group?.name ?? ''}</ViewHeading>}
      {props.reply.state === 'manager' && (
        <p class="tg-alert tg-alert-info tg-tab-note" data-testid="group-tab-manager-note">
          {t('groupTab.managerNote')}
        </p>
      )}
    </div>
  );
}
