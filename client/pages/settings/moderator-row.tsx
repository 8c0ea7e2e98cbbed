import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n, type Translate } from '../../i18n/i18n';
import { keyOf, scopeOf, type Moderator } from './moderators-model';

/**
 * What a row's subject is: a department with or without its sub-departments; for a person what
 * Bitrix24 says they are (administrator, extranet user, no longer active, or an employee and
 * their position). `warn`: naming them changes nothing (an administrator) or nothing for now.
 */
export function subjectLabel(t: Translate, m: Moderator, isAdmin: boolean): { text: string; warn: boolean } {
  const scope = scopeOf(m);
  if (scope === 'department-tree') return { text: t('settings.moderators.typeDepartment'), warn: false };
  if (scope === 'department-only') return { text: t('settings.moderators.typeDepartmentOnly'), warn: false };
  if (isAdmin) return { text: t('settings.moderators.typeAdmin'), warn: true };
  if (m.person && !m.person.active) return { text: t('settings.moderators.typeInactive'), warn: true };
  const type = m.person?.userType === 'extranet' ? t('settings.moderators.typeExtranet') : t('settings.moderators.typeUser');
  return { text: m.person?.position ? `${type} · ${m.person.position}` : type, warn: false };
}

/** One moderator, with "Remove" that asks first (inline, so it stays inside the frame). */
export function ModeratorRow(props: { moderator: Moderator; isAdmin?: boolean; onRemove: () => void; disabled?: boolean }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  const remove = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const m = props.moderator;
  const key = keyOf(m);
  const label = subjectLabel(t, m, props.isAdmin === true);

  useEffect(() => {
    // Keyboard users land on the question's answer, and back on "Remove" when they cancel.
    if (confirming) yes.current?.focus();
    else if (wasConfirming.current) remove.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  return (
    <li class="tg-list-row" data-testid={`moderator-${key}`}>
      <span class={`tg-avatar tg-avatar-${m.subjectType}`} aria-hidden="true">
        {m.subjectType === 'user' ? initials(m.name) : <DepartmentIcon />}
      </span>
      <span class="tg-list-main">
        <span class="tg-list-name">{m.name}</span>
        <span class={`tg-small ${label.warn ? 'tg-warn-text' : 'tg-muted'}`} data-testid={`moderator-type-${key}`}>
          {label.text}
        </span>
      </span>
      {confirming ? (
        <span class="tg-confirm" role="group" aria-label={t('settings.moderators.removeConfirm', { name: m.name })} data-testid={`moderator-confirm-${key}`}>
          <span class="tg-confirm-text">{t('settings.moderators.removeConfirm', { name: m.name })}</span>
          <button
            ref={yes}
            type="button"
            class="tg-btn tg-btn-danger tg-btn-sm"
            data-testid={`moderator-confirm-yes-${key}`}
            onClick={() => {
              setConfirming(false);
              props.onRemove();
            }}
          >
            {t('settings.moderators.removeYes')}
          </button>
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </span>
      ) : (
        <button
          ref={remove}
          type="button"
          class="tg-btn tg-btn-link"
          aria-label={t('settings.moderators.removeLabel', { name: m.name })}
          data-testid={`moderator-remove-${key}`}
          disabled={props.disabled}
          onClick={() => setConfirming(true)}
        >
          {t('settings.moderators.remove')}
        </button>
      )}
    </li>
  );
}

function initials(name: string): string {
  const letters = name
    .replace(/^#/, '')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0] ?? '')
    .join('');
  return letters.slice(0, 2).toUpperCase() || '?';
}

function DepartmentIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" focusable="false">
      <path d="M4 20V8l8-4 8 4v12h-5v-5H9v5z" fill="currentColor" />
    </svg>
  );
}
