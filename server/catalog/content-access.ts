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
 * Whether the item is attached to training groups ("closed", PRODUCT.md §4). The groups feature
 * fills this in: until then every item is `OPEN`. For a closed item it says what the viewer is to
 * those groups, so the rule stays pure.
 */
export type GroupAttachment =
  | { attached: false }
  | {
      attached: true;
      /** The viewer is an active member of a group holding the item, inside its access window. */
      viewerIsActiveMemberInWindow: boolean;
      /** The viewer manages (owns or moderates) a group holding the item. */
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

/** May the viewer open (read, learn, take) the item? */
export function canOpen(viewer: Viewer, item: ContentItem): boolean {
  if (viewer.role === 'admin') return true;
  if (item.groups.attached) {
    // Closed content: its groups' members (in the window) and managers; moderators see it to manage it.
    return viewer.role === 'moderator' || item.groups.viewerManagesHoldingGroup || item.groups.viewerIsActiveMemberInWindow;
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
 * with `canOpen` (the route re-checks each row with `canOpen` all the same). Closed items are
 * never in the general catalog: they are opened from "My groups".
 */
export interface CatalogScope {
  excludeHiddenFromExtranet: boolean;
  excludeClosed: true;
}

export function catalogScope(viewer: Viewer): CatalogScope {
  return { excludeHiddenFromExtranet: viewer.role === 'extranet', excludeClosed: true };
}

/** An item as the catalog lists it: open (not attached) and openable by the viewer. */
export function inCatalog(viewer: Viewer, item: ContentItem): boolean {
  return !item.groups.attached && canOpen(viewer, item);
}
