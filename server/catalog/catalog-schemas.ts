import { Type, type Static, type TProperties } from '@fastify/type-provider-typebox';

/**
 * TypeBox schemas of the catalog API: they validate requests, shape replies and make /docs. The
 * replies' types (Static<>, at the end) are what the client reads: client/pages/catalog/catalog-types.ts
 * imports them as types only, so the two sides cannot drift and nothing of the server is bundled.
 * Keep this module schema-only (no I/O, no server imports): the client's type check reads it.
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const Id = Type.Integer({ minimum: 1, maximum: 9007199254740991 });
export const IdParams = Type.Object({ id: Id });
export const VersionQuery = Type.Object({ version: Type.Integer({ minimum: 1 }) });
export const Level = Type.Union([Type.Literal('beginner'), Type.Literal('elementary'), Type.Literal('intermediate'), Type.Literal('advanced')]);
export const Kind = Type.Union([Type.Literal('single'), Type.Literal('multiple')]);
export const Title = Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' });
export const Minutes = Type.Integer({ minimum: 0, maximum: 600 });
/**
 * The body of an edit (PATCH): the `version` the editor started from (409 EDIT_CONFLICT when someone
 * saved since) and any of `fields`; nothing else. Only `version` is required: an edit names what it changes.
 */
export function patchOf<T extends TProperties>(fields: T) {
  return Type.Object({ version: Type.Integer({ minimum: 1 }), ...Type.Partial(Type.Object(fields)).properties }, { additionalProperties: false });
}

export const Topic = Type.Object({ id: Type.Integer(), name: Type.String() });
/** The languages content is written in (the tables' CHECK allows these two). */
export const ContentLanguage = Type.Union([Type.Literal('en'), Type.Literal('ru')]);

export const ErrorReply = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  details: Type.Optional(Type.Unknown()),
});
/** The 4xx replies every catalog route may give. */
export const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply };

/** Closed content (attached to training groups) is listed only to admins and its groups' managers, marked so, with its groups. */
const ClosedMark = { closed: Type.Boolean(), groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) };

export const CatalogCourse = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  hiddenFromExtranet: Type.Boolean(),
  language: Nullable(ContentLanguage),
  topics: Type.Array(Topic),
  levels: Type.Array(Level),
  unitsCount: Type.Integer(),
  lessonsCount: Type.Integer(),
  estimatedMinutes: Type.Integer(),
  lessonsDone: Type.Integer(),
  ...ClosedMark,
});

export const CatalogTest = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  hiddenFromExtranet: Type.Boolean(),
  language: Nullable(ContentLanguage),
  questionsCount: Type.Integer(),
  estimatedMinutes: Type.Integer(),
  passMark: Type.Integer(),
  attemptsAllowed: Nullable(Type.Integer()),
  attemptsUsed: Type.Integer(),
  bestScore: Nullable(Type.Integer()),
  passed: Type.Boolean(),
  ...ClosedMark,
});

export const CatalogReply = Type.Object({
  /** More courses after this page (the server does not count them all: that costs more than the page). */
  hasMore: Type.Boolean(),
  courses: Type.Array(CatalogCourse),
  tests: Type.Array(CatalogTest),
  topics: Type.Array(Topic),
  canAuthor: Type.Boolean(),
});

export const UnitTestSummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  passMark: Type.Integer(),
  attemptsAllowed: Nullable(Type.Integer()),
  estimatedMinutes: Type.Integer(),
  questionsCount: Type.Integer(),
  attemptsUsed: Type.Integer(),
  bestScore: Nullable(Type.Integer()),
  passed: Type.Boolean(),
});

export const LearnerCourse = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  descriptionHtml: Type.String(),
  hiddenFromExtranet: Type.Boolean(),
  language: Nullable(ContentLanguage),
  canManage: Type.Boolean(),
  units: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      topic: Topic,
      level: Level,
      estimatedMinutes: Type.Integer(),
      lessons: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), estimatedMinutes: Type.Integer(), done: Type.Boolean() })),
      test: Nullable(UnitTestSummary),
    }),
  ),
  progress: Type.Object({
    lessonsDone: Type.Integer(),
    lessonsTotal: Type.Integer(),
    minutesDone: Type.Integer(),
    minutesTotal: Type.Integer(),
    testsPassed: Type.Integer(),
    testsTotal: Type.Integer(),
  }),
});

export const LearnerLesson = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  html: Type.String(),
  estimatedMinutes: Type.Integer(),
  done: Type.Boolean(),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
  course: Type.Object({ id: Type.Integer(), title: Type.String() }),
  unit: Type.Object({ id: Type.Integer(), title: Type.String() }),
  previousLessonId: Nullable(Type.Integer()),
  nextLessonId: Nullable(Type.Integer()),
});

/** A question as a learner gets it before submitting: no `correct` anywhere. */
export const LearnerQuestion = Type.Object({
  id: Type.Integer(),
  text: Type.String(),
  kind: Kind,
  options: Type.Array(Type.Object({ id: Type.Integer(), text: Type.String() })),
});

export const AttemptStart = Type.Object({ id: Type.Integer(), number: Type.Integer(), startedAt: Type.String({ format: 'date-time' }) });

export const LearnerTest = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  passMark: Type.Integer(),
  attemptsAllowed: Nullable(Type.Integer()),
  attemptsUsed: Type.Integer(),
  estimatedMinutes: Type.Integer(),
  hiddenFromExtranet: Type.Boolean(),
  course: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), unitId: Type.Integer() })),
  canManage: Type.Boolean(),
  questions: Type.Array(LearnerQuestion),
  openAttempt: Nullable(AttemptStart),
});

export const ReviewItem = Type.Object({
  questionId: Type.Integer(),
  text: Type.String(),
  kind: Kind,
  options: Type.Array(Type.Object({ id: Type.Integer(), text: Type.String() })),
  chosenOptionIds: Type.Array(Type.Integer()),
  correctOptionIds: Type.Array(Type.Integer()),
  correct: Type.Boolean(),
});

export const AttemptView = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  score: Nullable(Type.Integer()),
  passed: Nullable(Type.Boolean()),
  correctCount: Nullable(Type.Integer()),
  questionsCount: Nullable(Type.Integer()),
  /** Only for a submitted attempt: the correct answers never leave before submission. */
  review: Nullable(Type.Array(ReviewItem)),
});

export const SubmitBody = Type.Object(
  { answers: Type.Array(Type.Object({ questionId: Id, optionIds: Type.Array(Id, { maxItems: 10 }) }, { additionalProperties: false }), { maxItems: 100 }) },
  { additionalProperties: false },
);

export const ManageLesson = Type.Object({ id: Type.Integer(), title: Type.String(), body: Type.String(), estimatedMinutes: Type.Integer(), version: Type.Integer() });

export const ManageCourse = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  hiddenFromExtranet: Type.Boolean(),
  language: Nullable(ContentLanguage),
  authorId: Type.Integer(),
  canEdit: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  units: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      topic: Topic,
      level: Level,
      version: Type.Integer(),
      lessons: Type.Array(ManageLesson),
      test: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), version: Type.Integer() })),
    }),
  ),
});

export const ManageTest = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  hiddenFromExtranet: Type.Boolean(),
  passMark: Type.Integer(),
  attemptsAllowed: Nullable(Type.Integer()),
  estimatedMinutes: Type.Integer(),
  language: Nullable(ContentLanguage),
  authorId: Type.Integer(),
  canEdit: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  unitId: Nullable(Type.Integer()),
  courseId: Nullable(Type.Integer()),
  /** A unit's test: its course's title, for the editor's breadcrumbs. */
  courseTitle: Nullable(Type.String()),
  questions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      text: Type.String(),
      kind: Kind,
      version: Type.Integer(),
      options: Type.Array(Type.Object({ id: Type.Integer(), text: Type.String(), correct: Type.Boolean() })),
    }),
  ),
});

export const ManageListItem = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  hiddenFromExtranet: Type.Boolean(),
  language: Nullable(ContentLanguage),
  authorId: Type.Integer(),
  canEdit: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  unitsCount: Type.Optional(Type.Integer()),
  lessonsCount: Type.Optional(Type.Integer()),
  questionsCount: Type.Optional(Type.Integer()),
  /** Attached to a training group (closed content); listed only to those who may open it. */
  closed: Type.Boolean(),
  /** For a closed item: the holding groups the viewer manages (admins: all). */
  groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
});

export const OptionInput = Type.Object({ text: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }), correct: Type.Boolean() }, { additionalProperties: false });
export const QuestionInput = {
  text: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
  kind: Kind,
  options: Type.Array(OptionInput, { minItems: 2, maxItems: 10 }),
};
export const TestInput = {
  title: Title,
  description: Type.String({ maxLength: 20000 }),
  hiddenFromExtranet: Type.Boolean(),
  passMark: Type.Integer({ minimum: 0, maximum: 100 }),
  attemptsAllowed: Nullable(Type.Integer({ minimum: 1, maximum: 100 })),
  estimatedMinutes: Minutes,
};

const { title: _title, ...testSettings } = TestInput;
export const TestCreateBody = Type.Object({ title: Title, ...Type.Partial(Type.Object(testSettings)).properties }, { additionalProperties: false });
export const TestPatchBody = patchOf(TestInput);

/** What the demo pack holds and what of it the portal already has (GET .../demo-pack). */
export const DemoPackState = Type.Object({
  available: Type.Array(Type.Object({ key: Type.String(), language: ContentLanguage, title: Type.String(), kind: Type.Union([Type.Literal('course'), Type.Literal('test')]) })),
  loaded: Type.Array(Type.Object({ key: Type.String(), language: Nullable(ContentLanguage), kind: Type.Union([Type.Literal('course'), Type.Literal('test')]), id: Type.Integer() })),
});

/* The replies as types, for the client. */
export type Topic = Static<typeof Topic>;
export type Level = Static<typeof Level>;
export type ContentLanguage = Static<typeof ContentLanguage>;
export type CatalogCourse = Static<typeof CatalogCourse>;
export type CatalogTest = Static<typeof CatalogTest>;
export type CatalogReply = Static<typeof CatalogReply>;
export type UnitTestSummary = Static<typeof UnitTestSummary>;
export type LearnerCourse = Static<typeof LearnerCourse>;
export type LearnerLesson = Static<typeof LearnerLesson>;
export type LearnerQuestion = Static<typeof LearnerQuestion>;
export type LearnerTest = Static<typeof LearnerTest>;
export type AttemptStart = Static<typeof AttemptStart>;
export type ReviewItem = Static<typeof ReviewItem>;
export type AttemptView = Static<typeof AttemptView>;
export type ManageLesson = Static<typeof ManageLesson>;
export type ManageCourse = Static<typeof ManageCourse>;
export type ManageTest = Static<typeof ManageTest>;
export type ManageListItem = Static<typeof ManageListItem>;
export type DemoPackState = Static<typeof DemoPackState>;
export type SubmitBody = Static<typeof SubmitBody>;
