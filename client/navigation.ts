import type { Role } from './boot';
import type { MessageKey } from './i18n/messages';

/** The app's sections, and which roles see which (the server enforces the same on every API call). */
export type PageKey = 'groups' | 'catalog' | 'myGroups' | 'settings';

export const PAGES_BY_ROLE: Record<Role, readonly PageKey[]> = {
  admin: ['groups', 'catalog', 'myGroups', 'settings'],
  moderator: ['groups', 'catalog', 'myGroups'],
  employee: ['catalog', 'myGroups'],
  extranet: ['catalog', 'myGroups'],
};

export const PAGE_LABEL: Record<PageKey, MessageKey> = {
  groups: 'nav.groups',
  catalog: 'nav.catalog',
  myGroups: 'nav.myGroups',
  settings: 'nav.settings',
};

/** Stable names for tests and element ids: nav-<slug>, page-<slug>. */
export const PAGE_SLUG: Record<PageKey, string> = {
  groups: 'groups',
  catalog: 'catalog',
  myGroups: 'my-groups',
  settings: 'settings',
};

export function pagesFor(role: Role): readonly PageKey[] {
  return PAGES_BY_ROLE[role] ?? PAGES_BY_ROLE.employee;
}
