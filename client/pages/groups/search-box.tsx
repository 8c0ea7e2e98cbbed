import { useEffect, useRef, useState } from 'preact/hooks';

/** How long typing pauses before the search runs (Enter runs it at once). */
const SEARCH_PAUSE_MS = 300;

/** A labelled search field that reports its text after a pause in typing, or on Enter. */
export function SearchBox(props: { label: string; placeholder?: string; value: string; onSearch: (text: string) => void; testId: string; autoFocus?: boolean }) {
  const [text, setText] = useState(props.value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setText(props.value), [props.value]);
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
    return () => clear();
  }, []);

  function clear() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }
  const run = (value: string) => {
    clear();
    if (value.trim() !== props.value.trim()) props.onSearch(value.trim());
  };

  return (
    <div class="tg-filter tg-filter-search" role="search">
      <label class="tg-label" for={`${props.testId}-input`}>
        {props.label}
      </label>
      <input
        ref={input}
        id={`${props.testId}-input`}
        class="tg-input"
        type="search"
        value={text}
        placeholder={props.placeholder}
        data-testid={props.testId}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            run(text);
          }
        }}
        onInput={(event) => {
          const value = (event.currentTarget as HTMLInputElement).value;
          setText(value);
          clear();
          timer.current = setTimeout(() => run(value), SEARCH_PAUSE_MS);
        }}
      />
    </div>
  );
}
