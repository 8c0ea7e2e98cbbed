import { useEffect, useState } from 'preact/hooks';
import { useResource } from '../../../../components/use-resource';
import type { TrainingClient, TrainingSettings } from './training-client';

/** Waits until `value` has stayed the same for `ms`: the preview asks once the typing stops, not on every key. */
export function useSettled<T>(value: T, ms = 350): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [key]);
  return settled;
}

/** A day as YYYY-MM-DD, `days` after `day` (calendar arithmetic in UTC: no clock shift can move it). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * The plan preview: of the saved settings, or of the draft while it differs from them (null
 * draft: the draft cannot be sent yet). `joinedOn` asks for a late joiner's catch-up pace too.
 */
export function usePlanPreview(client: TrainingClient, groupId: number, options: { draft: TrainingSettings | null; unsaved: boolean; startsOn: string; joinedOn: string | null; savedVersion: number }) {
  const asked = useSettled({ draft: options.unsaved ? options.draft : null, startsOn: options.startsOn, joinedOn: options.joinedOn });
  return useResource(
    () => client.preview(groupId, { startsOn: asked.startsOn || undefined, joinedOn: asked.joinedOn ?? undefined }, asked.draft ?? undefined),
    [groupId, JSON.stringify(asked), options.savedVersion],
  );
}
