/**
 * Strings of the default groups' install step and the group card's "Training settings" section
 * (issue 10 parts 1 and 2), in English and Russian. Spread into messages.ts.
 */
export const defaultsUiMessages = {
  en: {
    'install.step.groups': 'Create the default training groups',
  },
  ru: {
    'install.step.groups': 'Создание учебных групп по умолчанию',
  },
} as const;
