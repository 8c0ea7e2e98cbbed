import { useRef } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { PAGE_LABEL, PAGE_SLUG, type PageKey } from '../navigation';

/**
 * The section tabs (WAI-ARIA tabs pattern): one tab stop, arrow keys / Home / End move between
 * tabs and open them, so the keyboard gets the same navigation as the mouse.
 */
export function NavTabs(props: { pages: readonly PageKey[]; current: PageKey; onSelect: (page: PageKey) => void }) {
  const { t } = useI18n();
  const list = useRef<HTMLDivElement>(null);

  const focusAndSelect = (index: number) => {
    const count = props.pages.length;
    const page = props.pages[(index + count) % count] as PageKey;
    props.onSelect(page);
    list.current?.querySelector<HTMLButtonElement>(`#tab-${PAGE_SLUG[page]}`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const index = props.pages.indexOf(props.current);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: props.pages.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focusAndSelect(target);
  };

  return (
    <div class="tg-nav" role="tablist" aria-label={t('nav.label')} ref={list} onKeyDown={onKeyDown} data-testid="nav">
      {props.pages.map((page) => {
        const selected = page === props.current;
        const slug = PAGE_SLUG[page];
        return (
          <button
            key={page}
            type="button"
            role="tab"
            id={`tab-${slug}`}
            class="tg-nav-tab"
            aria-selected={selected}
            aria-controls={`panel-${slug}`}
            tabIndex={selected ? 0 : -1}
            data-testid={`nav-${slug}`}
            onClick={() => props.onSelect(page)}
          >
            {t(PAGE_LABEL[page])}
          </button>
        );
      })}
    </div>
  );
}
