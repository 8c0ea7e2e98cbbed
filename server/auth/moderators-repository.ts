import type { Knex } from 'knex';
import type { ModeratorSubject } from './roles';

/** The moderators an admin named for one portal, by user or by department. */
export interface NamedModerator extends ModeratorSubject {
  name: string;
  /** Users only, from the people mirror (absent until the people import has seen them). */
  person?: { position: string; userType: string; active: boolean };
}

/**
 * How a subject is stored: a department without its sub-departments has a subject type of its
 * own (migration 0013), so code that knows only 'department' never widens it to a subtree.
 */
type StoredType = 'user' | 'department' | 'department_only';

function storedType(subject: ModeratorSubject): StoredType {
  if (subject.subjectType === 'user') return 'user';
  return subject.includeSubdepartments === false ? 'department_only' : 'department';
}

function subjectOf(type: StoredType, id: number): ModeratorSubject {
  if (type === 'user') return { subjectType: 'user', subjectId: id };
  return { subjectType: 'department', subjectId: id, includeSubdepartments: type === 'department' };
}

interface ModeratorRow {
  subject_type: StoredType;
  subject_id: number;
  person_name: string | null;
  person_last_name: string | null;
  person_position: string | null;
  person_user_type: string | null;
  person_active: boolean | null;
  department_name: string | null;
}

export async function listModeratorSubjects(db: Knex, portalId: string): Promise<ModeratorSubject[]> {
  const rows = await db('moderators').where({ portal_id: portalId }).select('subject_type', 'subject_id').orderBy(['subject_type', 'subject_id']);
  return rows.map((row: { subject_type: StoredType; subject_id: number }) => subjectOf(row.subject_type, Number(row.subject_id)));
}

/** With names and what the mirror knows of each person; '#<id>' until the people import has run. */
export async function listNamedModerators(db: Knex, portalId: string): Promise<NamedModerator[]> {
  const rows: ModeratorRow[] = await db('moderators as m')
    .leftJoin('people as p', function joinPerson() {
      this.on('p.portal_id', '=', 'm.portal_id').andOn('p.user_id', '=', 'm.subject_id').andOn('m.subject_type', '=', db.raw('?', ['user']));
    })
    .leftJoin('departments as d', function joinDepartment() {
      this.on('d.portal_id', '=', 'm.portal_id').andOn('d.department_id', '=', 'm.subject_id').andOn('m.subject_type', '<>', db.raw('?', ['user']));
    })
    .where('m.portal_id', portalId)
    .orderBy([{ column: 'm.subject_type', order: 'desc' }, { column: 'm.subject_id' }])
    .select(
      'm.subject_type',
      'm.subject_id',
      'p.name as person_name',
      'p.last_name as person_last_name',
      'p.position as person_position',
      'p.user_type as person_user_type',
      'p.active as person_active',
      'd.name as department_name',
    );
  return rows.map((row) => {
    const id = Number(row.subject_id);
    const subject = subjectOf(row.subject_type, id);
    if (subject.subjectType === 'department') return { ...subject, name: row.department_name || `#${id}` };
    const name = [row.person_name, row.person_last_name].filter(Boolean).join(' ').trim();
    const person = row.person_user_type === null ? undefined : { position: row.person_position ?? '', userType: row.person_user_type, active: row.person_active !== false };
    return { ...subject, name: name || `#${id}`, ...(person ? { person } : {}) };
  });
}

/**
 * Replaces the whole list in one transaction. Duplicates collapse to one row, and a department
 * named both ways keeps its sub-departments (the wider choice includes the narrower one).
 */
export async function replaceModerators(db: Knex, portalId: string, subjects: readonly ModeratorSubject[], addedBy: number): Promise<void> {
  const unique = new Map<string, StoredType>();
  for (const subject of subjects) {
    const key = `${subject.subjectType}:${subject.subjectId}`;
    const type = storedType(subject);
    if (unique.get(key) !== 'department') unique.set(key, type);
  }
  await db.transaction(async (trx) => {
    await trx('moderators').where({ portal_id: portalId }).delete();
    if (unique.size === 0) return;
    await trx('moderators').insert(
      [...unique.entries()].map(([key, type]) => ({ portal_id: portalId, subject_type: type, subject_id: Number(key.split(':')[1]), added_by: addedBy })),
    );
  });
}

/**
 * Users the app knows to be Bitrix24 administrators: the caller (only admins reach Settings) and
 * the admin whose grant the app works with. Bitrix24 has no method that lists administrators.
 */
export async function knownAdministrators(db: Knex, portalId: string, callerId: number): Promise<number[]> {
  const row: { token_user_id: number | null } | undefined = await db('portals').where({ id: portalId }).first('token_user_id');
  const ids = new Set([callerId]);
  if (row?.token_user_id) ids.add(Number(row.token_user_id));
  return [...ids].sort((a, b) => a - b);
}
