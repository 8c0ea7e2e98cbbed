import type { ApiClient } from '../../api';
import type {
  Answer,
  AttemptResult,
  CatalogReply,
  ContentLanguage,
  CourseDeletePreview,
  CourseReply,
  ImportReply,
  LessonReply,
  Level,
  ManageCourse,
  ManageCourseRow,
  ManageLesson,
  ManageOption,
  ManageTest,
  ManageTestRow,
  QuestionKind,
  StartedAttempt,
  TestDeletePreview,
  TestReply,
  Topic,
} from './catalog-types';

/** Filters of the catalog list; empty strings and nulls mean "any". */
export interface CatalogQuery {
  topicId: number | null;
  level: Level | null;
  q: string;
}

export function catalogPath(query: CatalogQuery, limit = 24, offset = 0): string {
  const params = new URLSearchParams();
  if (query.topicId !== null) params.set('topicId', String(query.topicId));
  if (query.level) params.set('level', query.level);
  if (query.q.trim()) params.set('q', query.q.trim());
  params.set('limit', String(limit));
  params.set('offset', String(offset));
  return `/api/catalog?${params}`;
}

export interface TestSettings {
  title: string;
  description?: string;
  hiddenFromExtranet?: boolean;
  passMark: number;
  attemptsAllowed: number | null;
  estimatedMinutes: number;
}

export interface QuestionDraft {
  text: string;
  kind: QuestionKind;
  options: ManageOption[];
}

/** Every catalog call the screens make, typed, in one place (the contract: notes/catalog-api.md). */
export function catalogClient(api: ApiClient) {
  return {
    /* Learning */
    catalog: (query: CatalogQuery, limit?: number, offset?: number) => api.get<CatalogReply>(catalogPath(query, limit, offset)),
    course: (id: number) => api.get<CourseReply>(`/api/courses/${id}`),
    lesson: (id: number) => api.get<LessonReply>(`/api/lessons/${id}`),
    completeLesson: (id: number) => api.post<{ done: true; completedAt: string }>(`/api/lessons/${id}/complete`),
    test: (id: number) => api.get<TestReply>(`/api/tests/${id}`),
    startAttempt: (testId: number) => api.post<StartedAttempt>(`/api/tests/${testId}/attempts`),
    submitAttempt: (attemptId: number, answers: Answer[]) => api.post<AttemptResult>(`/api/attempts/${attemptId}/submit`, { answers }),
    attempts: (testId: number) => api.get<{ attempts: AttemptResult[] }>(`/api/tests/${testId}/attempts`),

    /* Demo pack and exchange files */
    loadDemoPack: (languages: ContentLanguage[]) =>
      api.post<{ loaded: Array<{ key: string; language: ContentLanguage; kind: string; id: number; created: boolean }> }>('/api/catalog/demo-pack', { languages }),
    importFile: (text: string) => api.post<ImportReply>('/api/catalog/import', { text }),
    exportCourse: (id: number) => api.get<unknown>(`/api/courses/${id}/export`),
    exportTest: (id: number) => api.get<unknown>(`/api/tests/${id}/export`),

    /* Authoring: lists */
    manageCourses: (q = '') => api.get<{ courses: ManageCourseRow[] }>(`/api/manage/courses${q ? `?q=${encodeURIComponent(q)}` : ''}`),
    manageTests: (q = '') => api.get<{ tests: ManageTestRow[] }>(`/api/manage/tests${q ? `?q=${encodeURIComponent(q)}` : ''}`),
    topics: () => api.get<{ topics: Topic[] }>('/api/topics'),

    /* Courses and units (every change answers with the whole course as stored) */
    manageCourse: (id: number) => api.get<ManageCourse>(`/api/manage/courses/${id}`),
    createCourse: (fields: { title: string; description?: string; hiddenFromExtranet?: boolean }) => api.post<ManageCourse>('/api/courses', fields),
    updateCourse: (id: number, version: number, fields: { title?: string; description?: string; hiddenFromExtranet?: boolean }) =>
      api.patch<ManageCourse>(`/api/courses/${id}`, { version, ...fields }),
    courseDeletePreview: (id: number) => api.get<CourseDeletePreview>(`/api/courses/${id}/delete-preview`),
    deleteCourse: (id: number, version: number) => api.delete<{ deleted: true; kept: { attempts: number } }>(`/api/courses/${id}?version=${version}`),
    orderUnits: (courseId: number, version: number, unitIds: number[]) => api.put<ManageCourse>(`/api/courses/${courseId}/unit-order`, { version, unitIds }),
    createUnit: (courseId: number, fields: UnitFields) => api.post<ManageCourse>(`/api/courses/${courseId}/units`, unitBody(fields)),
    updateUnit: (id: number, version: number, fields: UnitFields) => api.patch<ManageCourse>(`/api/units/${id}`, { version, ...unitBody(fields) }),
    deleteUnit: (id: number, version: number) => api.delete<ManageCourse>(`/api/units/${id}?version=${version}`),
    orderLessons: (unitId: number, version: number, lessonIds: number[]) => api.put<ManageCourse>(`/api/units/${unitId}/lesson-order`, { version, lessonIds }),
    createUnitTest: (unitId: number, fields: TestSettings) => api.post<ManageTest>(`/api/units/${unitId}/test`, fields),

    /* Lessons */
    createLesson: (unitId: number, fields: LessonFields) => api.post<ManageLesson>(`/api/units/${unitId}/lessons`, fields),
    updateLesson: (id: number, version: number, fields: LessonFields) => api.patch<ManageLesson>(`/api/lessons/${id}`, { version, ...fields }),
    deleteLesson: (id: number, version: number) => api.delete<{ deleted: true }>(`/api/lessons/${id}?version=${version}`),
    previewLesson: (body: string) => api.post<{ html: string }>('/api/lessons/preview', { body }),

    /* Tests and questions (every change answers with the whole test as stored) */
    manageTest: (id: number) => api.get<ManageTest>(`/api/manage/tests/${id}`),
    createTest: (fields: TestSettings) => api.post<ManageTest>('/api/tests', fields),
    updateTest: (id: number, version: number, fields: Partial<TestSettings>) => api.patch<ManageTest>(`/api/tests/${id}`, { version, ...fields }),
    testDeletePreview: (id: number) => api.get<TestDeletePreview>(`/api/tests/${id}/delete-preview`),
    deleteTest: (id: number, version: number) => api.delete<{ deleted: true; kept: { attempts: number } }>(`/api/tests/${id}?version=${version}`),
    createQuestion: (testId: number, question: QuestionDraft) => api.post<ManageTest>(`/api/tests/${testId}/questions`, questionBody(question)),
    updateQuestion: (id: number, version: number, question: QuestionDraft) => api.patch<ManageTest>(`/api/questions/${id}`, { version, ...questionBody(question) }),
    deleteQuestion: (id: number, version: number) => api.delete<ManageTest>(`/api/questions/${id}?version=${version}`),
    orderQuestions: (testId: number, version: number, questionIds: number[]) => api.put<ManageTest>(`/api/tests/${testId}/question-order`, { version, questionIds }),
  };
}

export type CatalogClient = ReturnType<typeof catalogClient>;

export interface UnitFields {
  title: string;
  /** An existing topic, or the name of one to create (the server finds it case-insensitively). */
  topic: { id: number } | { name: string };
  level: Level;
}

export interface LessonFields {
  title: string;
  body: string;
  estimatedMinutes: number;
}

function unitBody(fields: UnitFields) {
  const topic = 'id' in fields.topic ? { topicId: fields.topic.id } : { topicName: fields.topic.name.trim() };
  return { title: fields.title, level: fields.level, ...topic };
}

/** Options go without ids: the server replaces the whole list. */
function questionBody(question: QuestionDraft) {
  return { text: question.text, kind: question.kind, options: question.options.map((o) => ({ text: o.text, correct: o.correct })) };
}
