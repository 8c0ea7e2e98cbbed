import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { requireSession, sessionOf } from '../auth/guard';
import type { SessionClaims } from '../auth/session-token';
import { HttpError } from '../http/errors';
import { guardTest, guardUnit, manageListAccess, manageListRow, managesTest, notFound } from './content-guard';
import { questionTestId } from './content-heads';
import { editConflict } from './catalog-errors';
import { listTestsForManage, readTestForManage } from './manage-read-repository';
import { deleteQuestion, insertQuestion, insertTest, questionIds, replaceOptions, softDeleteTest, unitTestId, type QuestionFields } from './test-authoring-repository';
import { refreshCourseSummary } from './course-authoring-repository';
import { countAttempts } from './attempts-repository';
import { saveVersioned, sameSet, writePositions } from './versioned-rows';
import { IdParams, patchOf, ManageListItem, ManageTest, QuestionInput, TestCreateBody, TestInput, TestPatchBody, VersionQuery, errors } from './catalog-schemas';

/** A question's options must fit its kind; said with the field so the editor can point at it. */
function checkOptions(kind: QuestionFields['kind'], options: QuestionFields['options']): void {
  const correct = options.filter((o) => o.correct).length;
  if (kind === 'single' && correct !== 1) throw new HttpError(400, 'VALIDATION_FAILED', 'A single-choice question needs exactly one correct option.', 'options');
  if (kind === 'multiple' && correct < 1) throw new HttpError(400, 'VALIDATION_FAILED', 'A multiple-choice question needs at least one correct option.', 'options');
}

const DEFAULTS = { description: '', hiddenFromExtranet: false, passMark: 80, attemptsAllowed: null, estimatedMinutes: 5 };

/** Authoring tests (standalone or a unit's) and their questions. */
export function testAuthoringRoutes(app: FastifyInstance, deps: { db: Knex; sessionSecret: string }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['authoring'], security: [{ session: [] }] };
  const authors = requireSession(deps, ['admin', 'moderator']);
  const db = deps.db;

  async function manageTest(session: SessionClaims, testId: number, trx: Knex = db) {
    const test = await readTestForManage(trx, session.portalId, testId);
    if (!test) throw notFound('test');
    const head = await guardTest(trx, session, testId, 'open');
    return { ...test, canEdit: managesTest(session, head) };
  }
  /** A unit test's minutes count in its course's summary. */
  async function refreshIfUnitTest(trx: Knex, session: SessionClaims, courseId: number | null) {
    if (courseId !== null) await refreshCourseSummary(trx, session.portalId, courseId);
  }

  api.get(
    '/api/manage/tests',
    {
      onRequest: authors,
      schema: { ...common, summary: 'Standalone tests for authoring', querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }), response: { 200: Type.Object({ tests: Type.Array(ManageListItem) }), ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const rows = await listTestsForManage(db, session.portalId, manageListAccess(session), request.query.q);
      const listed = rows.map((t) => manageListRow(session, 'test', t)).filter((t) => t !== null);
      return { tests: listed.map((t) => ({ ...t, canEdit: managesTest(session, t) })) };
    },
  );

  api.get(
    '/api/manage/tests/:id',
    { onRequest: authors, schema: { ...common, summary: 'A test as its editor sees it (correct options, versions)', params: IdParams, response: { 200: ManageTest, ...errors } } },
    async (request) => manageTest(sessionOf(request), request.params.id),
  );

  api.post(
    '/api/tests',
    {
      onRequest: authors,
      schema: { ...common, summary: 'Create a standalone test', body: TestCreateBody, response: { 201: ManageTest, ...errors } },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const id = await insertTest(db, session.portalId, session.userId, { ...DEFAULTS, ...request.body }, { unitId: null });
      return reply.status(201).send(await manageTest(session, id));
    },
  );

  api.post(
    '/api/units/:id/test',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Create the test of a unit (one per unit)',
        params: IdParams,
        body: Type.Object({ title: TestInput.title, passMark: Type.Optional(TestInput.passMark), attemptsAllowed: Type.Optional(TestInput.attemptsAllowed), estimatedMinutes: Type.Optional(TestInput.estimatedMinutes) }, { additionalProperties: false }),
        response: { 201: ManageTest, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const head = await guardUnit(db, session, request.params.id, 'manage');
      if ((await unitTestId(db, session.portalId, head.unitId)) !== null) throw new HttpError(409, 'UNIT_HAS_TEST', 'This unit already has a test.');
      const id = await db.transaction(async (trx) => {
        const testId = await insertTest(trx, session.portalId, head.authorId, { ...DEFAULTS, ...request.body, hiddenFromExtranet: head.hiddenFromExtranet }, { unitId: head.unitId });
        await refreshCourseSummary(trx, session.portalId, head.courseId);
        return testId;
      });
      return reply.status(201).send(await manageTest(session, id));
    },
  );

  api.patch(
    '/api/tests/:id',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Edit a test (409 EDIT_CONFLICT when someone saved since `version`)',
        params: IdParams,
        body: TestPatchBody,
        response: { 200: ManageTest, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardTest(db, session, request.params.id, 'manage');
      const body = request.body;
      const columns = { title: 'title', description: 'description', hiddenFromExtranet: 'hidden_from_extranet', passMark: 'pass_mark', attemptsAllowed: 'attempts_allowed', estimatedMinutes: 'estimated_minutes' } as const;
      const patch = Object.fromEntries(Object.entries(columns).filter(([field]) => body[field as keyof typeof columns] !== undefined).map(([field, column]) => [column, body[field as keyof typeof columns]]));
      await db.transaction(async (trx) => {
        const outcome = await saveVersioned(trx, 'tests', session.portalId, head.testId, body.version, patch);
        if (outcome.kind === 'missing') throw notFound('test');
        if (outcome.kind === 'conflict') throw editConflict('test', await manageTest(session, head.testId, trx));
        await refreshIfUnitTest(trx, session, head.courseId);
      });
      return manageTest(session, head.testId);
    },
  );

  api.get(
    '/api/tests/:id/delete-preview',
    {
      onRequest: authors,
      schema: { ...common, summary: 'What deleting a test takes with it; attempts are kept', params: IdParams, response: { 200: Type.Object({ questions: Type.Integer(), attempts: Type.Integer(), learners: Type.Integer() }), ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardTest(db, session, request.params.id, 'manage');
      const questions = await questionIds(db, session.portalId, head.testId);
      return { questions: questions.length, ...(await countAttempts(db, session.portalId, { testIds: [head.testId] })) };
    },
  );

  api.delete(
    '/api/tests/:id',
    {
      onRequest: authors,
      schema: { ...common, summary: 'Delete a test (results are kept)', params: IdParams, querystring: VersionQuery, response: { 200: Type.Object({ deleted: Type.Literal(true), kept: Type.Object({ attempts: Type.Integer() }) }), ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardTest(db, session, request.params.id, 'manage');
      await db.transaction(async (trx) => {
        if (!(await softDeleteTest(trx, session.portalId, head.testId, request.query.version))) throw editConflict('test', await manageTest(session, head.testId, trx));
        await refreshIfUnitTest(trx, session, head.courseId);
      });
      const kept = await countAttempts(db, session.portalId, { testIds: [head.testId] });
      return { deleted: true as const, kept: { attempts: kept.attempts } };
    },
  );

  api.post(
    '/api/tests/:id/questions',
    {
      onRequest: authors,
      schema: { ...common, summary: 'Add a question at the end of a test', params: IdParams, body: Type.Object(QuestionInput, { additionalProperties: false }), response: { 201: ManageTest, ...errors } },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const head = await guardTest(db, session, request.params.id, 'manage');
      checkOptions(request.body.kind, request.body.options);
      await db.transaction((trx) => insertQuestion(trx, session.portalId, head.testId, request.body));
      return reply.status(201).send(await manageTest(session, head.testId));
    },
  );

  api.patch(
    '/api/questions/:id',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Edit a question; `options`, when sent, replace the whole list',
        params: IdParams,
        body: patchOf(QuestionInput),
        response: { 200: ManageTest, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const question = await questionTestId(db, session.portalId, request.params.id);
      if (!question) throw notFound('question');
      const head = await guardTest(db, session, question.testId, 'manage');
      const current = (await readTestForManage(db, session.portalId, head.testId))?.questions.find((q) => q.id === request.params.id);
      if (!current) throw notFound('question');
      const { version, text, kind, options } = request.body;
      checkOptions(kind ?? current.kind, options ?? current.options);
      await db.transaction(async (trx) => {
        const patch = Object.fromEntries(Object.entries({ text, kind }).filter(([, v]) => v !== undefined));
        const outcome = await saveVersioned(trx, 'questions', session.portalId, request.params.id, version, patch);
        if (outcome.kind === 'missing') throw notFound('question');
        if (outcome.kind === 'conflict') throw editConflict('question', await manageTest(session, head.testId, trx));
        if (options) await replaceOptions(trx, session.portalId, request.params.id, options);
      });
      return manageTest(session, head.testId);
    },
  );

  api.delete(
    '/api/questions/:id',
    { onRequest: authors, schema: { ...common, summary: 'Delete a question', params: IdParams, querystring: VersionQuery, response: { 200: ManageTest, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      const question = await questionTestId(db, session.portalId, request.params.id);
      if (!question) throw notFound('question');
      const head = await guardTest(db, session, question.testId, 'manage');
      if (!(await deleteQuestion(db, session.portalId, request.params.id, request.query.version))) throw editConflict('question', await manageTest(session, head.testId));
      return manageTest(session, head.testId);
    },
  );

  api.put(
    '/api/tests/:id/question-order',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Reorder a test’s questions (all of them; `version` is the test’s)',
        params: IdParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }), questionIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 }) }, { additionalProperties: false }),
        response: { 200: ManageTest, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardTest(db, session, request.params.id, 'manage');
      await db.transaction(async (trx) => {
        const outcome = await saveVersioned(trx, 'tests', session.portalId, head.testId, request.body.version, {});
        const live = await questionIds(trx, session.portalId, head.testId);
        if (outcome.kind !== 'saved' || !sameSet(request.body.questionIds, live)) throw editConflict('test', await manageTest(session, head.testId, trx));
        await writePositions(trx, 'questions', session.portalId, request.body.questionIds);
      });
      return manageTest(session, head.testId);
    },
  );
}
