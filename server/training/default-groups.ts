import type { Level } from './group-plan';
import { DEFAULT_SETTINGS, type TrainingSettings } from './training-settings-repository';

/**
 * The three groups every portal starts with (seed 000 "Default groups", PRODUCT.md section 3):
 * what they are called and what they hold. Pure data and rules; default-groups-service.ts writes them.
 *
 * The numbers and names live in app.config.json (defaults.defaultGroups); the "intended staff"
 * texts of seed 000 live here, in English and Russian, keyed like the manifest's groups. Both
 * languages are stored, since the screens show the viewer's language.
 */

export interface DefaultGroupDefinition {
  key: string;
  name: { en: string; ru: string };
  maxLevel: Level;
  minutesPerWeek: number;
  thresholdPercent: number;
}

export const INTENDED_STAFF: Record<string, { en: string; ru: string }> = {
  low: {
    en: [
      'This level is recommended for employees with limited access to corporate IT systems:',
      '- blue-collar workers',
      '- drivers',
      '- secretaries',
      '- call center staff',
      '- designers',
      '- business trainers, etc.',
    ].join('\n'),
    ru: [
      'Этот уровень рекомендуется для сотрудников с ограниченным доступом к корпоративным ИТ-системам:',
      '- рабочие',
      '- водители',
      '- секретари',
      '- операторы колл-центра',
      '- дизайнеры',
      '- бизнес-тренеры и т. п.',
    ].join('\n'),
  },
  average: {
    en: [
      "This level is recommended for specialists whose work is on the corporate network, but who don't have access to confidential information:",
      '- editors',
      '- marketing specialists',
      '- engineers',
      '- project managers',
      '- cashiers',
    ].join('\n'),
    ru: [
      'Этот уровень рекомендуется для специалистов, которые работают в корпоративной сети, но не имеют доступа к конфиденциальной информации:',
      '- редакторы',
      '- маркетологи',
      '- инженеры',
      '- руководители проектов',
      '- кассиры',
    ].join('\n'),
  },
  high: {
    en: [
      'This level is recommended for employees who work with confidential information and personal data, as well as have administrative access to their work computers and other corporate systems:',
      '- support team staff',
      '- lawyers',
      '- programmers',
      '- doctors',
      '- accountants',
      '- HR specialists',
      '- IT specialists',
    ].join('\n'),
    ru: [
      'Этот уровень рекомендуется для сотрудников, которые работают с конфиденциальной информацией и персональными данными, а также имеют права администратора на своих рабочих компьютерах и в других корпоративных системах:',
      '- сотрудники службы поддержки',
      '- юристы',
      '- программисты',
      '- врачи',
      '- бухгалтеры',
      '- HR-специалисты',
      '- ИТ-специалисты',
    ].join('\n'),
  },
};

/**
 * Bitrix24 cloud zones whose portals speak Russian by default (bitrix24.ru, .by, .kz, .ua; a portal
 * on its own domain in those zones too).
 */
const RUSSIAN_ZONES = ['ru', 'by', 'kz', 'ua', 'su', 'xn--p1ai'];

/**
 * The language of the default groups' names. One name per group is stored (a group's name is
 * plain text that its managers edit), yet at install the portal's language is not known: the
 * setup call carries no language, and `app.info`'s LANGUAGE_ID would cost a Bitrix24 round trip
 * that can fail. The portal's domain zone is known, stable and the same for every path that
 * creates the groups (the wizard, and the one-off migration for earlier portals): a Russian-zone
 * portal gets Russian names, every other portal English ones. A wrong guess is one rename away.
 */
export function nameLanguageOf(domain: string): 'en' | 'ru' {
  const host = domain.toLowerCase().replace(/:\d+$/, '');
  const zone = host.split('.').pop() ?? '';
  return RUSSIAN_ZONES.includes(zone) ? 'ru' : 'en';
}

/** The settings a default group is created with: the manifest's numbers, all topics up to its level, both staff texts. */
export function defaultGroupSettings(definition: DefaultGroupDefinition): TrainingSettings {
  return {
    ...DEFAULT_SETTINGS,
    minutesPerWeek: definition.minutesPerWeek,
    thresholdPercent: definition.thresholdPercent,
    program: { allTopicsUpTo: definition.maxLevel },
    intendedStaff: INTENDED_STAFF[definition.key] ?? { en: '', ru: '' },
  };
}

/** The definitions still to create: those whose key the portal has never had (a deleted default group keeps its key). */
export function missingDefaults<T extends { key: string }>(definitions: readonly T[], existingKeys: readonly string[]): T[] {
  const existing = new Set(existingKeys);
  return definitions.filter((definition) => !existing.has(definition.key));
}
