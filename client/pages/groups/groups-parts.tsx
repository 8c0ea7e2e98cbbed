import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import type { Resource } from '../../components/use-resource';
import { useFrame } from '../../frame-connection';
import { useI18n } from '../../i18n/i18n';
import { groupsErrorText, initialsOf } from './groups-format';

/**
 * Pieces the training-groups screens share: the trail back, what a screen shows while it loads or
 * after it failed, a person's avatar, and a link that opens a page of the portal (a workgroup).
 */
export function Crumbs(props: { trail: Array<{ label: string; onClick: () => void; testId?: string }>; current: string }) {
  const { t } = useI18n();
  return (
    <nav class="tg-crumbs" aria-label={t('catalog.crumbs')} data-testid="crumbs">
      <ol>
        {props.trail.map((step, index) => (
          <li key={index}>
            <button type="button" class="tg-crumb" onClick={step.onClick} data-testid={step.testId}>
              {step.label}
            </button>
            <span class="tg-crumb-sep" aria-hidden="true">
              ›
            </span>
          </li>
        ))}
        <li aria-current="page" class="tg-crumb-current">
          {props.current}
        </li>
      </ol>
    </nav>
  );
}

/** Spinner, or the error with Try again (404: the group is gone or not the reader's to see, with a way back). */
export function LoadBlock<T>(props: { resource: Resource<T>; reload: () => void; testId: string; back?: { label: string; onClick: () => void } }) {
  const { t } = useI18n();
  const { resource } = props;
  if (resource.status === 'loading') {
    return (
      <div class="tg-loading" role="status" data-testid={`${props.testId}-loading`}>
        <span class="tg-spinner" aria-hidden="true" />
        <span class="tg-sr-only">{t('app.loading')}</span>
      </div>
    );
  }
  if (resource.status !== 'error') return null;
  const notFound = resource.error instanceof ApiError && resource.error.status === 404;
  return (
    <div class="tg-alert tg-alert-danger" role="alert" data-testid={`${props.testId}-error`}>
      <div>
        <p>{notFound ? t('groups.notFound') : t('groups.loadFailed')}</p>
        {!notFound && <p class="tg-small">{groupsErrorText(t, resource.error)}</p>}
      </div>
      {notFound && props.back ? (
        <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={props.back.onClick}>
          {props.back.label}
        </button>
      ) : (
        <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={props.reload}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Avatar(props: { name: string; photoUrl?: string | null }) {
  const [broken, setBroken] = useState(false);
  if (props.photoUrl && !broken) return <img class="tg-avatar tg-avatar-photo" src={props.photoUrl} alt="" onError={() => setBroken(true)} />;
  return (
    <span class="tg-avatar" aria-hidden="true">
      {initialsOf(props.name)}
    </span>
  );
}

/**
 * A link to a page of the portal (a workgroup). Inside Bitrix24 it opens in the portal's slider
 * (openPath), as the portal's own links do; outside, or if the portal refuses, in a new tab.
 */
export function PortalLink(props: { url: string; children: ComponentChildren; testId?: string; button?: boolean }) {
  const frame = useFrame();
  const onClick = (event: MouseEvent) => {
    if (frame.state.status !== 'ready' || event.ctrlKey || event.metaKey || event.shiftKey) return;
    let url: URL;
    try {
      url = new URL(props.url);
    } catch {
      return;
    }
    event.preventDefault();
    // The slider answers only when it closes: nothing to wait for.
    frame.state.b24.slider.openPath(url).catch(() => window.open(props.url, '_blank', 'noopener'));
  };
  return (
    <a
      class={props.button ? 'tg-btn tg-btn-light tg-btn-sm' : 'tg-link'}
      href={props.url}
      target="_blank"
      rel="noopener noreferrer"
      data-testid={props.testId}
      onClick={onClick}
    >
      {props.children}
    </a>
  );
}

/** A titled block of the card (participants, content, history). */
/** The button in a section's head that opens its form (attach, add); none while that form is open or not the caller's. */
export interface SectionOpener {
  label: string;
  testId: string;
  onOpen: () => void;
  primary?: boolean;
}

export function CardSection(props: { title: string; count?: string; id: string; actions?: ComponentChildren; opener?: SectionOpener | null; children: ComponentChildren; testId?: string }) {
  const opener = props.opener;
  return (
    <section class="tg-group-section" aria-labelledby={props.id} data-testid={props.testId}>
      <div class="tg-group-section-head">
        <h3 class="tg-group-section-title" id={props.id}>
          {props.title}
          {props.count && <span class="tg-muted"> {props.count}</span>}
        </h3>
        {(props.actions || opener) && (
          <div class="tg-view-actions">
            {props.actions}
            {opener && (
              <button type="button" class={`tg-btn ${opener.primary ? 'tg-btn-primary' : 'tg-btn-light'} tg-btn-sm`} data-testid={opener.testId} onClick={opener.onOpen}>
                {opener.label}
              </button>
            )}
          </div>
        )}
      </div>
      {props.children}
    </section>
  );
}
