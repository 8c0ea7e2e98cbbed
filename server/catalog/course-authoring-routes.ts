import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { requireSession, sessionOf } from '../auth/guard';
import type { SessionClaims } from '../auth/session-token';
import { HttpError } from '../http/errors';
import { guardCourse, manageListAccess, manageListRow, managesCourse, notFound } from './content-guard';
import { editConflict } from './catalog-errors';
import { readCourseForManage, listCoursesForManage } from './manage-read-repository';
import { coursesDeletePreview, insertCourse, insertUnit, liveUnitIds, refreshCourseSummary, softDeleteCourseTree } from './course-authoring-repository';
import { countAttempts } from './attempts-repository';
import { saveVersioned, sameSet, writePositions } from './versioned-rows';
import { IdParams, patchOf, ManageCourse, ManageListItem, Level, Title, VersionQuery, errors } from './catalog-schemas';
import { resolveTopic } from './unit-topic';

/** Authoring courses and their units' order (admins; moderators on what they created). */
export function courseAuthoringRoutes(app: FastifyInstance, deps: { db: Knex; sessionSecret: string }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['authoring'], security: [{ session: [] }] };
  const authors = requireSession(deps, ['admin', 'moderator']);
  const db = deps.db;

  async function manageCourse(session: SessionClaims, courseId: number, trx: Knex = db) {
    const course = await readCourseForManage(trx, session.portalId, courseId);
    if (!course) throw notFound('course');
    return { ...course, canEdit: managesCourse(session, course) };
  }

  api.get(
    '/api/manage/courses',
    {
      onRequest: authors,
      schema: { ...common, summary: 'Courses for authoring, with whether the viewer may edit each', querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }), response: { 200: Type.Object({ courses: Type.Array(ManageListItem) }), ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const rows = await listCoursesForManage(db, session.portalId, manageListAccess(session), request.query.q);
      const listed = rows.map((c) => manageListRow(session, 'course', c)).filter((c) => c !== null);
      return { courses: listed.map((c) => ({ ...c, canEdit: managesCourse(session, c) })) };
    },
  );

  api.get(
    '/api/manage/courses/:id',
    { onRequest: authors, schema: { ...common, summary: 'A course as its editor sees it (Markdown, versions)', params: IdParams, response: { 200: ManageCourse, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      await guardCourse(db, session, request.params.id, 'open');
      return manageCourse(session, request.params.id);
    },
  );

  api.post(
    '/api/courses',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Create a course',
        body: Type.Object({ title: Title, description: Type.String({ maxLength: 20000, default: '' }), hiddenFromExtranet: Type.Boolean({ default: false }) }, { additionalProperties: false }),
        response: { 201: ManageCourse, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const id = await insertCourse(db, session.portalId, session.userId, request.body);
      return reply.status(201).send(await manageCourse(session, id));
    },
  );

  api.patch(
    '/api/courses/:id',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Edit a course (409 EDIT_CONFLICT when someone saved since `version`)',
        params: IdParams,
        body: patchOf({ title: Title, description: Type.String({ maxLength: 20000 }), hiddenFromExtranet: Type.Boolean() }),
        response: { 200: ManageCourse, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardCourse(db, session, request.params.id, 'manage');
      const { version, title, description, hiddenFromExtranet } = request.body;
      const patch = Object.fromEntries(Object.entries({ title, description, hidden_from_extranet: hiddenFromExtranet }).filter(([, v]) => v !== undefined));
      const outcome = await saveVersioned(db, 'courses', session.portalId, head.courseId, version, patch);
      if (outcome.kind === 'missing') throw notFound('course');
      if (outcome.kind === 'conflict') throw editConflict('course', await manageCourse(session, head.courseId));
      return manageCourse(session, head.courseId);
    },
  );

  api.get(
    '/api/courses/:id/delete-preview',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'What deleting a course takes with it; attempts and results are kept for reports',
        params: IdParams,
        response: { 200: Type.Object({ units: Type.Integer(), lessons: Type.Integer(), tests: Type.Integer(), attempts: Type.Integer(), learners: Type.Integer() }), ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardCourse(db, session, request.params.id, 'manage');
      const parts = await coursesDeletePreview(db, session.portalId, head.courseId);
      const kept = await countAttempts(db, session.portalId, { testIds: parts.testIds });
      return { units: parts.units, lessons: parts.lessons, tests: parts.testIds.length, ...kept };
    },
  );

  api.delete(
    '/api/courses/:id',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Delete a course with its units, lessons and unit tests (results are kept)',
        params: IdParams,
        querystring: VersionQuery,
        response: { 200: Type.Object({ deleted: Type.Literal(true), kept: Type.Object({ attempts: Type.Integer() }) }), ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardCourse(db, session, request.params.id, 'manage');
      const parts = await coursesDeletePreview(db, session.portalId, head.courseId);
      await db.transaction(async (trx) => {
        // The delete is an edit too: based on a stale version, it is refused.
        const outcome = await saveVersioned(trx, 'courses', session.portalId, head.courseId, request.query.version, {});
        if (outcome.kind === 'missing') throw notFound('course');
        if (outcome.kind === 'conflict') throw editConflict('course', await manageCourse(session, head.courseId, trx));
        await softDeleteCourseTree(trx, session.portalId, head.courseId);
      });
      const kept = await countAttempts(db, session.portalId, { testIds: parts.testIds });
      return { deleted: true as const, kept: { attempts: kept.attempts } };
    },
  );

  api.put(
    '/api/courses/:id/unit-order',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Reorder a course’s units (all of them, in the new order; `version` is the course’s)',
        params: IdParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }), unitIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 }) }, { additionalProperties: false }),
        response: { 200: ManageCourse, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardCourse(db, session, request.params.id, 'manage');
      await db.transaction(async (trx) => {
        const outcome = await saveVersioned(trx, 'courses', session.portalId, head.courseId, request.body.version, {});
        const live = await liveUnitIds(trx, session.portalId, head.courseId);
        if (outcome.kind !== 'saved' || !sameSet(request.body.unitIds, live)) throw editConflict('course', await manageCourse(session, head.courseId, trx));
        await writePositions(trx, 'units', session.portalId, request.body.unitIds);
      });
      return manageCourse(session, head.courseId);
    },
  );

  api.post(
    '/api/courses/:id/units',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Add a unit at the end of a course (topic by id, or by name: found or created)',
        params: IdParams,
        body: Type.Object(
          { title: Title, level: Level, topicId: Type.Optional(Type.Integer({ minimum: 1 })), topicName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })) },
          { additionalProperties: false },
        ),
        response: { 201: ManageCourse, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const head = await guardCourse(db, session, request.params.id, 'manage');
      const { title, level, topicId, topicName } = request.body;
      if (topicId === undefined && topicName === undefined) throw new HttpError(400, 'VALIDATION_FAILED', 'A unit needs a topic: send topicId or topicName.', 'topicId');
      await db.transaction(async (trx) => {
        const topic = await resolveTopic(trx, session.portalId, { topicId, topicName });
        await insertUnit(trx, session.portalId, head.courseId, { title, level, topicId: topic.id });
        await refreshCourseSummary(trx, session.portalId, head.courseId);
      });
      return reply.status(201).send(await manageCourse(session, head.courseId));
    },
  );
}
