import fs from 'node:fs';
import path from 'node:path';
import { messages } from '../../client/i18n/messages';
import { pickLang, translator } from '../../client/i18n/i18n';

describe('UI messages', () => {
  const en = Object.keys(messages.en).sort();
  const ru = Object.keys(messages.ru).sort();

  it('has exactly the same keys in English and Russian', () => {
    expect(ru.filter((key) => !en.includes(key))).toEqual([]);
    expect(en.filter((key) => !ru.includes(key))).toEqual([]);
  });

  it('has no empty strings, and Russian that is really translated', () => {
    for (const lang of ['en', 'ru'] as const) {
      for (const [key, text] of Object.entries(messages[lang])) expect({ key, empty: String(text).trim() === '' }).toEqual({ key, empty: false });
    }
    // Every Russian message with words in it has Cyrillic (an English copy-paste would not).
    const untranslated = Object.entries(messages.ru).filter(([, text]) => /[a-z]{3}/i.test(text) && !/[а-яё]/i.test(text));
    expect(untranslated).toEqual([]);
  });

  it('uses the same {placeholders} in both languages', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of en) {
      const k = key as keyof typeof messages.en;
      expect({ key, ru: placeholders(messages.ru[k]) }).toEqual({ key, ru: placeholders(messages.en[k]) });
    }
  });

  it('fills placeholders and falls back to English for other languages', () => {
    expect(translator('ru')('settings.moderators.removeConfirm', { name: 'Анна' })).toBe('Убрать Анна из модераторов?');
    expect(pickLang('de')).toBe('en');
    expect(pickLang('ua')).toBe('ru');
    expect(pickLang(undefined)).toBe('en');
  });

  it('names in the client only keys that exist', () => {
    // Keys written out literally in the client (t('...') and MessageKey-typed constants).
    const root = path.join(__dirname, '../../client');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && !full.includes(`${path.sep}i18n${path.sep}`)) files.push(full);
      }
    };
    walk(root);
    const literal = /'((?:app|common|nav|role|frame|error|groups|catalog|myGroups|groupTab|settings|install|jobs)\.[A-Za-z_.]+)'/g;
    const used = new Set<string>();
    for (const file of files) for (const match of fs.readFileSync(file, 'utf8').matchAll(literal)) used.add(match[1] as string);
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((key) => !en.includes(key))).toEqual([]);
  });
});
