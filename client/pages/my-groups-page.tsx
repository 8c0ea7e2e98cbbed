import { EmptyState } from '../components/empty-state';
import { useI18n } from '../i18n/i18n';

/** The groups the user learns in, with their progress (everyone). Filled in a later issue. */
export function MyGroupsPage() {
  const { t } = useI18n();
  return <EmptyState testId="my-groups-empty" title={t('myGroups.empty.title')} hint={t('myGroups.empty.hint')} />;
}
