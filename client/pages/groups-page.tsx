import { EmptyState } from '../components/empty-state';
import { useI18n } from '../i18n/i18n';

/** Training groups (admins and moderators). Creating and running groups comes in a later issue. */
export function GroupsPage() {
  const { t } = useI18n();
  return <EmptyState testId="groups-empty" title={t('groups.empty.title')} hint={t('groups.empty.hint')} />;
}
