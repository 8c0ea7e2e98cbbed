import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { projectRoot } from '../project-root';
import { parseExchangeFile, type ExchangeFile } from './exchange-format';
import { importExchangeFile, type ImportOutcome } from './content-import';

/**
 * The demo content pack: exchange files in server/catalog/demo-pack/, loaded through the same
 * importer as any uploaded file (so the pack is checked by the same rules), one file per course
 * or test and language. Loading twice finds the first copy by key and language.
 */

export const DEMO_PACK_DIR = path.join(projectRoot(), 'server', 'catalog', 'demo-pack');

export interface DemoPackEntry {
  file: string;
  key: string;
  language: 'en' | 'ru';
  title: string;
  content: ExchangeFile;
}

export interface DemoPack {
  entries: DemoPackEntry[];
  /** Files that fail the format's checks: a bug of ours, reported when their language is asked for. */
  broken: Array<{ file: string; language: string | null; message: string }>;
}

/** Reads and checks every file of the pack. */
export async function readDemoPack(dir = DEMO_PACK_DIR): Promise<DemoPack> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return { entries: [], broken: [] };
  }
  const pack: DemoPack = { entries: [], broken: [] };
  for (const name of names) {
    const outcome = parseExchangeFile(await fs.readFile(path.join(dir, name), 'utf8'));
    const languageOfName = /\.(\w\w)\.json$/.exec(name)?.[1] ?? null;
    if (!outcome.ok) {
      const first = outcome.errors[0]!;
      pack.broken.push({ file: name, language: languageOfName, message: `${first.path || '/'} (line ${first.line ?? '?'}): ${first.message}` });
      continue;
    }
    const content = outcome.file;
    if (!content.key || !content.language) {
      pack.broken.push({ file: name, language: languageOfName, message: 'a pack file needs a key and a language' });
      continue;
    }
    const title = content.format === 'training-groups/course' ? content.course.title : content.test.title;
    pack.entries.push({ file: name, key: content.key, language: content.language, title, content });
  }
  return pack;
}

export interface DemoPackLoaded extends ImportOutcome {
  key: string;
  language: 'en' | 'ru';
}

export async function loadDemoPack(
  db: Knex,
  portalId: string,
  authorId: number,
  languages: ReadonlyArray<'en' | 'ru'>,
  dir = DEMO_PACK_DIR,
): Promise<DemoPackLoaded[]> {
  const pack = await readDemoPack(dir);
  const broken = pack.broken.filter((file) => file.language === null || languages.includes(file.language as 'en' | 'ru'));
  if (broken.length > 0) throw new Error(`demo pack file ${broken[0]!.file} is invalid at ${broken[0]!.message}`);
  const entries = pack.entries.filter((entry) => languages.includes(entry.language));
  const loaded: DemoPackLoaded[] = [];
  for (const entry of entries) {
    const outcome = await importExchangeFile(db, portalId, authorId, entry.content);
    loaded.push({ ...outcome, key: entry.key, language: entry.language });
  }
  return loaded;
}

/** Which pack items are already in the portal (by key and language). */
export async function loadedDemoPackItems(db: Knex, portalId: string, entries: readonly DemoPackEntry[]): Promise<Array<{ key: string; language: string; kind: 'course' | 'test'; id: number }>> {
  const keys = [...new Set(entries.map((entry) => entry.key))];
  if (keys.length === 0) return [];
  const courses = await db('courses').where('portal_id', portalId).whereIn('source_key', keys).whereNull('deleted_at').select('id', 'source_key', 'language');
  const tests = await db('tests').where('portal_id', portalId).whereIn('source_key', keys).whereNull('deleted_at').select('id', 'source_key', 'language');
  return [
    ...courses.map((row) => ({ key: row.source_key, language: row.language, kind: 'course' as const, id: row.id })),
    ...tests.map((row) => ({ key: row.source_key, language: row.language, kind: 'test' as const, id: row.id })),
  ];
}
