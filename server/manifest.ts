import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project-root';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * app.config.json is our own manifest (Bitrix24 has none): the app's code, version, scopes,
 * placements, events and handler paths, used by the install flow and the README's
 * "register the app" section. It holds no secrets.
 */
const Localized = Type.Object({ en: Type.String({ minLength: 1 }), ru: Type.String({ minLength: 1 }) });
const Level = Type.Union([Type.Literal('beginner'), Type.Literal('elementary'), Type.Literal('intermediate'), Type.Literal('advanced')]);
const AppPath = Type.String({ pattern: '^/' });

export const ManifestSchema = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
  name: Localized,
  version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$' }),
  scopes: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  paths: Type.Object({ application: AppPath, installer: AppPath, events: AppPath, placement: AppPath }),
  events: Type.Array(Type.String({ pattern: '^[A-Z]+$' })),
  placements: Type.Array(Type.Object({ code: Type.String({ pattern: '^[A-Z_]+$' }), title: Localized, description: Localized })),
  defaults: Type.Object({
    sessionTtlSeconds: Type.Integer({ minimum: 60 }),
    restLogRetentionDays: Type.Integer({ minimum: 3 }),
    rateLimit: Type.Object({ burst: Type.Integer({ minimum: 1 }), drainPerSecond: Type.Number({ exclusiveMinimum: 0 }) }),
    workgroupSyncMinutes: Type.Integer({ minimum: 1 }),
    defaultGroups: Type.Array(
      Type.Object({
        key: Type.String({ minLength: 1 }),
        name: Localized,
        maxLevel: Level,
        minutesPerWeek: Type.Integer({ minimum: 1 }),
        thresholdPercent: Type.Integer({ minimum: 0, maximum: 100 }),
      }),
    ),
  }),
});

export type Manifest = Static<typeof ManifestSchema>;

export class ManifestError extends Error {}

export function parseManifest(raw: unknown, source = 'app.config.json'): Manifest {
  if (!Value.Check(ManifestSchema, raw)) {
    const first = [...Value.Errors(ManifestSchema, raw)][0];
    throw new ManifestError(`${source}${first?.instancePath || ''}: ${first?.message ?? 'invalid'}`);
  }
  return raw;
}

export function loadManifest(file = path.join(projectRoot(), 'app.config.json')): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ManifestError(`app.config.json: not found at ${file}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`app.config.json: not valid JSON (${(error as Error).message})`);
  }
  return parseManifest(raw);
}
