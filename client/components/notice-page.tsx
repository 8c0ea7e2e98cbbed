import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/i18n';

/** A whole-page message for when the app cannot be used: what happened, what to do, and the code. */
export function NoticePage(props: { title: string; text: string; code?: string; details?: string; testId?: string; children?: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <main class="tg-shell" data-testid={props.testId ?? 'notice-page'}>
      <section class="tg-card tg-notice" role="alert">
        <svg class="tg-notice-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
          <circle cx="24" cy="24" r="22" fill="#fff5e0" stroke="#ffa900" stroke-width="2" />
          <path d="M24 13v14" stroke="#ffa900" stroke-width="4" stroke-linecap="round" />
          <circle cx="24" cy="34" r="2.5" fill="#ffa900" />
        </svg>
        <div class="tg-notice-body">
          <h1 class="tg-notice-title" data-testid="notice-title">{props.title}</h1>
          <p class="tg-notice-text">{props.text}</p>
          {props.details && <p class="tg-muted tg-small">{t('common.serverSaid', { message: props.details })}</p>}
          {props.code && (
            <p class="tg-muted tg-small" data-testid="notice-code">
              {t('common.errorCode', { code: props.code })}
            </p>
          )}
          {props.children && <div class="tg-actions">{props.children}</div>}
        </div>
      </section>
    </main>
  );
}
