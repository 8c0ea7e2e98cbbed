import { ApiError } from '../../api';
import { apiErrorText } from '../../components/api-error-text';
import type { Translate } from '../../i18n/i18n';
import type { Lang, MessageKey } from '../../i18n/messages';
import type { Day, JoinMethod } from './groups-types';

/** A calendar day in the reader's language ("12 May 2026"); the day is the same everywhere (no time zone shift). */
export function formatDay(lang: Lang, day: Day): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** "1 Mar 2026 – 31 Mar 2026", "from 1 Mar 2026", "until 31 Mar 2026", or "no time limit". */
export function windowText(t: Translate, lang: Lang, starts: Day | null, ends: Day | null): string {
  if (starts && ends) return t('groups.window.between', { from: formatDay(lang, starts), to: formatDay(lang, ends) });
  if (starts) return t('groups.window.from', { from: formatDay(lang, starts) });
  if (ends) return t('groups.window.until', { to: formatDay(lang, ends) });
  return t('groups.window.open');
}

export const WINDOW_STATE: Record<string, MessageKey> = {
  before: 'groups.window.state.before',
  open: 'groups.window.state.open',
  after: 'groups.window.state.after',
};

/** Nouns after a number, in each language's plural forms (Russian has three). */
export type GroupCounted = 'participants' | 'invited' | 'items' | 'people' | 'entries' | 'groups' | 'plans';

export function countOf(t: Translate, lang: Lang, noun: GroupCounted, n: number): string {
  const form = new Intl.PluralRules(lang).select(n);
  const known = form === 'one' || form === 'few' || form === 'many' ? form : 'other';
  return t(`groups.count.${noun}.${known}` as MessageKey, { n });
}

/** What joining means for this caller and this group, said before anything is sent. */
export function joinMethodText(t: Translate, method: Pick<JoinMethod, 'method' | 'via'>): { title: string; why: string } {
  if (method.method === 'add') {
    return { title: t('groups.join.add'), why: method.via === 'bitrix24' ? t('groups.join.addLinkedWhy') : t('groups.join.addWhy') };
  }
  if (method.method === 'invite') return { title: t('groups.join.invite'), why: t('groups.join.inviteLinkedWhy') };
  return { title: t('groups.join.invite'), why: t('groups.join.appInvitationWhy') };
}

/**
 * A failed request in the reader's words where we know the code (the server's message is English),
 * the server's message otherwise.
 */
const KNOWN: Record<string, MessageKey> = {
  B24_TOKEN_REQUIRED: 'groups.error.B24_TOKEN_REQUIRED',
  B24_TOKEN_EXPIRED: 'groups.error.B24_TOKEN_EXPIRED',
  B24_TOKEN_MISMATCH: 'groups.error.B24_TOKEN_MISMATCH',
  B24_BUSY: 'groups.error.B24_BUSY',
  NOT_WORKGROUP_MANAGER: 'groups.error.NOT_WORKGROUP_MANAGER',
  NOT_GROUP_MANAGER: 'groups.error.NOT_GROUP_MANAGER',
  WORKGROUP_ALREADY_LINKED: 'groups.error.WORKGROUP_ALREADY_LINKED',
  READ_ONLY_WHILE_LINKED: 'groups.error.READ_ONLY_WHILE_LINKED',
  LINKED_REMOVE_ADMIN_ONLY: 'groups.error.LINKED_REMOVE_ADMIN_ONLY',
  LINKED_WITHDRAW_ADMIN_ONLY: 'groupsGaps.error.LINKED_WITHDRAW_ADMIN_ONLY',
  INVITATION_CLOSED: 'groups.error.INVITATION_CLOSED',
  EDIT_CONFLICT: 'groups.error.EDIT_CONFLICT',
  FORBIDDEN: 'groups.error.FORBIDDEN',
  NOT_FOUND: 'groups.error.NOT_FOUND',
};

export function groupsErrorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    const key = KNOWN[error.code];
    if (key) return t(key);
    // Bitrix24's own refusal: its reason is the useful part.
    if (error.code === 'B24_REFUSED' || error.code === 'B24_ERROR') return t('groups.error.B24_REFUSED', { reason: error.message });
  }
  return apiErrorText(t, error);
}

/** Initials for an avatar: "Olga Smirnova" -> "OS". */
export function initialsOf(name: string): string {
  const letters = name
    .replace(/^#/, '')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0] ?? '')
    .join('');
  return letters.slice(0, 2).toUpperCase() || '?';
}

/** Today as a calendar day in the reader's time zone (the default start of a new group's window). */
export function todayDay(now: Date = new Date()): Day {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

const AUDIT_WORDS = {
  action: ['added', 'invited', 'joined', 'accepted', 'declined', 'cancelled', 'removed', 'left', 'ended-inactive', 'refused', 'withdrawn'],
  method: ['add', 'invite', 'app-invitation', 'sync', 'remove', 'answer', 'people-pass', 'delete-group', 'rule'],
  source: ['manual', 'workgroup', 'invitation', 'rule'],
} as const;

/** The words for one field of an audit entry; null for a value this client does not know (shown as sent). */
export function auditLabel(field: keyof typeof AUDIT_WORDS, value: string): MessageKey | null {
  return (AUDIT_WORDS[field] as readonly string[]).includes(value) ? (`groups.audit.${field}.${value}` as MessageKey) : null;
}
