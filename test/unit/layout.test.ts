import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The server's folders are rooms stacked on one another (STYLE.md, "A layout that shows the
 * architecture"): an import may only run down, or sideways within one room. This reads every
 * import of server/ (the dev-portal emulator aside: it stands apart, in place of Bitrix24) and
 * names each one that runs back up, so a misplaced file is caught when it is written.
 */

const SERVER = resolve(__dirname, '../../server');

/** Lowest first. A folder not listed here is a domain area (people, catalog, groups, ...). */
const RANKS: Record<string, number> = {
  config: 0,
  logging: 0,
  'project-root': 0,
  manifest: 0,
  db: 0,
  http: 0,
  bitrix: 1,
  tenants: 2,
  jobs: 3,
  auth: 4,
  portal: 5,
  // domain areas: 6
  app: 7,
  'app-worker': 7,
  'app-context': 7,
  main: 7,
  migrate: 7,
  'dev-portal': 7,
};
const DOMAIN_RANK = 6;

/** The Bitrix24 client stands on nothing of ours but these (it knows no HTTP routes of ours). */
const BITRIX_MAY_USE = new Set(['bitrix', 'config', 'db']);

/** The room of a path under server/: its first folder, or the top-level file's name. */
export function roomOf(pathUnderServer: string): string {
  const [first, ...rest] = pathUnderServer.split(/[\\/]/);
  return rest.length > 0 ? first : first.replace(/\.(ts|tsx|js)$/, '');
}

export function rankOf(room: string): number {
  return RANKS[room] ?? DOMAIN_RANK;
}

const isDomainArea = (room: string) => !(room in RANKS);
const isRepository = (path: string) => /(^|[\\/])([\w-]+-)?repository(\.ts)?$/.test(path);

/** Relative module specifiers a TypeScript file imports, re-exports or loads lazily. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /\bfrom\s+['"](\.{1,2}\/[^'"]*)['"]|\bimport\s*\(\s*['"](\.{1,2}\/[^'"]*)['"]|\brequire\s*\(\s*['"](\.{1,2}\/[^'"]*)['"]|^\s*import\s+['"](\.{1,2}\/[^'"]*)['"]/gm;
  for (const match of source.matchAll(pattern)) found.push(match[1] ?? match[2] ?? match[3] ?? match[4]);
  return found;
}

/** Why importing `to` from `from` (both relative to server/) breaks the layout, or null. */
export function violation(from: string, to: string): string | null {
  const fromRoom = roomOf(from);
  const toRoom = roomOf(to);
  if (fromRoom === toRoom) return null;
  if (fromRoom === 'bitrix' && !BITRIX_MAY_USE.has(toRoom)) return `bitrix/ may use only config and db/, not ${toRoom}`;
  if (rankOf(toRoom) > rankOf(fromRoom)) return `${fromRoom} stands below ${toRoom}`;
  if (isDomainArea(fromRoom) && isDomainArea(toRoom) && isRepository(to)) return `area ${fromRoom} reads area ${toRoom}'s repository directly`;
  return null;
}

function serverFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (relative(SERVER, path) !== 'dev-portal') files.push(...serverFiles(path));
    } else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}

describe('server layout', () => {
  it('has no import that runs back up', () => {
    const broken: string[] = [];
    for (const file of serverFiles(SERVER)) {
      const from = relative(SERVER, file);
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const target = resolve(dirname(file), specifier);
        if (!target.startsWith(SERVER + sep)) continue; // migrations/ and the like: outside the house
        const to = relative(SERVER, target);
        const why = violation(from, to);
        if (why) broken.push(`${from} -> ${to}: ${why}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('judges the rules themselves as intended', () => {
    expect(violation('bitrix/token-refresher.ts', 'tenants/portal-repository')).toMatch(/bitrix/);
    expect(violation('bitrix/rest-client.ts', 'http/errors')).toMatch(/bitrix/);
    expect(violation('bitrix/rest-client.ts', 'db/database')).toBeNull();
    expect(violation('auth/launch.ts', 'portal/events-inbox')).toMatch(/below/);
    expect(violation('portal/install.ts', 'auth/guard')).toBeNull();
    expect(violation('jobs/job-routes.ts', 'auth/guard')).toMatch(/below/);
    expect(violation('jobs/worker.ts', 'catalog/catalog-service')).toMatch(/below/);
    expect(violation('catalog/routes.ts', 'training/repository')).toMatch(/repository/);
    expect(violation('catalog/routes.ts', 'people/people-repository')).toMatch(/repository/);
    expect(violation('catalog/routes.ts', 'people/service')).toBeNull();
    expect(violation('catalog/routes.ts', 'catalog/repository')).toBeNull();
    expect(violation('app.ts', 'people/people-routes')).toBeNull();
    expect(violation('people/people-routes.ts', 'app-worker')).toMatch(/below/);
    expect(importsOf("import a from './a';\nexport { b } from \"../b\";\nimport './c';\nconst d = await import('./d');\nimport x from 'knex';")).toEqual([
      './a',
      '../b',
      './c',
      './d',
    ]);
  });
});

/**
 * The client is bundled for the browser: of the server it may read only reply types, from
 * schema-only modules (`*-schemas.ts`, TypeBox and nothing else), with `import type`, which the
 * bundler erases. Anything else would ship server code (or fail to build) in the browser.
 */
const CLIENT = resolve(__dirname, '../../client');

export function clientViolation(statement: string, target: string): string | null {
  if (!target.startsWith(SERVER + sep)) return null;
  if (!/-schemas$/.test(target)) return `only *-schemas modules of the server, not ${relative(SERVER, target)}`;
  if (!/^\s*(import|export)\s+type\b/.test(statement)) return 'only with `import type` (or `export type ... from`)';
  return null;
}

function clientFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? clientFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('client layout', () => {
  it('reads only reply types of the server, from schema-only modules', () => {
    const broken: string[] = [];
    for (const file of clientFiles(CLIENT)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"](\.{1,2}\/[^'"]*)['"]|\bimport\s*\(\s*['"](\.{1,2}\/[^'"]*)['"]/gm)) {
        const why = clientViolation(match[0], resolve(dirname(file), match[1] ?? match[2]));
        if (why) broken.push(`${relative(CLIENT, file)}: ${why}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('judges the rule itself as intended', () => {
    const schemas = join(SERVER, 'catalog', 'catalog-schemas');
    expect(clientViolation("import type * as Api from '../../server/catalog/catalog-schemas';", schemas)).toBeNull();
    expect(clientViolation("export type { Level } from '../../server/catalog/catalog-schemas';", schemas)).toBeNull();
    expect(clientViolation("import { Level } from '../../server/catalog/catalog-schemas';", schemas)).toMatch(/import type/);
    expect(clientViolation("export { Level } from '../../server/catalog/catalog-schemas';", schemas)).toMatch(/import type/);
    expect(clientViolation("import type { X } from '../server/catalog/learning-repository';", join(SERVER, 'catalog', 'learning-repository'))).toMatch(/schemas/);
    expect(clientViolation("import { api } from './api';", join(CLIENT, 'api'))).toBeNull();
  });
});
