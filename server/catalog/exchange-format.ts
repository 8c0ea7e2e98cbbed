import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/**
 * The course / test exchange file, version 1 (shared with the demo pack, import and export; see
 * notes/content-format.md). Pure: text in, a checked file or a list of errors out, each error
 * naming its JSON pointer and, where the text has it, its line.
 */

export const LEVELS = ['beginner', 'elementary', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];
export const LANGUAGES = ['en', 'ru'] as const;

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Minutes = Type.Integer({ minimum: 0, maximum: 600 });

export const ExchangeOption = Type.Object({ text: Text(1000), correct: Type.Boolean() }, { additionalProperties: false });
export const ExchangeQuestion = Type.Object(
  {
    text: Text(2000),
    kind: Type.Union([Type.Literal('single'), Type.Literal('multiple')]),
    options: Type.Array(ExchangeOption, { minItems: 2, maxItems: 10 }),
  },
  { additionalProperties: false },
);
const TestFields = {
  title: Text(300),
  passMark: Type.Integer({ minimum: 0, maximum: 100 }),
  attemptsAllowed: Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()]),
  estimatedMinutes: Minutes,
  questions: Type.Array(ExchangeQuestion, { minItems: 1, maxItems: 100 }),
};
export const ExchangeUnitTest = Type.Object(TestFields, { additionalProperties: false });
export const ExchangeStandaloneTest = Type.Object(
  { ...TestFields, description: Type.String({ maxLength: 20000 }), hiddenFromExtranet: Type.Boolean() },
  { additionalProperties: false },
);
export const ExchangeLesson = Type.Object(
  { title: Text(300), body: Type.String({ maxLength: 200000 }), estimatedMinutes: Minutes },
  { additionalProperties: false },
);
export const ExchangeUnit = Type.Object(
  {
    topic: Text(200),
    level: Type.Union([Type.Literal('beginner'), Type.Literal('elementary'), Type.Literal('intermediate'), Type.Literal('advanced')]),
    title: Text(300),
    lessons: Type.Array(ExchangeLesson, { maxItems: 50 }),
    test: Type.Optional(Type.Union([ExchangeUnitTest, Type.Null()])),
  },
  { additionalProperties: false },
);
export const ExchangeCourse = Type.Object(
  {
    title: Text(300),
    description: Type.String({ maxLength: 20000 }),
    hiddenFromExtranet: Type.Boolean(),
    units: Type.Array(ExchangeUnit, { maxItems: 200 }),
  },
  { additionalProperties: false },
);
const Head = {
  version: Type.Literal(1),
  key: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._-]+$' }), Type.Null()])),
  language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru'), Type.Null()])),
};
export const CourseFile = Type.Object(
  { format: Type.Literal('training-groups/course'), ...Head, course: ExchangeCourse },
  { additionalProperties: false, $id: 'CourseFile' },
);
export const TestFile = Type.Object(
  { format: Type.Literal('training-groups/test'), ...Head, test: ExchangeStandaloneTest },
  { additionalProperties: false, $id: 'TestFile' },
);

export type ExchangeQuestion = Static<typeof ExchangeQuestion>;
export type ExchangeUnitTest = Static<typeof ExchangeUnitTest>;
export type ExchangeStandaloneTest = Static<typeof ExchangeStandaloneTest>;
export type CourseFile = Static<typeof CourseFile>;
export type TestFile = Static<typeof TestFile>;
export type ExchangeFile = CourseFile | TestFile;

export interface ImportProblem {
  /** JSON pointer of the value at fault ('' is the whole file). */
  path: string;
  /** 1-based line of that value in the uploaded text, when it is there. */
  line: number | null;
  message: string;
}

export type ParseOutcome = { ok: true; file: ExchangeFile } | { ok: false; errors: ImportProblem[] };

const MAX_ERRORS = 50;

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

function segments(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The line of the value at `pointer`, or of the nearest enclosing value that exists. */
function lineOf(text: string, tree: Node | undefined, pointer: string): number | null {
  if (!tree) return null;
  const path = segments(pointer);
  for (let length = path.length; length >= 0; length -= 1) {
    const node = findNodeAtLocation(tree, path.slice(0, length));
    // For an object member the key's line reads best: that is where the field is named.
    if (node) return lineAt(text, node.parent?.type === 'property' ? node.parent.offset : node.offset);
  }
  return null;
}

/** Rules the schema cannot say: which options may be correct, and that a file's parts fit together. */
function questionProblems(questions: readonly ExchangeQuestion[], at: string): Array<Omit<ImportProblem, 'line'>> {
  const problems: Array<Omit<ImportProblem, 'line'>> = [];
  questions.forEach((question, index) => {
    const correct = question.options.filter((option) => option.correct).length;
    if (question.kind === 'single' && correct !== 1) {
      problems.push({ path: `${at}/${index}/options`, message: `a single-choice question needs exactly one correct option (it has ${correct})` });
    }
    if (question.kind === 'multiple' && correct < 1) {
      problems.push({ path: `${at}/${index}/options`, message: 'a multiple-choice question needs at least one correct option' });
    }
  });
  return problems;
}

function schemaProblems(schema: typeof CourseFile | typeof TestFile, value: unknown): Array<Omit<ImportProblem, 'line'>> {
  const problems: Array<Omit<ImportProblem, 'line'>> = [];
  for (const error of Value.Errors(schema, value)) {
    // additionalProperties is reported twice (once per extra key, once for the object): keep the per-key one.
    if (error.keyword === 'additionalProperties') continue;
    if (error.keyword === 'boolean') {
      problems.push({ path: error.instancePath, message: 'is not a field of this format' });
    } else if (error.keyword === 'required') {
      const missing = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      for (const name of missing) problems.push({ path: `${error.instancePath}/${name}`, message: 'is required' });
    } else if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      problems.push({ path: error.instancePath, message: 'has a value this format does not allow' });
    } else {
      problems.push({ path: error.instancePath, message: error.message });
    }
  }
  // A union reports each branch's complaint too; one line per path is enough for a person.
  const seen = new Set<string>();
  return problems.filter((problem) => (seen.has(problem.path) ? false : (seen.add(problem.path), true)));
}

/** Reads an uploaded exchange file's text: JSON syntax, then the format's schema, then its rules. */
export function parseExchangeFile(text: string): ParseOutcome {
  const syntax: ParseError[] = [];
  const tree = parseTree(text, syntax, { allowTrailingComma: false, disallowComments: true });
  if (syntax.length > 0 || !tree) {
    const errors = (syntax.length ? syntax : [{ error: 0, offset: 0, length: 0 }]).slice(0, MAX_ERRORS).map((problem) => ({
      path: '',
      line: lineAt(text, problem.offset),
      message: syntax.length ? `not valid JSON: ${printParseErrorCode(problem.error)}` : 'the file is empty',
    }));
    return { ok: false, errors };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ path: '', line: null, message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const format = (value as { format?: unknown } | null)?.format;
  const schema = format === 'training-groups/course' ? CourseFile : format === 'training-groups/test' ? TestFile : null;
  if (!schema || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      errors: [{ path: '/format', line: lineOf(text, tree, '/format'), message: 'must be "training-groups/course" or "training-groups/test"' }],
    };
  }
  let problems = schemaProblems(schema, value);
  if (problems.length === 0) {
    const file = value as ExchangeFile;
    if (file.format === 'training-groups/course') {
      file.course.units.forEach((unit, index) => {
        if (unit.test) problems.push(...questionProblems(unit.test.questions, `/course/units/${index}/test/questions`));
      });
    } else {
      problems = questionProblems(file.test.questions, '/test/questions');
    }
  }
  if (problems.length > 0) {
    return { ok: false, errors: problems.slice(0, MAX_ERRORS).map((problem) => ({ ...problem, line: lineOf(text, tree, problem.path) })) };
  }
  return { ok: true, file: value as ExchangeFile };
}
