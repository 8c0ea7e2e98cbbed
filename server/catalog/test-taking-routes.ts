import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { requireSession, sessionOf } from '../auth/guard';
import type { SessionClaims } from '../auth/session-token';
import { canSeeAttempt } from './content-access';
import { guardTest, managesTest, notFound, testItem, viewerOf } from './content-guard';
import { findAttempt, listAttempts, readQuestions, recordSubmission, startAttempt, type AttemptRow } from './attempts-repository';
import { readTestForManage } from './manage-read-repository';
import { scoreAttempt } from './test-scoring';
import { ProblemWithDetails } from './catalog-errors';
import { HttpError } from '../http/errors';
import { AttemptStart, AttemptView, IdParams, LearnerTest, SubmitBody, errors } from './catalog-schemas';

/**
 * Taking tests. The server scores; the correct options leave it only inside a submitted
 * attempt's review. Attempts are the viewer's own (content-access canSeeAttempt).
 */

const startView = (a: AttemptRow) => ({ id: a.id, number: a.number, startedAt: a.startedAt.toISOString() });

const attemptView = (a: AttemptRow) => ({
  ...startView(a),
  submittedAt: a.submittedAt?.toISOString() ?? null,
  score: a.score,
  passed: a.passed,
  correctCount: a.result?.correctCount ?? null,
  questionsCount: a.result?.questionsCount ?? null,
  review: a.submittedAt && a.result ? a.result.review : null,
});

export function testTakingRoutes(app: FastifyInstance, deps: { db: Knex; sessionSecret: string }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['tests'], security: [{ session: [] }] };
  const anyone = requireSession(deps);

  /** The attempt, if it is the viewer's and on a test they may open; otherwise 404. */
  async function ownAttempt(session: SessionClaims, attemptId: number) {
    const attempt = await findAttempt(deps.db, session.portalId, attemptId);
    if (!attempt) throw notFound('attempt');
    const head = await guardTest(deps.db, session, attempt.testId, 'open');
    if (!canSeeAttempt(viewerOf(session), attempt.personId, testItem(head))) throw notFound('attempt');
    return { attempt, head };
  }

  api.get(
    '/api/tests/:id',
    {
      onRequest: anyone,
      schema: { ...common, summary: 'A test to take: its questions and options, never which are correct', params: IdParams, response: { 200: LearnerTest, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardTest(deps.db, session, request.params.id, 'open');
      const test = await readTestForManage(deps.db, session.portalId, head.testId);
      if (!test) throw notFound('test');
      const attempts = await listAttempts(deps.db, session.portalId, head.testId, session.userId);
      const open = attempts.find((a) => a.submittedAt === null);
      return {
        id: test.id,
        title: test.title,
        description: test.description,
        passMark: test.passMark,
        attemptsAllowed: test.attemptsAllowed,
        attemptsUsed: attempts.length,
        estimatedMinutes: test.estimatedMinutes,
        hiddenFromExtranet: head.hiddenFromExtranet,
        course: head.courseId !== null && head.unitId !== null ? { id: head.courseId, title: head.courseTitle ?? '', unitId: head.unitId } : null,
        canManage: managesTest(session, head),
        // Built field by field: `correct` is not copied, whatever the stored option holds.
        questions: test.questions.map((q) => ({ id: q.id, text: q.text, kind: q.kind, options: q.options.map((o) => ({ id: o.id, text: o.text })) })),
        openAttempt: open ? startView(open) : null,
      };
    },
  );

  api.post(
    '/api/tests/:id/attempts',
    {
      onRequest: anyone,
      schema: {
        ...common,
        summary: 'Start an attempt (or get the one already open); refused with 409 ATTEMPT_LIMIT when none are left',
        params: IdParams,
        response: { 200: AttemptStart, 201: AttemptStart, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const head = await guardTest(deps.db, session, request.params.id, 'open');
      const questions = await readQuestions(deps.db, session.portalId, head.testId);
      if (questions.length === 0) throw new HttpError(409, 'TEST_EMPTY', 'This test has no questions yet.');
      const outcome = await startAttempt(deps.db, session.portalId, { testId: head.testId, attemptsAllowed: head.attemptsAllowed, title: head.title }, session.userId);
      if (outcome.kind === 'limit') {
        throw new ProblemWithDetails(409, 'ATTEMPT_LIMIT', `You have used all ${head.attemptsAllowed} attempts at this test.`, {
          attemptsAllowed: head.attemptsAllowed,
          attemptsUsed: outcome.used,
        });
      }
      return reply.status(outcome.kind === 'created' ? 201 : 200).send(startView(outcome.attempt));
    },
  );

  api.post(
    '/api/attempts/:id/submit',
    {
      onRequest: anyone,
      schema: {
        ...common,
        summary: 'Submit an attempt: the server scores it; a second submission returns the stored result unchanged',
        params: IdParams,
        body: SubmitBody,
        response: { 200: AttemptView, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { attempt, head } = await ownAttempt(session, request.params.id);
      if (attempt.submittedAt === null) {
        const questions = await readQuestions(deps.db, session.portalId, head.testId);
        const result = scoreAttempt(questions, request.body.answers, head.passMark);
        // Only the first of racing submissions writes; every caller then reads what was stored.
        await recordSubmission(deps.db, session.portalId, attempt.id, session.userId, result);
      }
      const stored = await findAttempt(deps.db, session.portalId, attempt.id);
      return attemptView(stored!);
    },
  );

  api.get(
    '/api/tests/:id/attempts',
    {
      onRequest: anyone,
      schema: {
        ...common,
        summary: 'The viewer’s own attempts at a test, newest first (answers shown for submitted ones only)',
        params: IdParams,
        response: { 200: Type.Object({ attempts: Type.Array(AttemptView) }), ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const head = await guardTest(deps.db, session, request.params.id, 'open');
      const attempts = await listAttempts(deps.db, session.portalId, head.testId, session.userId);
      return { attempts: attempts.filter((a) => canSeeAttempt(viewerOf(session), a.personId, testItem(head))).map(attemptView) };
    },
  );
}
