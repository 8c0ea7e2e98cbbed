import { EmptyState } from '../../../components/empty-state';
import { useI18n } from '../../../i18n/i18n';
import { useCatalogNav } from '../catalog-route';
import { DemoPackLoader } from './demo-pack-loader';

/**
 * Nothing in the catalog yet. An admin can fill it with the demo pack or create content; a
 * moderator can create content; everyone else is told plainly that nothing is published yet.
 */
export function CatalogEmpty(props: { canAuthor: boolean; onLoaded: () => void }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  if (nav.role === 'admin') {
    return (
      <EmptyState testId="catalog-empty" title={t('catalog.empty.title')} hint={t('catalog.empty.adminHint')}>
        <DemoPackLoader onLoaded={props.onLoaded} />
        <p class="tg-empty-or">
          <button type="button" class="tg-btn tg-btn-link" data-testid="catalog-empty-manage" onClick={() => nav.go({ view: 'manage' })}>
            {t('catalog.empty.createOwn')}
          </button>
        </p>
      </EmptyState>
    );
  }
  if (props.canAuthor) {
    return (
      <EmptyState testId="catalog-empty" title={t('catalog.empty.title')} hint={t('catalog.empty.moderatorHint')}>
        <div class="tg-actions tg-actions-center">
          <button type="button" class="tg-btn tg-btn-primary" data-testid="catalog-empty-manage" onClick={() => nav.go({ view: 'manage' })}>
            {t('catalog.manage.open')}
          </button>
        </div>
      </EmptyState>
    );
  }
  return <EmptyState testId="catalog-empty" title={t('catalog.empty.title')} hint={t('catalog.empty.hint')} />;
}
