import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { messages, type Lang, type MessageKey } from './messages';

/** Bitrix24 sends its UI language (LANG); anything we do not translate falls back to English. */
export function pickLang(lang: string | null | undefined): Lang {
  const code = (lang ?? '').toLowerCase().slice(0, 2);
  return code === 'ru' || code === 'ua' || code === 'by' || code === 'kz' ? 'ru' : 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key, params) => {
    let text: string = messages[lang][key] ?? messages.en[key] ?? key;
    if (params) for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
    return text;
  };
}

const I18nContext = createContext<{ lang: Lang; t: Translate }>({ lang: 'en', t: translator('en') });

export function I18nProvider(props: { lang: Lang; children: ComponentChildren }) {
  return <I18nContext.Provider value={{ lang: props.lang, t: translator(props.lang) }}>{props.children}</I18nContext.Provider>;
}

export function useI18n() {
  return useContext(I18nContext);
}
