/**
 * Who may open and who may manage a piece of content: the ONE place that decides it (PRODUCT.md
 * §1 and §4). Pure: plain data in, a decision out. Every catalog route that reads a course, unit,
 * lesson, test, attempt or result asks here; the repository only fetches the facts.
 *
 * Units and lessons are judged as their course; a unit's test as its course too (it is part of
 * the course); a standalone test as itself.
 */

export type ViewerRole = 'admin' | 'moderator' | 'employee' | 'extranet';

export interface Viewer {
  role: ViewerRole;
  /** Bitrix24 user id of the viewer. */
  personId: number;
}

/**
 * Whether the item is attached to training groups ("closed", PRODUCT.md §4), filled in by the
 * groups feature (server/groups/closed-content-sql.ts reads these facts in the same statement as
 * the item). For a closed item it says what the viewer is to those groups, so the rule stays pure.
 */
export type GroupAttachment =
  | { attached: false }
  | {
      attached: true;
      /** The viewer is an active member of a group holding the item, inside that group's access window. */
      viewerIsActiveMemberInWindow: boolean;
      /**
       * The viewer manages a group holding the item: a moderator who created it, or (linked group)
       * whom the last sync saw as the workgroup's owner or moderator.
       */
      viewerManagesHoldingGroup: boolean;
    };

export const OPEN: GroupAttachment = Object.freeze({ attached: false });

export interface ContentItem {
  kind: 'course' | 'test';
  hiddenFromExtranet: boolean;
  /** Bitrix24 user id of who created it. */
  authorId: number;
  groups: GroupAttachment;
}

/**
 * May the viewer open (read, learn, take) the item?
 * - Open content (attached to no group): everyone, except that extranet users never open what is
 *   hidden from extranet.
 * - Closed content (attached to at least one group): only the active members of a holding group
 *   inside its access window, that group's managers, and admins; a moderator also opens what they
 *   authored, to keep managing it. So an extranet group's content is closed to the intranet, and
 *   intranet content stays hidden from extranet users outside their groups; a group that holds an
 *   item hidden from extranet still opens it to its own extranet members (it was given to them).
 */
export function canOpen(viewer: Viewer, item: ContentItem): boolean {
  if (viewer.role === 'admin') return true;
  if (item.groups.attached) {
    return (
      item.groups.viewerIsActiveMemberInWindow ||
      item.groups.viewerManagesHoldingGroup ||
      (viewer.role === 'moderator' && item.authorId === viewer.personId)
    );
  }
  if (viewer.role === 'extranet') return !item.hiddenFromExtranet;
  return true;
}

/** May the viewer edit, reorder, delete the item (and its units, lessons, questions)? */
export function canManage(viewer: Viewer, item: ContentItem): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.role === 'moderator') return item.authorId === viewer.personId;
  return false;
}

/** May the viewer create content at all, and read the authoring views (read-only where not theirs)? */
export function canAuthor(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'moderator';
}

/** Only admins load the demo pack: it writes a whole course into the portal's shared catalog. */
export function canLoadDemoPack(viewer: Viewer): boolean {
  return viewer.role === 'admin';
}

/** Attempts and results: a viewer sees their own, for an item they may still open. */
export function canSeeAttempt(viewer: Viewer, attemptPersonId: number, test: ContentItem): boolean {
  return attemptPersonId === viewer.personId && canOpen(viewer, test);
}

/**
 * What the catalog query must leave out for this viewer, so it can filter in SQL and still agree
 * with `catalogEntry` (the route re-checks each row all the same). Closed items are never in the
 * general catalog of learners: they are opened from "My groups". Admins see every closed item and
 * moderators those of the groups they manage, marked closed with their groups (seed 002, "the card
 * of a closed course").
 */
export interface CatalogScope {
  excludeHiddenFromExtranet: boolean;
  /** Which closed items are listed (marked closed): all (admins), those of groups the viewer manages, or none. */
  closedListed: 'all' | 'managed' | 'none';
}

export function catalogScope(viewer: Viewer): CatalogScope {
  return {
    excludeHiddenFromExtranet: viewer.role === 'extranet',
    closedListed: viewer.role === 'admin' ? 'all' : viewer.role === 'moderator' ? 'managed' : 'none',
  };
}

/** How the general catalog shows an item to the viewer: open, marked closed (to its managers), or not at all. */
export type CatalogEntry = 'open' | 'closed' | 'absent';

export function catalogEntry(viewer: Viewer, item: ContentItem): CatalogEntry {
  if (!item.groups.attached) return canOpen(viewer, item) ? 'open' : 'absent';
  return viewer.role === 'admin' || item.groups.viewerManagesHoldingGroup ? 'closed' : 'absent';
}

/** An item as the catalog lists it to learners: open (attached to no group) and openable by the viewer. */
export function inCatalog(viewer: Viewer, item: ContentItem): boolean {
  return catalogEntry(viewer, item) === 'open';
}
