import type { Knex } from 'knex';

/** Writes to tests, questions and their options. Multi-row changes run in the caller's transaction. */

export interface TestFields {
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  passMark: number;
  attemptsAllowed: number | null;
  estimatedMinutes: number;
}

export async function insertTest(
  db: Knex,
  portalId: string,
  authorId: number,
  fields: TestFields,
  placement: { unitId: number | null; key?: string | null; language?: string | null },
): Promise<number> {
  const [row] = await db('tests')
    .insert({
      portal_id: portalId,
      unit_id: placement.unitId,
      title: fields.title,
      description: fields.description,
      hidden_from_extranet: fields.hiddenFromExtranet,
      pass_mark: fields.passMark,
      attempts_allowed: fields.attemptsAllowed,
      estimated_minutes: fields.estimatedMinutes,
      author_id: authorId,
      source_key: placement.key ?? null,
      language: placement.language ?? null,
    })
    .returning('id');
  return row.id;
}

export interface QuestionFields {
  text: string;
  kind: 'single' | 'multiple';
  options: Array<{ text: string; correct: boolean }>;
}

export async function insertQuestion(db: Knex, portalId: string, testId: number, fields: QuestionFields): Promise<number> {
  const { rows } = await db.raw(
    `INSERT INTO questions (portal_id, test_id, position, text, kind)
     SELECT ?, ?, coalesce(max(position) + 1, 0), ?, ? FROM questions WHERE portal_id = ? AND test_id = ?
     RETURNING id`,
    [portalId, testId, fields.text, fields.kind, portalId, testId],
  );
  const questionId = rows[0].id as number;
  await insertOptions(db, portalId, questionId, fields.options);
  return questionId;
}

async function insertOptions(db: Knex, portalId: string, questionId: number, options: QuestionFields['options']): Promise<void> {
  await db('question_options').insert(
    options.map((option, position) => ({ portal_id: portalId, question_id: questionId, position, text: option.text, correct: option.correct })),
  );
}

/** Options are edited as a whole list: the old ones go, the new ones come (attempts keep their own copy). */
export async function replaceOptions(db: Knex, portalId: string, questionId: number, options: QuestionFields['options']): Promise<void> {
  await db('question_options').where({ portal_id: portalId, question_id: questionId }).delete();
  await insertOptions(db, portalId, questionId, options);
}

export async function deleteQuestion(db: Knex, portalId: string, questionId: number, version: number): Promise<boolean> {
  const removed = await db('questions').where({ portal_id: portalId, id: questionId, version }).delete().returning('id');
  return removed.length === 1;
}

export async function questionIds(db: Knex, portalId: string, testId: number): Promise<number[]> {
  return db('questions').where({ portal_id: portalId, test_id: testId }).orderBy(['position', 'id']).pluck('id');
}

export async function softDeleteTest(db: Knex, portalId: string, testId: number, version: number): Promise<boolean> {
  const at = new Date();
  const updated = await db('tests').where({ portal_id: portalId, id: testId, version }).whereNull('deleted_at').update({ deleted_at: at, updated_at: at }).returning('id');
  return updated.length === 1;
}

export async function unitTestId(db: Knex, portalId: string, unitId: number): Promise<number | null> {
  const row = await db('tests').where({ portal_id: portalId, unit_id: unitId }).whereNull('deleted_at').first('id');
  return row?.id ?? null;
}
