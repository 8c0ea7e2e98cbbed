import { render } from 'preact';
import './styles.css';
import { I18nProvider, pickLang, useI18n } from './i18n/i18n';

interface Boot {
  view: string;
  lang?: string;
}

function Shell() {
  const { t } = useI18n();
  return (
    <main class="tg-shell" data-testid="app-shell">
      <header class="tg-header">
        <h1 class="tg-title">{t('app.title')}</h1>
      </header>
      <section class="tg-card">
        <p class="tg-muted">{t('app.tagline')}</p>
      </section>
    </main>
  );
}

const boot = ((window as unknown as { __BOOT__?: Boot }).__BOOT__ ?? { view: 'app' }) as Boot;
const lang = pickLang(boot.lang ?? new URLSearchParams(location.search).get('LANG'));
document.documentElement.lang = lang;
render(
  <I18nProvider lang={lang}>
    <Shell />
  </I18nProvider>,
  document.getElementById('app') as HTMLElement,
);
