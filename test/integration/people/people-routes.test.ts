import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, type SeededPortal } from '../../support/seed-portal';
import { upsertPeople } from '../../../server/people/people-repository';
import type { PersonRecord } from '../../../server/people/person-fields';

const someone = (userId: number, fields: Partial<PersonRecord> = {}): PersonRecord => ({
  userId,
  name: `Name${userId}`,
  lastName: `Last${userId}`,
  email: null,
  position: '',
  departmentIds: [1],
  userType: 'employee',
  active: true,
  photoUrl: null,
  ...fields,
});

describe('GET /api/people', () => {
  let t: TestApp;
  let mine: SeededPortal;
  let theirs: SeededPortal;
  beforeAll(async () => {
    t = await createTestApp();
    mine = await seedPortal(t.database.db);
    theirs = await seedPortal(t.database.db);
    await upsertPeople(t.database.db, mine.id, [
      someone(1, { name: 'Anna', lastName: 'Petrova', position: 'Managing Director', email: 'anna@acme.example' }),
      someone(3, { name: 'Olga', lastName: 'Smirnova', position: 'Sales Manager', departmentIds: [3, 2] }),
      someone(4, { name: 'John', lastName: 'Carter', userType: 'extranet', departmentIds: [] }),
      someone(20, { name: 'Olga', lastName: 'Inactive', active: false }),
      someone(21, { name: 'Percent', lastName: '100%_sure' }),
    ]);
    await upsertPeople(t.database.db, theirs.id, [someone(1, { name: 'Olga', lastName: 'Elsewhere' })]);
  });
  afterAll(async () => {
    await t.close();
  });
  const get = (url: string, role?: 'admin' | 'moderator' | 'employee' | 'extranet', portal = mine) =>
    t.app.inject({ method: 'GET', url, headers: role ? sessionHeader(t.config.sessionSecret, portal, role) : {} });

  it('finds active people of the caller portal by any word of name, position or e-mail', async () => {
    const res = await get('/api/people?search=olga', 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.json().people).toEqual([
      { userId: 3, name: 'Olga', lastName: 'Smirnova', email: null, position: 'Sales Manager', departmentIds: [3, 2], userType: 'employee', active: true, photoUrl: null },
    ]);
    expect((await get('/api/people?search=sales%20olga', 'moderator')).json().people.map((p: { userId: number }) => p.userId)).toEqual([3]);
    expect((await get('/api/people?search=acme.example', 'admin')).json().people.map((p: { userId: number }) => p.userId)).toEqual([1]);
  });

  it('includes inactive people only when asked', async () => {
    const ids = (await get('/api/people?search=olga&includeInactive=true', 'admin')).json().people.map((p: { userId: number }) => p.userId);
    expect(ids.sort()).toEqual([20, 3]);
  });

  it('treats % and _ in the search as plain characters', async () => {
    expect((await get('/api/people?search=%25', 'admin')).json().people.map((p: { userId: number }) => p.userId)).toEqual([21]);
    expect((await get('/api/people?search=_', 'admin')).json().people.map((p: { userId: number }) => p.userId)).toEqual([21]);
  });

  it('lists everyone, sorted by last name, up to the limit', async () => {
    const res = await get('/api/people?limit=2', 'admin');
    expect(res.json().people.map((p: { lastName: string }) => p.lastName)).toEqual(['100%_sure', 'Carter']);
    expect((await get('/api/people?limit=1000', 'admin')).statusCode).toBe(400);
  });

  it('is for admins and moderators only', async () => {
    expect((await get('/api/people')).statusCode).toBe(401);
    expect((await get('/api/people', 'employee')).statusCode).toBe(403);
    expect((await get('/api/people', 'extranet')).statusCode).toBe(403);
  });

  it('re-imports on an admin request, reusing jobs already queued', async () => {
    const post = (role: 'admin' | 'employee') =>
      t.app.inject({ method: 'POST', url: '/api/people/import', headers: sessionHeader(t.config.sessionSecret, mine, role) });
    const first = await post('admin');
    expect(first.statusCode).toBe(202);
    const { jobs } = first.json();
    expect(jobs).toEqual({ departments: expect.any(Number), people: expect.any(Number) });
    expect((await post('admin')).json().jobs).toEqual(jobs);
    expect((await post('employee')).statusCode).toBe(403);
    const kinds = await t.database.db('jobs').where({ portal_id: mine.id }).orderBy('id').pluck('kind');
    expect(kinds).toEqual(['import-departments', 'import-people']);
  });

  describe('GET /api/people/summary', () => {
    const summary = (role: 'admin' | 'moderator' | 'employee', portal: SeededPortal) =>
      t.app.inject({ method: 'GET', url: '/api/people/summary', headers: sessionHeader(t.config.sessionSecret, portal, role) });

    it('counts this portal only, and dates the last FULL import (a single-user re-read does not count)', async () => {
      const db = t.database.db;
      // Portals of their own, so the people seeded above do not count.
      const counted = await seedPortal(db);
      const neighbour = await seedPortal(db);
      await upsertPeople(db, counted.id, [someone(1), someone(2), someone(3, { active: false })]);
      await upsertPeople(db, neighbour.id, [someone(1), someone(2), someone(3), someone(4)]);
      await db('departments').insert({ portal_id: counted.id, department_id: 1, name: 'Acme' });
      const fullAt = new Date('2026-11-20T10:00:00Z');
      await db('jobs').insert([
        { portal_id: counted.id, kind: 'import-people', payload: {}, state: 'done', finished_at: fullAt },
        { portal_id: counted.id, kind: 'import-people', payload: { userIds: [5] }, state: 'done', finished_at: new Date('2026-11-22T10:00:00Z') },
        { portal_id: counted.id, kind: 'import-people', payload: {}, state: 'failed', finished_at: new Date('2026-11-23T10:00:00Z') },
        { portal_id: neighbour.id, kind: 'import-people', payload: {}, state: 'done', finished_at: new Date('2026-11-23T11:00:00Z') },
      ]);

      const res = await summary('moderator', counted);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        active: 2,
        inactive: 1,
        departments: 1,
        lastFullImportAt: fullAt.toISOString(),
        // A job from before imports counted their active and inactive people
        lastFullImport: { jobId: expect.any(Number), finishedAt: fullAt.toISOString(), read: 0, active: null, inactive: null, deactivated: null },
      });
    });

    it('says what the last full import read: how many people, how many of them active and inactive, and whom it no longer found', async () => {
      const db = t.database.db;
      const portal = await seedPortal(db);
      await upsertPeople(db, portal.id, [someone(1), someone(2), someone(3, { active: false }), someone(4, { active: false })]);
      const finishedAt = new Date('2026-11-24T08:30:00Z');
      const [job] = await db('jobs')
        .insert({ portal_id: portal.id, kind: 'import-people', payload: {}, state: 'done', finished_at: finishedAt, progress_done: 3, result: { imported: 3, active: 2, inactive: 1, deactivated: 1 } })
        .returning('id');

      const res = await summary('admin', portal);
      expect(res.json()).toEqual({
        active: 2,
        inactive: 2,
        departments: 0,
        lastFullImportAt: finishedAt.toISOString(),
        lastFullImport: { jobId: Number(job.id), finishedAt: finishedAt.toISOString(), read: 3, active: 2, inactive: 1, deactivated: 1 },
      });
    });

    it('is for admins and moderators', async () => {
      expect((await summary('employee', mine)).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/people/summary' })).statusCode).toBe(401);
    });
  });
});
