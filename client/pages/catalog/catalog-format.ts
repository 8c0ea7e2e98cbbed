import type { Translate } from '../../i18n/i18n';
import type { Lang, MessageKey } from '../../i18n/messages';
import type { Level } from './catalog-types';

/** "45 min", "1 h", "1 h 20 min" (and in Russian "1 ч 20 мин"). */
export function formatMinutes(t: Translate, minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return t('catalog.minutes', { n: rest });
  if (rest === 0) return t('catalog.hours', { h: hours });
  return t('catalog.hoursMinutes', { h: hours, m: rest });
}

/** Nouns that follow a number, in each language's plural forms (Russian has three). */
export type Counted = 'units' | 'lessons' | 'questions' | 'attemptsLeft' | 'courses' | 'tests' | 'learners' | 'attempts';

/** "1 lesson", "3 lessons"; "1 урок", "3 урока", "5 уроков". */
export function countOf(t: Translate, lang: Lang, noun: Counted, n: number): string {
  const form = new Intl.PluralRules(lang).select(n);
  const known = form === 'one' || form === 'few' || form === 'many' ? form : 'other';
  return t(`catalog.count.${noun}.${known}` as MessageKey, { n });
}

export const LEVEL_LABEL: Record<Level, MessageKey> = {
  beginner: 'catalog.level.beginner',
  elementary: 'catalog.level.elementary',
  intermediate: 'catalog.level.intermediate',
  advanced: 'catalog.level.advanced',
};

/** A date and time in the reader's language, e.g. "12 May 2025, 14:03". */
export function formatWhen(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A file name from a title: letters (any alphabet) and digits joined by dashes. */
export function fileNameOf(title: string, fallback: string): string {
  const base = title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || fallback}.json`;
}

/** A Markdown description as one plain line for a card: no markup, links as their text. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`{1,3}/g, '')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/(\*\*|__|\*|_|~~)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
}
