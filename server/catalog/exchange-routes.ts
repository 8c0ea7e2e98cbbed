import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { requireSession, sessionOf } from '../auth/guard';
import { HttpError } from '../http/errors';
import { canLoadDemoPack } from './content-access';
import { guardCourse, guardTest, notFound, viewerOf } from './content-guard';
import { exportCourse, exportTest } from './content-export';
import { parseExchangeFile, CourseFile, TestFile } from './exchange-format';
import { importExchangeFile } from './content-import';
import { loadDemoPack, loadedDemoPackItems, readDemoPack, DEMO_PACK_DIR } from './demo-pack';
import { ProblemWithDetails } from './catalog-errors';
import { ContentLanguage as Language, DemoPackState, IdParams, errors } from './catalog-schemas';

const ImportReply = Type.Object({ kind: Type.Union([Type.Literal('course'), Type.Literal('test')]), id: Type.Integer(), created: Type.Boolean(), title: Type.String() });

const DemoLoaded = Type.Object({ ...ImportReply.properties, key: Type.String(), language: Language });

const attachment = (name: string) => `attachment; filename="${name.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'export'}.json"`;

/** Moving content between portals (export / import) and the demo pack. */
export function exchangeRoutes(app: FastifyInstance, deps: { db: Knex; sessionSecret: string; demoPackDir?: string }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['exchange'], security: [{ session: [] }] };
  const authors = requireSession(deps, ['admin', 'moderator']);
  const admins = requireSession(deps, ['admin']);
  const db = deps.db;
  const packDir = deps.demoPackDir ?? DEMO_PACK_DIR;

  api.get(
    '/api/courses/:id/export',
    { onRequest: authors, schema: { ...common, summary: 'A course as one exchange file (format training-groups/course, version 1)', params: IdParams, response: { 200: CourseFile, ...errors } } },
    async (request, reply) => {
      const session = sessionOf(request);
      const head = await guardCourse(db, session, request.params.id, 'open');
      const file = await exportCourse(db, session.portalId, head.courseId);
      if (!file) throw notFound('course');
      return reply.header('content-disposition', attachment(file.course.title)).send(file);
    },
  );

  api.get(
    '/api/tests/:id/export',
    { onRequest: authors, schema: { ...common, summary: 'A standalone test as one exchange file (format training-groups/test, version 1)', params: IdParams, response: { 200: TestFile, ...errors } } },
    async (request, reply) => {
      const session = sessionOf(request);
      const head = await guardTest(db, session, request.params.id, 'open');
      if (head.courseId !== null) throw new HttpError(400, 'UNIT_TEST', "A unit's test travels with its course: export the course.", 'id');
      const file = await exportTest(db, session.portalId, head.testId);
      if (!file) throw notFound('test');
      return reply.header('content-disposition', attachment(file.test.title)).send(file);
    },
  );

  api.post(
    '/api/catalog/import',
    {
      onRequest: authors,
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        ...common,
        summary: 'Import one exchange file (its text); every error names the JSON pointer and line; nothing is written on any error',
        body: Type.Object({ text: Type.String({ maxLength: 5 * 1024 * 1024 }) }, { additionalProperties: false }),
        response: { 200: ImportReply, 201: ImportReply, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const outcome = parseExchangeFile(request.body.text);
      if (!outcome.ok) {
        const first = outcome.errors[0]!;
        const where = `${first.path || 'the file'}${first.line ? ` (line ${first.line})` : ''}`;
        throw new ProblemWithDetails(400, 'IMPORT_INVALID', `The file was not imported: ${where} ${first.message}.`, { errors: outcome.errors });
      }
      const imported = await importExchangeFile(db, session.portalId, session.userId, outcome.file);
      return reply.status(imported.created ? 201 : 200).send(imported);
    },
  );

  // The same two routes for the app (an admin's session) and for the install wizard's last step
  // (its install-purpose token, so a fresh portal can start with content before the app opens).
  const demoPackRoutes = [
    { prefix: '/api/catalog', guard: admins, where: 'from the catalog' },
    { prefix: '/api/install', guard: requireSession(deps, ['admin'], 'install'), where: "in the install wizard's last step" },
  ];
  for (const { prefix, guard, where } of demoPackRoutes) {
    api.get(
      `${prefix}/demo-pack`,
      {
        onRequest: guard,
        schema: {
          ...common,
          summary: `What the demo pack holds and what of it this portal already has (${where})`,
          response: { 200: DemoPackState, ...errors },
        },
      },
      async (request) => {
        const session = sessionOf(request);
        const pack = await readDemoPack(packDir);
        return {
          available: pack.entries.map((e) => ({ key: e.key, language: e.language, title: e.title, kind: e.content.format === 'training-groups/course' ? ('course' as const) : ('test' as const) })),
          loaded: (await loadedDemoPackItems(db, session.portalId, pack.entries)) as never,
        };
      },
    );

    api.post(
      `${prefix}/demo-pack`,
      {
        onRequest: guard,
        schema: {
          ...common,
          summary: `Load the demo pack in the given languages; loading again adds nothing (${where})`,
          body: Type.Object({ languages: Type.Array(Language, { minItems: 1, maxItems: 2, uniqueItems: true }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ loaded: Type.Array(DemoLoaded) }), ...errors },
        },
      },
      async (request) => {
        const session = sessionOf(request);
        if (!canLoadDemoPack(viewerOf(session))) throw new HttpError(403, 'FORBIDDEN', 'Only an administrator loads the demo pack.');
        return { loaded: await loadDemoPack(db, session.portalId, session.userId, request.body.languages, packDir) };
      },
    );
  }
}
