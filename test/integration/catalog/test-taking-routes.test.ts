import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import type { Role } from '../../../server/auth/session-token';

const ADMIN = 1;
const LEARNER = 10;

describe('catalog: taking tests through the API', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let other: SeededPortal;
  let courseId: number;
  let testId: number;
  const replies: LightMyRequestResponse[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(t.database.db);
    other = await seedPortal(t.database.db);
    courseId = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Passwords', { attemptsAllowed: 3 }));
    testId = (await get(`/api/courses/${courseId}`)).json().units[0].test.id;
    // Starting and migrating the embedded database takes long on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  async function call(method: 'GET' | 'POST', url: string, payload?: object, userId = LEARNER, role: Role = 'employee', on = portal) {
    const res = await t.app.inject({ method, url, headers: sessionHeader(t.config.sessionSecret, on, role, userId), ...(payload ? { payload } : {}) });
    replies.push(res);
    return res;
  }
  const get = (url: string, userId = LEARNER) => call('GET', url, undefined, userId);
  const post = (url: string, payload?: object, userId = LEARNER) => call('POST', url, payload, userId);

  /** The right options of each question, as only the database knows them. */
  async function answerKey(): Promise<Array<{ questionId: number; optionIds: number[] }>> {
    const rows = await t.database.db('question_options as o')
      .join('questions as q', (j) => j.on('q.portal_id', 'o.portal_id').andOn('q.id', 'o.question_id'))
      .where({ 'q.portal_id': portal.id, 'q.test_id': testId, 'o.correct': true })
      .select('q.id as question_id', 'o.id as option_id');
    const byQuestion = new Map<number, number[]>();
    for (const row of rows) byQuestion.set(row.question_id, [...(byQuestion.get(row.question_id) ?? []), row.option_id]);
    return [...byQuestion].map(([questionId, optionIds]) => ({ questionId, optionIds }));
  }

  it('serves the questions with no trace of which options are correct, before any submission', async () => {
    replies.length = 0;
    const test = (await get(`/api/tests/${testId}`)).json();
    expect(test).toMatchObject({ title: 'Passwords: check yourself', passMark: 60, attemptsAllowed: 3, attemptsUsed: 0, openAttempt: null, course: { id: courseId } });
    expect(test.questions).toHaveLength(2);
    const started = await post(`/api/tests/${testId}/attempts`);
    expect(started.statusCode).toBe(201);
    expect((await post(`/api/tests/${testId}/attempts`)).json().id).toBe(started.json().id); // the open one, not a new one
    expect((await get(`/api/tests/${testId}`)).json().openAttempt.id).toBe(started.json().id);
    const listed = (await get(`/api/tests/${testId}/attempts`)).json().attempts;
    expect(listed).toEqual([expect.objectContaining({ id: started.json().id, submittedAt: null, score: null, review: null })]);
    await get(`/api/courses/${courseId}`);
    await get('/api/catalog');
    expect(replies.length).toBeGreaterThan(5);
    for (const res of replies) {
      expect(res.body).not.toMatch(/"correct"\s*:|correctOptionIds|"review"\s*:\s*\[/);
    }
  });

  it('scores on the server, and a second submission changes nothing', async () => {
    const attemptId = (await post(`/api/tests/${testId}/attempts`)).json().id;
    const key = await answerKey();
    // First question right, second wrong (only one of its two right options): 50 % < 60 %.
    const answers = key.map((k, i) => (i === 0 ? k : { questionId: k.questionId, optionIds: k.optionIds.slice(0, 1) }));
    const submitted = await post(`/api/attempts/${attemptId}/submit`, { answers });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ id: attemptId, number: 1, score: 50, passed: false, correctCount: 1, questionsCount: 2 });
    expect(submitted.json().review[1]).toMatchObject({ correct: false, correctOptionIds: key[1]!.optionIds.sort((a, b) => a - b) });

    const again = await post(`/api/attempts/${attemptId}/submit`, { answers: key });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(submitted.json());
    const row = await t.database.db('test_attempts').where({ portal_id: portal.id, id: attemptId }).first();
    expect(row).toMatchObject({ score: 50, passed: false });
  });

  it('passes on a retake and shows both attempts, newest first', async () => {
    const attemptId = (await post(`/api/tests/${testId}/attempts`)).json().id;
    const passed = await post(`/api/attempts/${attemptId}/submit`, { answers: await answerKey() });
    expect(passed.json()).toMatchObject({ number: 2, score: 100, passed: true });
    const attempts = (await get(`/api/tests/${testId}/attempts`)).json().attempts;
    expect(attempts.map((a: { number: number; passed: boolean }) => [a.number, a.passed])).toEqual([
      [2, true],
      [1, false],
    ]);
    const course = (await get(`/api/courses/${courseId}`)).json();
    expect(course.units[0].test).toMatchObject({ attemptsUsed: 2, bestScore: 100, passed: true });
    expect(course.progress).toMatchObject({ testsPassed: 1, testsTotal: 1 });
  });

  it('holds the attempt limit under 10 concurrent start-and-submit runs', async () => {
    // Two attempts used above; the limit is 3.
    const runs = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const start = await post(`/api/tests/${testId}/attempts`);
        if (start.statusCode >= 300) return start;
        return post(`/api/attempts/${start.json().id}/submit`, { answers: [] });
      }),
    );
    const refused = runs.filter((r) => r.statusCode === 409);
    expect(runs.every((r) => r.statusCode === 200 || r.statusCode === 409)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.json()).toMatchObject({ error: 'ATTEMPT_LIMIT', details: { attemptsAllowed: 3, attemptsUsed: 3 } });
    const rows = await t.database.db('test_attempts').where({ portal_id: portal.id, test_id: testId, person_id: LEARNER }).orderBy('number');
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(rows.every((r) => r.submitted_at !== null)).toBe(true);
    const late = await post(`/api/tests/${testId}/attempts`);
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toMatch(/all 3 attempts/);
  });

  it('submits an attempt only once under 10 concurrent submissions', async () => {
    const learner = LEARNER + 1;
    const attemptId = (await post(`/api/tests/${testId}/attempts`, undefined, learner)).json().id;
    const key = await answerKey();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(`/api/attempts/${attemptId}/submit`, { answers: i % 2 ? key : [] }, learner)),
    );
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
    expect(results[0]!.statusCode).toBe(200);
  });

  it('keeps attempts to their owner and their portal', async () => {
    const mine = (await get(`/api/tests/${testId}/attempts`)).json().attempts[0].id;
    expect((await post(`/api/attempts/${mine}/submit`, { answers: [] }, LEARNER + 5)).statusCode).toBe(404);
    expect((await get(`/api/tests/${testId}/attempts`, LEARNER + 5)).json().attempts).toEqual([]);
    expect((await call('GET', `/api/tests/${testId}`, undefined, LEARNER, 'employee', other)).statusCode).toBe(404);
    expect((await call('POST', `/api/attempts/${mine}/submit`, { answers: [] }, LEARNER, 'employee', other)).statusCode).toBe(404);
  });

  it('names the field of a malformed submission', async () => {
    const res = await post(`/api/attempts/1/submit`, { answers: [{ questionId: 'x', optionIds: [] }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('answers.0.questionId');
  });
});
