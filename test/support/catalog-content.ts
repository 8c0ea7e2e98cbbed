import type { Knex } from 'knex';
import { importExchangeFile } from '../../server/catalog/content-import';
import type { CourseFile, TestFile } from '../../server/catalog/exchange-format';

/** Small exchange files for catalog tests, written straight through the importer. */

export function courseFile(title: string, options: { hidden?: boolean; key?: string; lessonBody?: string; attemptsAllowed?: number | null; topic?: string } = {}): CourseFile {
  return {
    format: 'training-groups/course',
    version: 1,
    key: options.key ?? null,
    language: 'en',
    course: {
      title,
      description: `About ${title}`,
      hiddenFromExtranet: options.hidden ?? false,
      units: [
        {
          topic: options.topic ?? 'Passwords',
          level: 'beginner',
          title: `${title}: unit 1`,
          lessons: [
            { title: 'First lesson', body: options.lessonBody ?? '# Hello\n\nRead me to the end.', estimatedMinutes: 5 },
            { title: 'Second lesson', body: 'More text.', estimatedMinutes: 3 },
          ],
          test: {
            title: `${title}: check yourself`,
            passMark: 60,
            attemptsAllowed: options.attemptsAllowed === undefined ? 3 : options.attemptsAllowed,
            estimatedMinutes: 4,
            questions: [
              { text: 'Pick the long one', kind: 'single', options: [{ text: 'a long passphrase of four words', correct: true }, { text: '1234', correct: false }] },
              {
                text: 'Which are good habits?',
                kind: 'multiple',
                options: [
                  { text: 'A password manager', correct: true },
                  { text: 'Two-factor sign-in', correct: true },
                  { text: 'One password everywhere', correct: false },
                ],
              },
            ],
          },
        },
        {
          topic: 'Phishing',
          level: 'elementary',
          title: `${title}: unit 2`,
          lessons: [{ title: 'Spot the bait', body: 'Look at the sender.', estimatedMinutes: 4 }],
        },
      ],
    },
  };
}

export function testFile(title: string, options: { hidden?: boolean; attemptsAllowed?: number | null } = {}): TestFile {
  return {
    format: 'training-groups/test',
    version: 1,
    language: 'en',
    test: {
      title,
      description: 'A standalone test',
      hiddenFromExtranet: options.hidden ?? false,
      passMark: 50,
      attemptsAllowed: options.attemptsAllowed ?? null,
      estimatedMinutes: 5,
      questions: [{ text: 'Yes?', kind: 'single', options: [{ text: 'Yes', correct: true }, { text: 'No', correct: false }] }],
    },
  };
}

export async function seedCourse(db: Knex, portalId: string, authorId: number, file: CourseFile): Promise<number> {
  return (await importExchangeFile(db, portalId, authorId, file)).id;
}

export async function seedTest(db: Knex, portalId: string, authorId: number, file: TestFile): Promise<number> {
  return (await importExchangeFile(db, portalId, authorId, file)).id;
}
