import type { Knex } from 'knex';
import type { ModeratorSubject } from './roles';

/** The moderators an admin named for one portal, by user or by department. */
export interface NamedModerator extends ModeratorSubject {
  name: string;
}

interface ModeratorRow {
  subject_type: 'user' | 'department';
  subject_id: number;
  person_name: string | null;
  person_last_name: string | null;
  department_name: string | null;
}

export async function listModeratorSubjects(db: Knex, portalId: string): Promise<ModeratorSubject[]> {
  const rows = await db('moderators').where({ portal_id: portalId }).select('subject_type', 'subject_id').orderBy(['subject_type', 'subject_id']);
  return rows.map((row: { subject_type: 'user' | 'department'; subject_id: number }) => ({ subjectType: row.subject_type, subjectId: Number(row.subject_id) }));
}

/** With names from the mirrored people and departments; '#<id>' until the people import has run. */
export async function listNamedModerators(db: Knex, portalId: string): Promise<NamedModerator[]> {
  const rows: ModeratorRow[] = await db('moderators as m')
    .leftJoin('people as p', function joinPerson() {
      this.on('p.portal_id', '=', 'm.portal_id').andOn('p.user_id', '=', 'm.subject_id').andOn('m.subject_type', '=', db.raw('?', ['user']));
    })
    .leftJoin('departments as d', function joinDepartment() {
      this.on('d.portal_id', '=', 'm.portal_id').andOn('d.department_id', '=', 'm.subject_id').andOn('m.subject_type', '=', db.raw('?', ['department']));
    })
    .where('m.portal_id', portalId)
    .orderBy([{ column: 'm.subject_type', order: 'desc' }, { column: 'm.subject_id' }])
    .select('m.subject_type', 'm.subject_id', 'p.name as person_name', 'p.last_name as person_last_name', 'd.name as department_name');
  return rows.map((row) => {
    const id = Number(row.subject_id);
    const personName = [row.person_name, row.person_last_name].filter(Boolean).join(' ').trim();
    const name = row.subject_type === 'user' ? personName : (row.department_name ?? '');
    return { subjectType: row.subject_type, subjectId: id, name: name || `#${id}` };
  });
}

/** Replaces the whole list in one transaction (duplicates collapse to one row). */
export async function replaceModerators(db: Knex, portalId: string, subjects: readonly ModeratorSubject[], addedBy: number): Promise<void> {
  const unique = new Map<string, ModeratorSubject>();
  for (const subject of subjects) unique.set(`${subject.subjectType}:${subject.subjectId}`, subject);
  await db.transaction(async (trx) => {
    await trx('moderators').where({ portal_id: portalId }).delete();
    if (unique.size === 0) return;
    await trx('moderators').insert(
      [...unique.values()].map((subject) => ({ portal_id: portalId, subject_type: subject.subjectType, subject_id: subject.subjectId, added_by: addedBy })),
    );
  });
}
