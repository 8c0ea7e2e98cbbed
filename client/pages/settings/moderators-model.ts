/** The moderators list as the settings page edits it: plain data, no I/O. */
export interface Moderator {
  subjectType: 'user' | 'department';
  subjectId: number;
  name: string;
}

export const keyOf = (m: Pick<Moderator, 'subjectType' | 'subjectId'>) => `${m.subjectType}-${m.subjectId}`;

/** Same people and departments, in any order? */
export function sameSubjects(a: readonly Moderator[], b: readonly Moderator[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(keyOf));
  return b.every((m) => keys.has(keyOf(m)));
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
