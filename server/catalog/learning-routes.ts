import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { asCachedCaller, requireSession, requireSharedSession, sessionOf, type GuardDeps } from '../auth/guard';
import { replyKey } from '../http/reply-cache';
import { canAuthor, catalogEntry, catalogScope, OPEN, type GroupAttachment } from './content-access';
import { guardCourse, guardLesson, managesCourse, viewerOf } from './content-guard';
import { readCatalogPage } from './catalog-page-repository';
import { completeLesson, readCourseForLearner, readLessonForLearner } from './learning-repository';
import { renderLessonHtml } from './lesson-markdown';
import { CatalogReply, IdParams, LearnerCourse, LearnerLesson, Level, errors } from './catalog-schemas';
import { notFound } from './content-guard';

/** The learner's side: the catalog, a course with progress, a lesson and its completion. Any role. */
export function learningRoutes(app: FastifyInstance, deps: GuardDeps & { db: Knex }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['catalog'], security: [{ session: [] }] };
  const anyone = requireSession(deps);

  api.get(
    '/api/catalog',
    {
      // Every learner's first screen: the caller check rides on the page's statement (one round trip).
      onRequest: requireSharedSession(deps),
      schema: {
        ...common,
        summary: 'The catalog: open courses and standalone tests the viewer may open, with filters',
        querystring: Type.Object({
          topicId: Type.Optional(Type.Integer({ minimum: 1 })),
          level: Type.Optional(Level),
          q: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 24 }),
          offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }),
        }),
        response: {
          200: CatalogReply,
          ...errors,
        },
      },
    },
    async (request, reply) =>
      // The viewer's own page (their role, what they wrote, their progress), for these filters.
      asCachedCaller(request, reply, { key: (session) => replyKey(session.portalId, 'catalog', session.userId, session.role, request.query.topicId, request.query.level, request.query.q, request.query.limit, request.query.offset) }, async (session, run) => {
        const viewer = viewerOf(session);
        const page = await readCatalogPage(deps.db, session.portalId, session.userId, catalogScope(viewer), request.query, run);
        // The SQL filter comes from catalogScope; each row is still put to the access module. A closed
        // row is in the page only because the viewer administers or manages one of its groups.
        const groupsOf = (row: { closed: boolean }): GroupAttachment =>
          row.closed ? { attached: true, viewerIsActiveMemberInWindow: false, viewerManagesHoldingGroup: viewer.role !== 'admin' } : OPEN;
        const listed = (kind: 'course' | 'test', row: { closed: boolean; hiddenFromExtranet: boolean; authorId: number }) =>
          catalogEntry(viewer, { kind, hiddenFromExtranet: row.hiddenFromExtranet, authorId: row.authorId, groups: groupsOf(row) }) !== 'absent';
        // Levels come in their order (beginner first) from the repository.
        const courses = page.courses.filter((c) => listed('course', c));
        const tests = page.tests.filter((t) => listed('test', t));
        return { hasMore: page.hasMore, courses, tests, topics: page.topics, canAuthor: canAuthor(viewer) };
      }),
  );

  api.get(
    '/api/courses/:id',
    {
      onRequest: anyone,
      schema: { ...common, summary: 'A course with its units, lessons and the viewer’s progress', params: IdParams, response: { 200: LearnerCourse, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardCourse(deps.db, session, request.params.id, 'open');
      const course = await readCourseForLearner(deps.db, session.portalId, head.courseId, session.userId);
      if (!course) throw notFound('course');
      const units = course.units.map((unit) => ({
        ...unit,
        estimatedMinutes: unit.lessons.reduce((sum, l) => sum + l.estimatedMinutes, 0) + (unit.test?.estimatedMinutes ?? 0),
      }));
      const lessons = units.flatMap((unit) => unit.lessons);
      const tests = units.flatMap((unit) => (unit.test ? [unit.test] : []));
      const done = lessons.filter((l) => l.done);
      return {
        ...course,
        descriptionHtml: renderLessonHtml(course.description),
        canManage: managesCourse(session, head),
        units,
        progress: {
          lessonsDone: done.length,
          lessonsTotal: lessons.length,
          minutesDone: done.reduce((sum, l) => sum + l.estimatedMinutes, 0) + tests.filter((t) => t.passed).reduce((sum, t) => sum + t.estimatedMinutes, 0),
          minutesTotal: units.reduce((sum, unit) => sum + unit.estimatedMinutes, 0),
          testsPassed: tests.filter((t) => t.passed).length,
          testsTotal: tests.length,
        },
      };
    },
  );

  api.get(
    '/api/lessons/:id',
    {
      onRequest: anyone,
      schema: { ...common, summary: 'A lesson, rendered to safe HTML on the server', params: IdParams, response: { 200: LearnerLesson, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardLesson(deps.db, session, request.params.id, 'open');
      const lesson = await readLessonForLearner(deps.db, session.portalId, head.courseId, head.lessonId, session.userId);
      if (!lesson) throw notFound('lesson');
      return {
        id: lesson.id,
        title: lesson.title,
        html: renderLessonHtml(lesson.bodyMarkdown),
        estimatedMinutes: lesson.estimatedMinutes,
        done: lesson.completedAt !== null,
        completedAt: lesson.completedAt?.toISOString() ?? null,
        course: { id: head.courseId, title: head.title },
        unit: { id: head.unitId, title: head.unitTitle },
        previousLessonId: lesson.previousLessonId,
        nextLessonId: lesson.nextLessonId,
      };
    },
  );

  api.post(
    '/api/lessons/:id/complete',
    {
      onRequest: anyone,
      schema: {
        ...common,
        summary: 'Mark a lesson done (the reader reached its end); a second call changes nothing',
        params: IdParams,
        response: { 200: Type.Object({ done: Type.Literal(true), completedAt: Type.String({ format: 'date-time' }) }), ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardLesson(deps.db, session, request.params.id, 'open');
      const completedAt = await completeLesson(deps.db, session.portalId, session.userId, head.lessonId, head.courseId);
      return { done: true as const, completedAt: completedAt.toISOString() };
    },
  );
}
