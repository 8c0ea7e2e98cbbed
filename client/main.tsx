import { render } from 'preact';
import './styles.css';
import { App } from './app';
import { markFramed, readBoot } from './boot';
import { ErrorPage } from './components/error-page';
import { I18nProvider, pickLang } from './i18n/i18n';

const boot = readBoot();
const lang = pickLang(boot.lang);
document.documentElement.lang = lang;
markFramed();
const container = document.getElementById('app') as HTMLElement;
// The static "Loading…" placeholder goes: Preact would render next to it, not over it.
container.textContent = '';

function Root() {
  if (boot.view === 'app') return <App boot={boot} />;
  if (boot.view === 'error') return <ErrorPage error={boot.error} />;
  // The install boot belongs to install.html; arriving here means a wrong URL was configured.
  return <ErrorPage error={{ code: 'WRONG_PAGE', message: 'This page expected the app, not the installer.' }} />;
}

render(
  <I18nProvider lang={lang}>
    <Root />
  </I18nProvider>,
  container,
);
