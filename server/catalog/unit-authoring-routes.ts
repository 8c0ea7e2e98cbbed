import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { requireSession, sessionOf } from '../auth/guard';
import type { SessionClaims } from '../auth/session-token';
import { guardLesson, guardUnit, managesCourse, notFound } from './content-guard';
import { editConflict } from './catalog-errors';
import { readCourseForManage, readLessonForManage } from './manage-read-repository';
import { insertLesson, liveLessonIds, markProgressOfDeletedLessons, refreshCourseSummary, softDeleteUnitTree } from './course-authoring-repository';
import { saveVersioned, sameSet, writePositions } from './versioned-rows';
import { renderLessonHtml } from './lesson-markdown';
import { listTopics, findOrCreateTopic } from './topics-repository';
import { resolveTopic } from './unit-topic';
import { IdParams, patchOf, Level, ManageCourse, ManageLesson, Minutes, Title, Topic, VersionQuery, errors } from './catalog-schemas';

/** Authoring units and lessons, the learner's preview of Markdown, and topics. */
export function unitAuthoringRoutes(app: FastifyInstance, deps: { db: Knex; sessionSecret: string }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['authoring'], security: [{ session: [] }] };
  const authors = requireSession(deps, ['admin', 'moderator']);
  const db = deps.db;
  const Body = Type.String({ maxLength: 200000 });

  async function manageCourse(session: SessionClaims, courseId: number, trx: Knex = db) {
    const course = await readCourseForManage(trx, session.portalId, courseId);
    if (!course) throw notFound('course');
    return { ...course, canEdit: managesCourse(session, course) };
  }
  async function manageLesson(session: SessionClaims, lessonId: number, trx: Knex = db) {
    const lesson = await readLessonForManage(trx, session.portalId, lessonId);
    if (!lesson) throw notFound('lesson');
    return lesson;
  }

  api.patch(
    '/api/units/:id',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Edit a unit: title, topic, level',
        params: IdParams,
        body: patchOf({ title: Title, level: Level, topicId: Type.Integer({ minimum: 1 }), topicName: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) }),
        response: { 200: ManageCourse, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardUnit(db, session, request.params.id, 'manage');
      const { version, title, level, topicId, topicName } = request.body;
      await db.transaction(async (trx) => {
        const topic = topicId !== undefined || topicName !== undefined ? await resolveTopic(trx, session.portalId, { topicId, topicName }) : null;
        const patch = Object.fromEntries(Object.entries({ title, level, topic_id: topic?.id }).filter(([, v]) => v !== undefined));
        const outcome = await saveVersioned(trx, 'units', session.portalId, head.unitId, version, patch);
        if (outcome.kind === 'missing') throw notFound('unit');
        if (outcome.kind === 'conflict') throw editConflict('unit', await manageCourse(session, head.courseId, trx));
        await refreshCourseSummary(trx, session.portalId, head.courseId);
      });
      return manageCourse(session, head.courseId);
    },
  );

  api.delete(
    '/api/units/:id',
    {
      onRequest: authors,
      schema: { ...common, summary: 'Delete a unit with its lessons and test (results are kept)', params: IdParams, querystring: VersionQuery, response: { 200: ManageCourse, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardUnit(db, session, request.params.id, 'manage');
      await db.transaction(async (trx) => {
        const outcome = await saveVersioned(trx, 'units', session.portalId, head.unitId, request.query.version, {});
        if (outcome.kind === 'missing') throw notFound('unit');
        if (outcome.kind === 'conflict') throw editConflict('unit', await manageCourse(session, head.courseId, trx));
        await softDeleteUnitTree(trx, session.portalId, head.unitId);
        await refreshCourseSummary(trx, session.portalId, head.courseId);
      });
      return manageCourse(session, head.courseId);
    },
  );

  api.put(
    '/api/units/:id/lesson-order',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Reorder a unit’s lessons (all of them; `version` is the unit’s)',
        params: IdParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }), lessonIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 }) }, { additionalProperties: false }),
        response: { 200: ManageCourse, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardUnit(db, session, request.params.id, 'manage');
      await db.transaction(async (trx) => {
        const outcome = await saveVersioned(trx, 'units', session.portalId, head.unitId, request.body.version, {});
        const live = await liveLessonIds(trx, session.portalId, head.unitId);
        if (outcome.kind !== 'saved' || !sameSet(request.body.lessonIds, live)) throw editConflict('unit', await manageCourse(session, head.courseId, trx));
        await writePositions(trx, 'lessons', session.portalId, request.body.lessonIds);
      });
      return manageCourse(session, head.courseId);
    },
  );

  api.post(
    '/api/units/:id/lessons',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Add a lesson at the end of a unit',
        params: IdParams,
        body: Type.Object({ title: Title, body: Body, estimatedMinutes: Minutes }, { additionalProperties: false }),
        response: { 201: ManageLesson, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const head = await guardUnit(db, session, request.params.id, 'manage');
      const id = await db.transaction(async (trx) => {
        const lessonId = await insertLesson(trx, session.portalId, head.unitId, request.body);
        await refreshCourseSummary(trx, session.portalId, head.courseId);
        return lessonId;
      });
      return reply.status(201).send(await manageLesson(session, id));
    },
  );

  api.patch(
    '/api/lessons/:id',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Edit a lesson (409 EDIT_CONFLICT with the stored lesson when someone saved since `version`)',
        params: IdParams,
        body: patchOf({ title: Title, body: Body, estimatedMinutes: Minutes }),
        response: { 200: ManageLesson, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardLesson(db, session, request.params.id, 'manage');
      const { version, title, body, estimatedMinutes } = request.body;
      const patch = Object.fromEntries(Object.entries({ title, body_markdown: body, estimated_minutes: estimatedMinutes }).filter(([, v]) => v !== undefined));
      await db.transaction(async (trx) => {
        const outcome = await saveVersioned(trx, 'lessons', session.portalId, head.lessonId, version, patch);
        if (outcome.kind === 'missing') throw notFound('lesson');
        if (outcome.kind === 'conflict') throw editConflict('lesson', await manageLesson(session, head.lessonId, trx));
        await refreshCourseSummary(trx, session.portalId, head.courseId);
      });
      return manageLesson(session, head.lessonId);
    },
  );

  api.delete(
    '/api/lessons/:id',
    {
      onRequest: authors,
      schema: { ...common, summary: 'Delete a lesson (learners’ progress is kept)', params: IdParams, querystring: VersionQuery, response: { 200: Type.Object({ deleted: Type.Literal(true) }), ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardLesson(db, session, request.params.id, 'manage');
      await db.transaction(async (trx) => {
        const outcome = await saveVersioned(trx, 'lessons', session.portalId, head.lessonId, request.query.version, { deleted_at: trx.fn.now() });
        if (outcome.kind === 'missing') throw notFound('lesson');
        if (outcome.kind === 'conflict') throw editConflict('lesson', await manageLesson(session, head.lessonId, trx));
        await markProgressOfDeletedLessons(trx, session.portalId, [head.lessonId]);
        await refreshCourseSummary(trx, session.portalId, head.courseId);
      });
      return { deleted: true as const };
    },
  );

  api.post(
    '/api/lessons/preview',
    {
      onRequest: authors,
      schema: { ...common, summary: 'Render unsaved Markdown as a learner will see it', body: Type.Object({ body: Body }, { additionalProperties: false }), response: { 200: Type.Object({ html: Type.String() }), ...errors } },
    },
    async (request) => ({ html: renderLessonHtml(request.body.body) }),
  );

  api.get(
    '/api/topics',
    { onRequest: authors, schema: { ...common, summary: 'The portal’s topics', response: { 200: Type.Object({ topics: Type.Array(Topic) }), ...errors } } },
    async (request) => ({ topics: await listTopics(db, sessionOf(request).portalId) }),
  );

  api.post(
    '/api/topics',
    {
      onRequest: authors,
      schema: {
        ...common,
        summary: 'Create a topic (or get the one with that name, case aside)',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) }, { additionalProperties: false }),
        response: { 201: Topic, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await findOrCreateTopic(db, sessionOf(request).portalId, request.body.name)),
  );
}
