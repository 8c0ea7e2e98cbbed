import type { Knex } from 'knex';
import type { CourseFile, ExchangeFile, ExchangeUnitTest, TestFile } from './exchange-format';
import { insertCourse, insertLesson, insertUnit, refreshCourseSummary } from './course-authoring-repository';
import { insertQuestion, insertTest } from './test-authoring-repository';
import { findOrCreateTopic } from './topics-repository';

/**
 * Writes a checked exchange file into a portal, all of it or nothing (one transaction). A file
 * with a key already loaded in the same language is not loaded again: the first copy is returned,
 * so the demo pack or a re-sent export never duplicates (the unique index on courses/tests
 * (portal, source_key, language) settles two loads racing each other).
 */

export interface ImportOutcome {
  kind: 'course' | 'test';
  id: number;
  created: boolean;
  title: string;
}

async function existing(db: Knex, portalId: string, file: ExchangeFile): Promise<ImportOutcome | null> {
  if (!file.key) return null;
  const table = file.format === 'training-groups/course' ? 'courses' : 'tests';
  const row = await db(table)
    .where({ portal_id: portalId, source_key: file.key })
    .andWhereRaw(`coalesce(language, '') = ?`, [file.language ?? ''])
    .whereNull('deleted_at')
    .first('id', 'title');
  return row ? { kind: table === 'courses' ? 'course' : 'test', id: row.id, created: false, title: row.title } : null;
}

async function writeQuestions(trx: Knex, portalId: string, testId: number, test: Pick<ExchangeUnitTest, 'questions'>): Promise<void> {
  for (const question of test.questions) await insertQuestion(trx, portalId, testId, question);
}

async function writeCourse(trx: Knex, portalId: string, authorId: number, file: CourseFile): Promise<number> {
  const { course } = file;
  const courseId = await insertCourse(
    trx,
    portalId,
    authorId,
    { title: course.title, description: course.description, hiddenFromExtranet: course.hiddenFromExtranet },
    { key: file.key ?? null, language: file.language ?? null },
  );
  for (const unit of course.units) {
    const topic = await findOrCreateTopic(trx, portalId, unit.topic);
    const unitId = await insertUnit(trx, portalId, courseId, { title: unit.title, topicId: topic.id, level: unit.level });
    for (const lesson of unit.lessons) await insertLesson(trx, portalId, unitId, lesson);
    if (unit.test) {
      const testId = await insertTest(
        trx,
        portalId,
        authorId,
        { ...unit.test, description: '', hiddenFromExtranet: course.hiddenFromExtranet },
        { unitId },
      );
      await writeQuestions(trx, portalId, testId, unit.test);
    }
  }
  await refreshCourseSummary(trx, portalId, courseId);
  return courseId;
}

async function writeTest(trx: Knex, portalId: string, authorId: number, file: TestFile): Promise<number> {
  const testId = await insertTest(trx, portalId, authorId, file.test, { unitId: null, key: file.key ?? null, language: file.language ?? null });
  await writeQuestions(trx, portalId, testId, file.test);
  return testId;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

export async function importExchangeFile(db: Knex, portalId: string, authorId: number, file: ExchangeFile): Promise<ImportOutcome> {
  const before = await existing(db, portalId, file);
  if (before) return before;
  try {
    return await db.transaction(async (trx) => {
      if (file.format === 'training-groups/course') {
        return { kind: 'course' as const, id: await writeCourse(trx, portalId, authorId, file), created: true, title: file.course.title };
      }
      return { kind: 'test' as const, id: await writeTest(trx, portalId, authorId, file), created: true, title: file.test.title };
    });
  } catch (error) {
    // Another load of the same key won the race: its copy is the one.
    if (isUniqueViolation(error)) {
      const winner = await existing(db, portalId, file);
      if (winner) return winner;
    }
    throw error;
  }
}
