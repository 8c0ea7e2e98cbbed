import type { GroupAttachment } from '../catalog/content-access';

/**
 * From the training groups that hold an item to the attachment facts the catalog's access module
 * judges (catalog/content-access.ts). Pure; closed-content-sql.ts computes the same facts in SQL,
 * and a test holds the two to the same table.
 */

/** A calendar day, 'YYYY-MM-DD' (the access window is in whole days, both ends included). */
export type Day = string;

export type WindowPosition = 'before' | 'open' | 'after';

/** Where `today` falls in a group's access window; a missing end is open-ended. */
export function windowPosition(today: Day, startsOn: Day | null, endsOn: Day | null): WindowPosition {
  if (startsOn !== null && today < startsOn) return 'before';
  if (endsOn !== null && today > endsOn) return 'after';
  return 'open';
}

/** One group holding the item, seen from the viewer. */
export interface Holding {
  startsOn: Day | null;
  endsOn: Day | null;
  /** The viewer's open membership of that group is active (not paused, stopped or ended). */
  viewerActiveMember: boolean;
  /** The viewer manages that group (group-rights.ts: its creating moderator, or a mirrored workgroup A/E). */
  viewerManages: boolean;
}

export function attachmentOf(holdings: readonly Holding[], today: Day): GroupAttachment {
  if (holdings.length === 0) return { attached: false };
  return {
    attached: true,
    viewerIsActiveMemberInWindow: holdings.some((h) => h.viewerActiveMember && windowPosition(today, h.startsOn, h.endsOn) === 'open'),
    viewerManagesHoldingGroup: holdings.some((h) => h.viewerManages),
  };
}

/** Today as the app counts access windows: the UTC calendar day of `now` (an injected clock in tests). */
export function dayOf(now: Date): Day {
  return now.toISOString().slice(0, 10);
}
