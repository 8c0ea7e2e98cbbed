import type { ComponentChildren } from 'preact';

/** What a section shows when it has nothing yet: a picture, one line that says so, and a hint. */
export function EmptyState(props: { title: string; hint: string; testId?: string; children?: ComponentChildren }) {
  return (
    <div class="tg-empty" data-testid={props.testId}>
      <svg class="tg-empty-icon" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
        <rect x="8" y="14" width="48" height="38" rx="4" fill="#e5f8fd" stroke="#2fc6f6" stroke-width="2" />
        <path d="M8 24h48" stroke="#2fc6f6" stroke-width="2" />
        <circle cx="24" cy="38" r="5" fill="#2fc6f6" />
        <path d="M33 35h15M33 42h10" stroke="#9fdcf1" stroke-width="3" stroke-linecap="round" />
      </svg>
      <h2 class="tg-empty-title">{props.title}</h2>
      <p class="tg-empty-hint">{props.hint}</p>
      {props.children}
    </div>
  );
}
