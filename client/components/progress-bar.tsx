/**
 * A thin bar for how far someone is (lessons read, say), with its numbers for screen readers:
 * the caller words them ("3 of 8 lessons").
 */
export function ProgressBar(props: { value: number; max: number; label: string; text: string; testId?: string; size?: 'sm' | 'md' }) {
  const percent = props.max > 0 ? Math.min(100, Math.floor((props.value / props.max) * 100)) : 0;
  const complete = props.max > 0 && props.value >= props.max;
  return (
    <div
      class={`tg-progress tg-progress-${props.size ?? 'md'}`}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={props.max}
      aria-valuenow={Math.min(props.value, props.max)}
      aria-valuetext={props.text}
      data-testid={props.testId}
      data-percent={percent}
    >
      <div class={complete ? 'tg-progress-done' : ''} style={{ width: `${percent}%` }} />
    </div>
  );
}
