import { render } from 'preact';
import './styles.css';
import { I18nProvider, pickLang, useI18n } from './i18n/i18n';

function InstallPage() {
  const { t } = useI18n();
  return (
    <main class="tg-shell" data-testid="install-page">
      <h1 class="tg-title">{t('install.title')}</h1>
      <p class="tg-muted">{t('install.working')}</p>
    </main>
  );
}

const lang = pickLang(new URLSearchParams(location.search).get('LANG'));
document.documentElement.lang = lang;
render(
  <I18nProvider lang={lang}>
    <InstallPage />
  </I18nProvider>,
  document.getElementById('app') as HTMLElement,
);
