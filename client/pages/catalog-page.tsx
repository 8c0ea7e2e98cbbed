import { EmptyState } from '../components/empty-state';
import { useI18n } from '../i18n/i18n';

/** The catalog of courses and materials (everyone). Filled in a later issue. */
export function CatalogPage() {
  const { t } = useI18n();
  return <EmptyState testId="catalog-empty" title={t('catalog.empty.title')} hint={t('catalog.empty.hint')} />;
}
