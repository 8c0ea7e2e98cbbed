import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Role } from '../../boot';
import type { CatalogClient } from './catalog-client';

/**
 * Where the reader is inside the Catalog section. Kept in the section's state, not in the frame's
 * URL: the portal owns the address bar, and a reload of the frame brings the catalog back.
 */
export type CatalogRoute =
  | { view: 'list' }
  | { view: 'course'; courseId: number }
  | { view: 'lesson'; lessonId: number }
  | { view: 'test'; testId: number }
  | { view: 'manage' }
  | { view: 'editCourse'; courseId: number }
  | { view: 'editLesson'; courseId: number; unitId: number; lessonId: number | null }
  | { view: 'editTest'; testId: number };

export interface CatalogNav {
  /** Goes to `route`, asking first if a form holds unsaved edits. */
  go(route: CatalogRoute): void;
  client: CatalogClient;
  role: Role;
  /** What the trail calls the `list` step when the screens are hosted elsewhere (My groups: the group's name). */
  homeLabel?: string;
}

export const CatalogNavContext = createContext<CatalogNav | null>(null);

export function useCatalogNav(): CatalogNav {
  const nav = useContext(CatalogNavContext);
  if (!nav) throw new Error('useCatalogNav outside the catalog section');
  return nav;
}

/** A stable key per screen: moving between two lessons remounts the reader. */
export function routeKey(route: CatalogRoute): string {
  return JSON.stringify(route);
}
