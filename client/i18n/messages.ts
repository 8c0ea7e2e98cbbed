/** Every string the UI shows, in English and Russian. Keys are grouped by screen. */
export const messages = {
  en: {
    'app.title': 'Training Groups',
    'app.loading': 'Loading…',
    'app.tagline': 'Organise who learns what, and follow their progress.',
    'nav.groups': 'Groups',
    'nav.catalog': 'Catalog',
    'nav.myGroups': 'My groups',
    'nav.settings': 'Settings',
    'install.title': 'Installing Training Groups',
    'install.working': 'Installing…',
  },
  ru: {
    'app.title': 'Учебные группы',
    'app.loading': 'Загрузка…',
    'app.tagline': 'Решайте, кто чему учится, и следите за прогрессом.',
    'nav.groups': 'Группы',
    'nav.catalog': 'Каталог',
    'nav.myGroups': 'Мои группы',
    'nav.settings': 'Настройки',
    'install.title': 'Установка «Учебных групп»',
    'install.working': 'Установка…',
  },
} as const;

export type Lang = keyof typeof messages;
export type MessageKey = keyof (typeof messages)['en'];
