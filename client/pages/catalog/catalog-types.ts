/**
 * The catalog API's replies as the client reads them: the server's own reply schemas
 * (server/catalog/catalog-schemas.ts), imported as types only, so they cannot drift apart and
 * nothing of the server reaches the bundle. What is only the client's (form models) is typed here.
 */
import type * as Api from '../../../server/catalog/catalog-schemas';

export type {
  AttemptStart as StartedAttempt,
  AttemptView as AttemptResult,
  CatalogCourse,
  CatalogReply,
  CatalogTest,
  ContentLanguage,
  LearnerCourse as CourseReply,
  LearnerLesson as LessonReply,
  LearnerQuestion as TestQuestion,
  LearnerTest as TestReply,
  Level,
  ManageCourse,
  ManageLesson,
  ManageTest,
  ReviewItem,
  Topic,
  UnitTestSummary,
} from '../../../server/catalog/catalog-schemas';

export const LEVELS = ['beginner', 'elementary', 'intermediate', 'advanced'] as const satisfies readonly Api.Level[];
export type QuestionKind = Api.LearnerQuestion['kind'];
export type CourseUnit = Api.LearnerCourse['units'][number];
export type CourseProgress = Api.LearnerCourse['progress'];
export type Answer = Api.SubmitBody['answers'][number];
export type ManageUnit = Api.ManageCourse['units'][number];
export type ManageQuestion = Api.ManageTest['questions'][number];
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
