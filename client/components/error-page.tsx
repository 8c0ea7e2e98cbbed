import type { BootError } from '../boot';
import { useI18n, type Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { NoticePage } from './notice-page';

/** Launch refusals we can explain in the user's language; anything else gets the generic page. */
const EXPLAINED = [
  'NOT_INSTALLED',
  'OPEN_FROM_BITRIX24',
  'AUTH_MISSING',
  'AUTH_EXPIRED',
  'PORTAL_UNREACHABLE',
  'USER_INACTIVE',
  'BITRIX24_BUSY',
  'TOO_MANY_REQUESTS',
] as const;
type Explained = (typeof EXPLAINED)[number];

const isExplained = (code: string): code is Explained => (EXPLAINED as readonly string[]).includes(code);

/**
 * The page the server renders when it cannot open the app (boot.view === 'error'). Opened outside
 * any frame on a machine running the local portal (`npm start`), it also says where that portal is.
 */
export function ErrorPage(props: { error: BootError; localPortalUrl?: string }) {
  const { t, lang } = useI18n();
  const { code, message } = props.error;
  const known = isExplained(code);
  const title: MessageKey = known ? `error.${code}.title` : 'error.generic.title';
  const text: MessageKey = known ? `error.${code}.text` : 'error.generic.text';
  return (
    <NoticePage
      testId="error-page"
      title={t(title)}
      text={t(text, { wait: waitText(t, props.error.retryAfterSeconds) })}
      // The server's own words are English: worth showing when they add something and the reader reads English.
      details={!known && lang === 'en' ? message : undefined}
      code={code === 'NOT_INSTALLED' || code === 'OPEN_FROM_BITRIX24' ? undefined : code}
    >
      {props.localPortalUrl && window.top === window && <LocalPortalLink url={props.localPortalUrl} />}
    </NoticePage>
  );
}

function LocalPortalLink(props: { url: string }) {
  const { t } = useI18n();
  return (
    <div class="tg-local-portal" data-testid="local-portal">
      <p class="tg-notice-text">{t('error.localPortal.text', { url: props.url })}</p>
      <a class="tg-btn tg-btn-primary" href={props.url} data-testid="local-portal-link">
        {t('error.localPortal.open')}
      </a>
    </div>
  );
}

/** "30 s", "10 min": how long until Bitrix24 (or our limit) takes the request again; a minute when not said. */
export function waitText(t: Translate, seconds: number | undefined): string {
  const s = seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60;
  return s < 90 ? t('common.wait.seconds', { n: s }) : t('common.wait.minutes', { n: Math.ceil(s / 60) });
}
