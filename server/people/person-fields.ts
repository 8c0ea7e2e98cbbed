/**
 * How Bitrix24's user.get and department.get rows become our mirror's rows. Pure: the values
 * arrive as strings, booleans or lists depending on method, scope and encoding (BITRIX24.md §5.1).
 */
export interface PersonRecord {
  userId: number;
  name: string;
  lastName: string;
  /** null when the app's scope (user_brief) does not expose e-mail. */
  email: string | null;
  position: string;
  departmentIds: number[];
  userType: string;
  active: boolean;
  photoUrl: string | null;
}

export interface DepartmentRecord {
  departmentId: number;
  name: string;
  parentId: number | null;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');

function positiveInt(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n <= 2147483647 ? n : null;
}

/** UF_DEPARTMENT: a list (of numbers or strings), a PHP map, one id, or false/'' for none. */
export function departmentIdsOf(value: unknown): number[] {
  const items = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [value];
  const ids = items.map(positiveInt).filter((id): id is number => id !== null);
  return [...new Set(ids)];
}

/** ACTIVE is a boolean in user.get, 'Y'/'N' in some events, and absent when hidden: then we assume active. */
export function isActive(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  return ['y', 'true', '1'].includes(String(value).trim().toLowerCase());
}

export function personFromUser(row: Record<string, unknown>): PersonRecord | null {
  const userId = positiveInt(row.ID);
  if (userId === null) return null;
  const departmentIds = departmentIdsOf(row.UF_DEPARTMENT);
  const declaredType = text(row.USER_TYPE).toLowerCase();
  const email = text(row.EMAIL);
  const photo = text(row.PERSONAL_PHOTO);
  return {
    userId,
    name: text(row.NAME),
    lastName: text(row.LAST_NAME),
    email: email || null,
    position: text(row.WORK_POSITION),
    departmentIds,
    // Without the intranet module there is no USER_TYPE; employees are the users with a department.
    userType: declaredType || (departmentIds.length > 0 ? 'employee' : 'extranet'),
    active: isActive(row.ACTIVE),
    photoUrl: /^https?:\/\//i.test(photo) ? photo : null,
  };
}

export function departmentFromRow(row: Record<string, unknown>): DepartmentRecord | null {
  const departmentId = positiveInt(row.ID);
  if (departmentId === null) return null;
  return { departmentId, name: text(row.NAME), parentId: positiveInt(row.PARENT) };
}
