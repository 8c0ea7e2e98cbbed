import { ApiError } from '../../../api';
import type { ImportProblem } from '../catalog-types';

/**
 * The problems of a refused import file (400 IMPORT_INVALID, details.errors), in file order, or
 * null when the error is something else. A JSON pointer such as /course/units/2/title reads
 * better as "course › units › 3 › title": positions count from 1 for people.
 */
export function importProblemsOf(error: unknown): ImportProblem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_INVALID') return null;
  const details = (error.details ?? {}) as { errors?: unknown };
  const list = Array.isArray(details.errors) ? details.errors : [];
  const problems = list
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({
      path: typeof e.path === 'string' ? e.path : '',
      line: typeof e.line === 'number' ? e.line : null,
      message: typeof e.message === 'string' ? e.message : '',
    }));
  if (problems.length === 0) return [{ path: error.field ?? '', line: null, message: error.message }];
  return problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

export function readablePath(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part.replace(/~1/g, '/').replace(/~0/g, '~')))
    .join(' › ');
}
