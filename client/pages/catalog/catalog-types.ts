/**
 * The catalog API's replies as the client reads them (notes/catalog-api.md). Only what the screens
 * use is typed; the server may send more.
 */

export const LEVELS = ['beginner', 'elementary', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];
export type ContentLanguage = 'en' | 'ru';
export type QuestionKind = 'single' | 'multiple';

export interface Topic {
  id: number;
  name: string;
}

export interface CatalogCourse {
  id: number;
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  language: ContentLanguage | null;
  topics: Topic[];
  levels: Level[];
  unitsCount: number;
  lessonsCount: number;
  estimatedMinutes: number;
  lessonsDone: number;
}

export interface CatalogTest {
  id: number;
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  language: ContentLanguage | null;
  questionsCount: number;
  estimatedMinutes: number;
  passMark: number;
  attemptsAllowed: number | null;
  attemptsUsed: number;
  bestScore: number | null;
  passed: boolean;
}

export interface CatalogReply {
  /** More courses after this page (the server does not count them all: that costs more than the page). */
  hasMore: boolean;
  courses: CatalogCourse[];
  tests: CatalogTest[];
  topics: Topic[];
  canAuthor: boolean;
}

export interface UnitTestSummary {
  id: number;
  title: string;
  passMark: number;
  attemptsAllowed: number | null;
  attemptsUsed: number;
  bestScore: number | null;
  passed: boolean;
  questionsCount: number;
  estimatedMinutes: number;
}

export interface CourseUnit {
  id: number;
  title: string;
  topic: Topic;
  level: Level;
  estimatedMinutes: number;
  lessons: Array<{ id: number; title: string; estimatedMinutes: number; done: boolean }>;
  test: UnitTestSummary | null;
}

export interface CourseProgress {
  lessonsDone: number;
  lessonsTotal: number;
  minutesDone: number;
  minutesTotal: number;
  testsPassed: number;
  testsTotal: number;
}

export interface CourseReply {
  id: number;
  title: string;
  description: string;
  descriptionHtml: string;
  hiddenFromExtranet: boolean;
  language: ContentLanguage | null;
  canManage: boolean;
  units: CourseUnit[];
  progress: CourseProgress;
}

export interface LessonReply {
  id: number;
  title: string;
  html: string;
  estimatedMinutes: number;
  done: boolean;
  completedAt: string | null;
  course: { id: number; title: string };
  unit: { id: number; title: string };
  previousLessonId: number | null;
  nextLessonId: number | null;
}

export interface TestQuestion {
  id: number;
  text: string;
  kind: QuestionKind;
  options: Array<{ id: number; text: string }>;
}

export interface TestReply {
  id: number;
  title: string;
  description: string;
  passMark: number;
  attemptsAllowed: number | null;
  attemptsUsed: number;
  estimatedMinutes: number;
  hiddenFromExtranet: boolean;
  course: { id: number; title: string; unitId: number } | null;
  canManage: boolean;
  questions: TestQuestion[];
  openAttempt: { id: number; number: number; startedAt: string } | null;
}

export interface StartedAttempt {
  id: number;
  number: number;
  startedAt: string;
}

export interface ReviewItem {
  questionId: number;
  text: string;
  kind: QuestionKind;
  chosenOptionIds: number[];
  correctOptionIds: number[];
  correct: boolean;
  options: Array<{ id: number; text: string }>;
}

export interface AttemptResult {
  id: number;
  number: number;
  startedAt: string;
  submittedAt: string | null;
  score: number | null;
  passed: boolean | null;
  correctCount?: number | null;
  questionsCount?: number | null;
  review: ReviewItem[] | null;
}

export interface Answer {
  questionId: number;
  optionIds: number[];
}

/* Authoring */

export interface ManageLesson {
  id: number;
  title: string;
  body: string;
  estimatedMinutes: number;
  version: number;
}

export interface ManageUnit {
  id: number;
  title: string;
  topic: Topic;
  level: Level;
  version: number;
  lessons: ManageLesson[];
  test: { id: number; title: string; version: number } | null;
}

export interface ManageCourse {
  id: number;
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  language: ContentLanguage | null;
  authorId: number;
  canEdit: boolean;
  version: number;
  updatedAt: string;
  units: ManageUnit[];
}

export interface ManageOption {
  id?: number;
  text: string;
  correct: boolean;
}

export interface ManageQuestion {
  id: number;
  text: string;
  kind: QuestionKind;
  version: number;
  options: ManageOption[];
}

export interface ManageTest {
  id: number;
  title: string;
  description: string;
  hiddenFromExtranet: boolean;
  passMark: number;
  attemptsAllowed: number | null;
  estimatedMinutes: number;
  authorId: number;
  canEdit: boolean;
  version: number;
  unitId: number | null;
  courseId: number | null;
  courseTitle: string | null;
  questions: ManageQuestion[];
}

export interface ManageCourseRow {
  id: number;
  title: string;
  hiddenFromExtranet: boolean;
  language: ContentLanguage | null;
  authorId: number;
  canEdit: boolean;
  unitsCount: number;
  lessonsCount: number;
  updatedAt: string;
  version: number;
}

export interface ManageTestRow {
  id: number;
  title: string;
  hiddenFromExtranet: boolean;
  language: ContentLanguage | null;
  authorId: number;
  canEdit: boolean;
  questionsCount: number;
  updatedAt: string;
  version: number;
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

export interface DemoPackState {
  available: Array<{ key: string; language: ContentLanguage; title: string }>;
  loaded: Array<{ key: string; language: ContentLanguage; courseId: number }>;
}
