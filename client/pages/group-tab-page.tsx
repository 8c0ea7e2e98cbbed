import { EmptyState } from '../components/empty-state';
import { useI18n } from '../i18n/i18n';

/** The "Training" tab inside a workgroup (SONET_GROUP_DETAIL_TAB). Linking comes in a later issue. */
export function GroupTabPage(props: { groupId: string | undefined }) {
  const { t } = useI18n();
  return (
    <main class="tg-shell tg-shell-tab" data-testid="group-tab" data-group-id={props.groupId ?? ''}>
      <section class="tg-card">
        <EmptyState testId="group-tab-empty" title={t('groupTab.empty.title')} hint={t('groupTab.empty.hint')} />
      </section>
    </main>
  );
}
