import type { CatalogRoute } from '../catalog/catalog-route';
import type { MyGroup } from '../groups/groups-types';
import { useI18n } from '../../i18n/i18n';
import { MyGroupContent } from '../my-groups/my-group-view';

/** The training group of this workgroup, as its members see it: window, description, courses and tests. */
export function TabGroup(props: { group: MyGroup; manager: boolean; onOpen: (route: CatalogRoute) => void }) {
  const { t } = useI18n();
  return (
    <div data-testid="group-tab-group" data-group-id={props.group.id}>
      <MyGroupContent group={props.group} onOpen={props.onOpen} />
      {props.manager && (
        <p class="tg-muted tg-small tg-tab-note" data-testid="group-tab-manager-note">
          {t('groupTab.managerNote')}
        </p>
      )}
    </div>
  );
}
