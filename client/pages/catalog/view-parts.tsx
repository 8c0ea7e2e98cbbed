import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError } from '../../api';
import { apiErrorText } from '../../components/api-error-text';
import type { Resource } from '../../components/use-resource';
import { arrival } from '../../components/use-section-route';
import { useI18n } from '../../i18n/i18n';
import { useCatalogNav, type CatalogRoute } from './catalog-route';

/**
 * Pieces every catalog screen shares: the trail back (breadcrumbs), the screen's heading (which
 * takes the keyboard focus when the reader arrives from another screen), and what a screen shows
 * while its data loads or when it failed.
 */
export function Breadcrumbs(props: { trail: Array<{ label: string; route: CatalogRoute }>; current: string }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  return (
    <nav class="tg-crumbs" aria-label={t('catalog.crumbs')} data-testid="crumbs">
      <ol>
        {props.trail.map((step, index) => (
          <li key={index}>
            <button type="button" class="tg-crumb" onClick={() => nav.go(step.route)} data-testid={`crumb-${step.route.view}`}>
              {step.route.view === 'list' && nav.homeLabel ? nav.homeLabel : step.label}
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


export function ViewHeading(props: { children: ComponentChildren; testId?: string; level?: 2 | 3 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (arrival.moved) ref.current?.focus({ preventScroll: true });
  }, []);
  const Tag = props.level === 3 ? 'h3' : 'h2';
  return (
    <Tag ref={ref} tabIndex={-1} class="tg-view-title" data-testid={props.testId}>
      {props.children}
    </Tag>
  );
}

/** Spinner, or the error with Try again; 404 gets its own words (deleted, or not open to this reader). */
export function LoadState<T>(props: { resource: Resource<T>; reload: () => void; testId?: string }) {
  const { t } = useI18n();
  const nav = useCatalogNav();
  const { resource } = props;
  if (resource.status === 'loading') {
    return (
      <div class="tg-loading" role="status" data-testid={props.testId ? `${props.testId}-loading` : undefined}>
        <span class="tg-spinner" aria-hidden="true" />
        <span class="tg-sr-only">{t('app.loading')}</span>
      </div>
    );
  }
  if (resource.status === 'error') {
    const notFound = resource.error instanceof ApiError && resource.error.status === 404;
    return (
      <div class="tg-alert tg-alert-danger" role="alert" data-testid={props.testId ? `${props.testId}-error` : 'load-error'}>
        <div>
          <p>{notFound ? t('catalog.notFound') : t('catalog.loadFailed')}</p>
          {!notFound && <p class="tg-small">{apiErrorText(t, resource.error)}</p>}
        </div>
        {notFound ? (
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={() => nav.go({ view: 'list' })}>
            {t('catalog.backToCatalog')}
          </button>
        ) : (
          <button type="button" class="tg-btn tg-btn-light tg-btn-sm" onClick={props.reload}>
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  }
  return null;
}

/** A small rounded label (topic, level, status). */
export function Chip(props: { children: ComponentChildren; tone?: 'topic' | 'level' | 'success' | 'danger' | 'muted' | 'warning'; testId?: string; title?: string }) {
  return (
    <span class={`tg-chip tg-chip-${props.tone ?? 'muted'}`} data-testid={props.testId} title={props.title}>
      {props.children}
    </span>
  );
}
