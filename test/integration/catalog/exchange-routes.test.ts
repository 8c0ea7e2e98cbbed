import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import { issueSessionToken, type Role } from '../../../server/auth/session-token';

const ADMIN = 1;
const CATALOG_TABLES = ['courses', 'units', 'lessons', 'tests', 'questions', 'question_options', 'topics'];

describe('catalog: import, export and the demo pack', () => {
  let t: TestApp;
  let source: SeededPortal;
  let target: SeededPortal;

  beforeAll(async () => {
    t = await createTestApp();
    source = await seedPortal(t.database.db);
    target = await seedPortal(t.database.db);
    // Starting and migrating the embedded database takes long on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  const call = (portal: SeededPortal, method: 'GET' | 'POST', url: string, payload?: object, role: Role = 'admin') =>
    t.app.inject({ method, url, headers: sessionHeader(t.config.sessionSecret, portal, role, ADMIN), ...(payload ? { payload } : {}) });

  async function counts(portal: SeededPortal): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of CATALOG_TABLES) {
      const [row] = await t.database.db(table).where({ portal_id: portal.id }).count<{ count: number }[]>({ count: '*' });
      result[table] = Number(row!.count);
    }
    return result;
  }

  it('refuses an invalid file, naming the field and its line, and writes nothing', async () => {
    const file = courseFile('Broken') as any;
    file.course.units[1].lessons[0].estimatedMinutes = 'ten';
    const text = JSON.stringify(file, null, 2);
    const before = await counts(target);
    const res = await call(target, 'POST', '/api/catalog/import', { text });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('IMPORT_INVALID');
    const line = text.split('\n').findIndex((l) => l.includes('"estimatedMinutes": "ten"')) + 1;
    expect(body.details.errors).toEqual([{ path: '/course/units/1/lessons/0/estimatedMinutes', line, message: expect.any(String) }]);
    expect(body.message).toContain(`/course/units/1/lessons/0/estimatedMinutes (line ${line})`);
    expect(await counts(target)).toEqual(before);
  });

  it('writes nothing when the database refuses a row half-way through the file (one transaction)', async () => {
    const db = t.database.db;
    // A trigger stands in for any failure after the course, its topics and first unit are written.
    await db.raw(`CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql`);
    await db.raw(`CREATE TRIGGER lessons_refuse_boom BEFORE INSERT ON lessons FOR EACH ROW WHEN (NEW.title = 'boom') EXECUTE FUNCTION refuse_boom()`);
    try {
      const file = courseFile('Half') as any;
      file.course.units[1].lessons[0].title = 'boom';
      file.course.units[1].topic = 'A topic only this file has';
      const before = await counts(target);
      const res = await call(target, 'POST', '/api/catalog/import', { text: JSON.stringify(file) });
      expect(res.statusCode).toBe(500);
      expect(await counts(target)).toEqual(before);
    } finally {
      await db.raw('DROP TRIGGER lessons_refuse_boom ON lessons');
      await db.raw('DROP FUNCTION refuse_boom()');
    }
  });

  it('moves a course between portals by export and import, once', async () => {
    const id = await seedCourse(t.database.db, source.id, ADMIN, courseFile('Travelling course'));
    const exported = await call(source, 'GET', `/api/courses/${id}/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toBe('attachment; filename="Travelling-course.json"');
    const file = exported.json();
    expect(file).toMatchObject({ format: 'training-groups/course', version: 1, key: expect.stringMatching(/^course-/) });
    expect(file.course.units[0].test.questions[0].options.some((o: { correct: boolean }) => o.correct)).toBe(true);

    const first = await call(target, 'POST', '/api/catalog/import', { text: exported.body });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ kind: 'course', created: true, title: 'Travelling course' });
    const second = await call(target, 'POST', '/api/catalog/import', { text: exported.body });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ id: first.json().id, created: false });
    const reExported = (await call(target, 'GET', `/api/courses/${first.json().id}/export`)).json();
    expect(reExported).toEqual(file);
  });

  it('loads the demo pack in both languages, and loading it again adds nothing', async () => {
    const portal = await seedPortal(t.database.db);
    const offer = (await call(portal, 'GET', '/api/catalog/demo-pack')).json();
    expect(offer.available.map((a: { language: string }) => a.language).sort()).toEqual(['en', 'en', 'ru', 'ru']);
    expect(offer.loaded).toEqual([]);
    const first = await call(portal, 'POST', '/api/catalog/demo-pack', { languages: ['en', 'ru'] });
    expect(first.statusCode).toBe(200);
    expect(first.json().loaded.every((l: { created: boolean }) => l.created)).toBe(true);
    const after = await counts(portal);
    expect(after.courses).toBe(2);
    expect(after.units).toBeGreaterThanOrEqual(2 * 6 * 3);

    const again = await call(portal, 'POST', '/api/catalog/demo-pack', { languages: ['en'] });
    expect(again.json().loaded.map((l: { created: boolean }) => l.created)).toEqual([false, false]);
    expect(await counts(portal)).toEqual(after);
    expect((await call(portal, 'GET', '/api/catalog/demo-pack')).json().loaded).toHaveLength(4);
    const catalog = (await call(portal, 'GET', '/api/catalog', undefined, 'employee')).json();
    expect(catalog.courses).toHaveLength(2);
    expect(catalog.tests).toHaveLength(2);
  }, 180_000);

  it('loads the demo pack from the install wizard’s last step with its install token', async () => {
    const portal = await seedPortal(t.database.db);
    const token = (purpose: 'install' | 'app') =>
      `Bearer ${issueSessionToken(t.config.sessionSecret, { portalId: portal.id, memberId: portal.memberId, userId: ADMIN, role: 'admin', purpose }, 900).token}`;
    const viaInstall = await t.app.inject({ method: 'POST', url: '/api/install/demo-pack', headers: { authorization: token('install') }, payload: { languages: ['en'] } });
    expect(viaInstall.statusCode).toBe(200);
    expect(viaInstall.json().loaded.map((l: { language: string; created: boolean }) => [l.language, l.created])).toEqual([
      ['en', true],
      ['en', true],
    ]);
    const offer = await t.app.inject({ method: 'GET', url: '/api/install/demo-pack', headers: { authorization: token('install') } });
    expect(offer.json().loaded).toHaveLength(2);
    // Each token only where it belongs.
    expect((await t.app.inject({ method: 'GET', url: '/api/install/demo-pack', headers: { authorization: token('app') } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/catalog/demo-pack', headers: { authorization: token('install') } })).statusCode).toBe(403);
  }, 180_000);

  it('loads the demo pack for admins only', async () => {
    const moderator = await call(source, 'POST', '/api/catalog/demo-pack', { languages: ['en'] }, 'moderator');
    expect(moderator.statusCode).toBe(403);
    const bad = await call(source, 'POST', '/api/catalog/demo-pack', { languages: ['de'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('languages.0');
  });
});
