import { Field } from '../../../catalog/manage/form-parts';

/** Every IANA zone the browser knows (the server checks the name again), with the current one kept even if unknown here. */
function zones(current: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const known = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...known])].filter(Boolean);
}

export function TimeZoneSelect(props: { label: string; hint: string; value: string; onChange: (zone: string) => void; error: string | null }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {(id, describedBy) => (
        <select id={id} class="tg-input tg-select" value={props.value} aria-describedby={describedBy} data-testid="training-time-zone" onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}>
          {zones(props.value).map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
