import { ApiError } from '../../../api';

/**
 * Finds, in what a 409 EDIT_CONFLICT carries as `details.current` (the item as stored now, or the
 * course or test holding it), the stored copy of the item being edited. Pure; null when it is not there.
 */
export type EditedKind = 'course' | 'unit' | 'lesson' | 'test' | 'question';

const LOOKS_LIKE: Record<EditedKind, (o: Record<string, unknown>) => boolean> = {
  course: (o) => Array.isArray(o.units),
  unit: (o) => Array.isArray(o.lessons) && typeof o.level === 'string',
  lesson: (o) => typeof o.body === 'string',
  test: (o) => Array.isArray(o.questions),
  question: (o) => Array.isArray(o.options) && typeof o.kind === 'string',
};

export function findStored(current: unknown, kind: EditedKind, id: number): Record<string, unknown> | null {
  if (Array.isArray(current)) {
    for (const item of current) {
      const found = findStored(item, kind, id);
      if (found) return found;
    }
    return null;
  }
  if (!current || typeof current !== 'object') return null;
  const o = current as Record<string, unknown>;
  if (o.id === id && LOOKS_LIKE[kind](o) && typeof o.version === 'number') return o;
  for (const key of ['units', 'lessons', 'questions']) {
    const found = findStored(o[key], kind, id);
    if (found) return found;
  }
  return null;
}

export function isEditConflict(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && error.code === 'EDIT_CONFLICT';
}

/** The stored copy from a 409 EDIT_CONFLICT, if the reply carried it. */
export function storedFromConflict(error: unknown, kind: EditedKind, id: number): Record<string, unknown> | null {
  if (!isEditConflict(error)) return null;
  const details = (error.details ?? {}) as { current?: unknown };
  return findStored(details.current, kind, id);
}
