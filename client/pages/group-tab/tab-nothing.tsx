import { EmptyState } from '../../components/empty-state';
import { useI18n } from '../../i18n/i18n';

/** Nothing in this workgroup's tab for this person: said plainly, with what they could do about it. */
export function TabNothing() {
  const { t } = useI18n();
  return <EmptyState testId="group-tab-nothing" title={t('groupTab.nothing.title')} hint={t('groupTab.nothing.hint')} />;
}
