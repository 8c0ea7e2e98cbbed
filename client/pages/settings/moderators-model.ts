/** The moderators list as the settings page edits it: plain data, no I/O. */
export interface Moderator {
  subjectType: 'user' | 'department';
  subjectId: number;
  name: string;
  /** Departments: false names the department's own people only; absent or true, its sub-departments' too. */
  includeSubdepartments?: boolean;
  /** Users: what the people directory knows of them (absent until the people import has seen them). */
  person?: { position: string; userType: string; active: boolean };
}

export const keyOf = (m: Pick<Moderator, 'subjectType' | 'subjectId'>) => `${m.subjectType}-${m.subjectId}`;

/** 'user', or how much of a department is named. */
export function scopeOf(m: Pick<Moderator, 'subjectType' | 'includeSubdepartments'>): 'user' | 'department-only' | 'department-tree' {
  if (m.subjectType === 'user') return 'user';
  return m.includeSubdepartments === false ? 'department-only' : 'department-tree';
}

/** Same people and departments, with the same reach, in any order? */
export function sameSubjects(a: readonly Moderator[], b: readonly Moderator[]): boolean {
  if (a.length !== b.length) return false;
  const scopes = new Map(a.map((m) => [keyOf(m), scopeOf(m)]));
  return b.every((m) => scopes.get(keyOf(m)) === scopeOf(m));
}

/**
 * The server names a subject "#<id>" until its people import has run; a name the Bitrix24 picker
 * gave us in this session is better than that.
 */
export function withKnownNames(list: readonly Moderator[], known: ReadonlyMap<string, string>): Moderator[] {
  return list.map((m) => {
    const better = known.get(keyOf(m));
    return better && /^#\d+$/.test(m.name) ? { ...m, name: better } : m;
  });
}

/** Users first, then departments, each by name (the server's order is by id). */
export function sorted(list: readonly Moderator[]): Moderator[] {
  return [...list].sort((a, b) => (a.subjectType === b.subjectType ? a.name.localeCompare(b.name) : a.subjectType === 'user' ? -1 : 1));
}

/** Adds `items` to `list`: a new subject is appended, a department picked again takes its new reach. */
export function merged(list: readonly Moderator[], items: readonly Moderator[]): { list: Moderator[]; already: Moderator[] } {
  const byKey = new Map(list.map((m) => [keyOf(m), m]));
  const already: Moderator[] = [];
  for (const item of items) {
    const present = byKey.get(keyOf(item));
    if (present && scopeOf(present) === scopeOf(item)) already.push(item);
    else byKey.set(keyOf(item), present ? { ...present, includeSubdepartments: item.includeSubdepartments } : item);
  }
  return { list: sorted([...byKey.values()]), already };
}

/** What Bitrix24's access picker returned, sorted into what can be a moderator and what cannot. */
export interface AccessPick {
  moderators: Moderator[];
  /** "All employees" (AU, G2, UA): the whole company, which the moderators list is not for. */
  everyone: string[];
  /** Workgroups, user groups, CRM roles...: not people or departments. */
  others: string[];
}

const EVERYONE = new Set(['AU', 'G2', 'UA']);

/**
 * Reads the picker's codes (BITRIX24.md §6): "D5" the department, "DR5" it with its
 * sub-departments, "U7" a user. A department ticked both ways keeps the wider choice.
 */
export function sortAccessPick(items: ReadonlyArray<{ id?: unknown; name?: unknown }>): AccessPick {
  const out: AccessPick = { moderators: [], everyone: [], others: [] };
  const departments = new Map<number, Moderator>();
  for (const item of items) {
    const code = String(item.id ?? '');
    const label = String(item.name ?? code).replace(/\s*\+$/, '');
    const department = /^D(R?)(\d+)$/.exec(code);
    const user = /^U(\d+)$/.exec(code);
    if (department) {
      const id = Number(department[2]);
      const tree = department[1] === 'R';
      if (!departments.get(id)?.includeSubdepartments) departments.set(id, { subjectType: 'department', subjectId: id, name: label || `#${id}`, includeSubdepartments: tree });
    } else if (user && Number(user[1]) > 0) {
      out.moderators.push({ subjectType: 'user', subjectId: Number(user[1]), name: label || `#${user[1]}` });
    } else if (EVERYONE.has(code)) {
      out.everyone.push(label);
    } else {
      out.others.push(label);
    }
  }
  out.moderators.push(...departments.values());
  return out;
}

/** The current list as the picker's codes, so it opens with them ticked. */
export function accessCodes(list: readonly Moderator[]): string[] {
  return list.map((m) => (m.subjectType === 'user' ? `U${m.subjectId}` : `${m.includeSubdepartments === false ? 'D' : 'DR'}${m.subjectId}`));
}
