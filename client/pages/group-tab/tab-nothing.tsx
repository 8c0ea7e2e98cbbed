import { EmptyState } from '../../components/empty-state';
import { useI18n } from '../../i18n/i18n';
import type { WorkgroupTabReply } from '../groups/groups-types';

/** Nothing to show this person: said plainly, with the one reason that applies. */
export function TabNothing(props: { reply: WorkgroupTabReply }) {
  const { t } = useI18n();
  const r = props.reply;
  const hint =
    r.createRefusal === 'not-app-moderator'
      ? t('groupTab.nothing.notModerator')
      : r.createRefusal === 'not-workgroup-manager'
        ? t('groupTab.nothing.notWorkgroupManager')
        : t('groupTab.nothing.hint');
  return <EmptyState testId="group-tab-nothing" title={t('groupTab.nothing.title')} hint={hint} />;
}
