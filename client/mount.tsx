import { render, type ComponentChildren } from 'preact';
import { markFramed, readBoot, type Boot } from './boot';
import { I18nProvider, pickLang } from './i18n/i18n';

/**
 * Starts a page (the app or the installer): reads the boot data, sets the language, and renders
 * `page(boot)` over the static "Loading…" placeholder (Preact would render next to it, not over it).
 */
export function mountPage(page: (boot: Boot) => ComponentChildren): void {
  const boot = readBoot();
  const lang = pickLang(boot.lang);
  document.documentElement.lang = lang;
  markFramed();
  const container = document.getElementById('app') as HTMLElement;
  container.textContent = '';
  render(<I18nProvider lang={lang}>{page(boot)}</I18nProvider>, container);
}
