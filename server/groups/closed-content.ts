import type { GroupAttachment } from '../catalog/content-access';

/**
 * From the training groups that hold an item to the attachment facts the catalog's access module
 * judges (catalog/content-access.ts). Pure; closed-content-sql.ts computes the same facts in SQL,
 * and a test holds the two to the same table.
 */

/**
 * A calendar day, 'YYYY-MM-DD'. The access window is in whole days of the group's time zone (its
 * training settings' time_zone, UTC until a manager sets one: Bitrix24 does not tell apps the
 * portal's), both ends included: from the start day's local midnight to the local midnight after
 * the end day.
 */
export type Day = string;

/** Per time zone: its formatter, and the last minute it was asked about with that minute's day. */
const dayFormats = new Map<string, { format: Intl.DateTimeFormat; minute: number; day: Day }>();

/**
 * The calendar day `now` falls on in `timeZone` (an IANA name; an unknown one counts as UTC).
 *
 * Formatting costs ~20 µs (formatToParts), and My groups asks once per group on every request:
 * the day is kept per zone for the minute it was asked about. A day changes only at a local
 * midnight, which is always on a whole minute for instants since 1972 (every UTC offset in use
 * since then is a whole number of minutes, most of quarter hours), so the same minute is the
 * same day.
 */
export function dayIn(now: Date, timeZone: string): Day {
  let known = dayFormats.get(timeZone);
  if (!known) {
    try {
      known = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: Number.NaN, day: '' };
    } catch {
      return dayIn(now, 'UTC');
    }
    dayFormats.set(timeZone, known);
  }
  const minute = Math.floor(now.getTime() / 60_000);
  if (known.minute === minute) return known.day;
  const parts = Object.fromEntries(known.format.formatToParts(now).map((part) => [part.type, part.value]));
  known.minute = minute;
  known.day = `${parts.year}-${parts.month}-${parts.day}`;
  return known.day;
}

export type WindowPosition = 'before' | 'open' | 'after';

/** Where `now` falls in a group's access window, in the group's time zone; a missing end is open-ended. */
export function windowPosition(now: Date, startsOn: Day | null, endsOn: Day | null, timeZone: string): WindowPosition {
  return dayPosition(dayIn(now, timeZone), startsOn, endsOn);
}

function dayPosition(today: Day, startsOn: Day | null, endsOn: Day | null): WindowPosition {
  if (startsOn !== null && today < startsOn) return 'before';
  if (endsOn !== null && today > endsOn) return 'after';
  return 'open';
}

/** One group holding the item, seen from the viewer. */
export interface Holding {
  startsOn: Day | null;
  endsOn: Day | null;
  /** The group's time zone (its training settings), whose days the window counts. */
  timeZone: string;
  /** The viewer's open membership of that group is active (not paused, stopped or ended). */
  viewerActiveMember: boolean;
  /** The viewer manages that group (group-rights.ts: its creating moderator, or a mirrored workgroup A/E). */
  viewerManages: boolean;
}

export function attachmentOf(holdings: readonly Holding[], now: Date): GroupAttachment {
  if (holdings.length === 0) return { attached: false };
  return {
    attached: true,
    viewerIsActiveMemberInWindow: holdings.some((h) => h.viewerActiveMember && windowPosition(now, h.startsOn, h.endsOn, h.timeZone) === 'open'),
    viewerManagesHoldingGroup: holdings.some((h) => h.viewerManages),
  };
}
