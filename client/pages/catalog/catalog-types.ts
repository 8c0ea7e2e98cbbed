/**
 * The catalog API's replies as the client reads them: the server's own reply schemas
 * (server/catalog/catalog-schemas.ts), imported as types only, so they cannot drift apart and
 * nothing of the server reaches the bundle. What is only the client's (form models) is typed here.
 */
import type * as Api from '../../../server/catalog/catalog-schemas';

export const LEVELS = ['beginner', 'elementary', 'intermediate', 'advanced'] as const satisfies readonly Api.Level[];
export type Level = Api.Level;
export type ContentLanguage = Api.ContentLanguage;
export type QuestionKind = Api.LearnerQuestion['kind'];
export type Topic = Api.Topic;

export type CatalogCourse = Api.CatalogCourse;
export type CatalogTest = Api.CatalogTest;
export type CatalogReply = Api.CatalogReply;
export type UnitTestSummary = Api.UnitTestSummary;
export type CourseReply = Api.LearnerCourse;
export type CourseUnit = CourseReply['units'][number];
export type CourseProgress = CourseReply['progress'];
export type LessonReply = Api.LearnerLesson;
export type TestQuestion = Api.LearnerQuestion;
export type TestReply = Api.LearnerTest;
export type StartedAttempt = Api.AttemptStart;
export type ReviewItem = Api.ReviewItem;
export type AttemptResult = Api.AttemptView;
export type Answer = Api.SubmitBody['answers'][number];

/* Authoring */

export type ManageLesson = Api.ManageLesson;
export type ManageCourse = Api.ManageCourse;
export type ManageUnit = ManageCourse['units'][number];
export type ManageTest = Api.ManageTest;
export type ManageQuestion = ManageTest['questions'][number];
export type ManageCourseRow = Api.ManageListItem & { unitsCount: number; lessonsCount: number };
export type ManageTestRow = Api.ManageListItem & { questionsCount: number };

/** An option as the question form holds it: a new one has no id yet. */
export interface ManageOption {
  id?: number;
  text: string;
  correct: boolean;
}

export interface CourseDeletePreview {
  units: number;
  lessons: number;
  tests: number;
  attempts: number;
  learners: number;
}

export interface TestDeletePreview {
  questions: number;
  attempts: number;
  learners: number;
}

export interface ImportProblem {
  path: string;
  line: number | null;
  message: string;
}

export interface ImportReply {
  kind: 'course' | 'test';
  id: number;
  title?: string;
  created: boolean;
}
