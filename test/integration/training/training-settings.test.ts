import { createTestApp, type TestApp } from '../../support/app';
import { seedPortal, sessionHeader, SEEDED_MODERATOR, type SeededPortal } from '../../support/seed-portal';
import { courseFile, seedCourse } from '../../support/catalog-content';
import type { Role } from '../../../server/auth/session-token';
import { trainingSettingsBody } from '../../support/training-settings';

/**
 * Group training settings through the API (issue 10 part 1): defaults until first saved, saved
 * with a version (a stale one is refused, nothing overwritten), only by whoever may edit the
 * group, validated against the portal's topics and the group's courses; and the preview of the
 * group plan they make, with the catch-up intensity of a late joiner.
 *
 * The seeded course has unit 1 (Passwords, beginner, 5 + 3 lesson minutes + a 4-minute test = 12)
 * and unit 2 (Phishing, elementary, 4 minutes). At 20 min/week from Monday 2026-03-02: unit 1 opens
 * day 0 and is due day ceil(7*12/20) = 5; unit 2 opens day floor(84/20) = 4, due day ceil(7*16/20) = 6.
 */

const ADMIN = 1;
const OTHER_MODERATOR = 3;

describe('group training settings', () => {
  let t: TestApp;
  let portal: SeededPortal;
  let other: SeededPortal;
  let groupId: number;
  let moderatorGroupId: number;
  let unitIds: number[];

  const call = (method: 'GET' | 'PUT' | 'POST', url: string, role: Role, userId: number, payload?: object, on: SeededPortal = portal) =>
    t.app.inject({ method, url, headers: sessionHeader(t.config.sessionSecret, on, role, userId), ...(payload ? { payload } : {}) });
  const admin = {
    get: (url: string) => call('GET', url, 'admin', ADMIN),
    put: (url: string, payload: object) => call('PUT', url, 'admin', ADMIN, payload),
  };

  const settings = (over: object = {}) => trainingSettingsBody({ intendedStaff: { en: 'Editors', ru: 'Редакторы' }, ...over });

  beforeAll(async () => {
    t = await createTestApp();
    portal = await seedPortal(t.database.db);
    other = await seedPortal(t.database.db);
    const courseId = await seedCourse(t.database.db, portal.id, ADMIN, courseFile('Security basics'));
    const course = (await admin.get(`/api/courses/${courseId}`)).json();
    unitIds = course.units.map((u: { id: number }) => u.id);
    groupId = (await call('POST', '/api/groups', 'admin', ADMIN, { name: 'Stream A' })).json().id;
    expect((await call('PUT', `/api/groups/${groupId}/content/course/${courseId}`, 'admin', ADMIN)).statusCode).toBe(200);
    moderatorGroupId = (await call('POST', '/api/groups', 'moderator', SEEDED_MODERATOR, { name: 'Moderated' })).json().id;
  }, 180_000);
  afterAll(async () => t.close());

  it('answers the defaults with version 0 until the settings are first saved', async () => {
    const read = await admin.get(`/api/groups/${groupId}/training-settings`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ groupId, version: 0, courseType: 'main', minutesPerWeek: 20, thresholdPercent: 80, lateJoiners: 'ownPace', defaultKey: null });
  });

  it('saves with the version read, and refuses a stale version without overwriting', async () => {
    const first = await admin.put(`/api/groups/${groupId}/training-settings`, { version: 0, ...settings() });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 1, program: { allTopicsUpTo: 'elementary' }, intendedStaff: { en: 'Editors', ru: 'Редакторы' } });
    // A second first save (two managers opened the defaults) loses.
    const again = await admin.put(`/api/groups/${groupId}/training-settings`, { version: 0, ...settings({ thresholdPercent: 50 }) });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'EDIT_CONFLICT', details: { current: { version: 1, thresholdPercent: 80 } } });
    const second = await admin.put(`/api/groups/${groupId}/training-settings`, { version: 1, ...settings({ thresholdPercent: 70 }) });
    expect(second.json()).toMatchObject({ version: 2, thresholdPercent: 70 });
    const stale = await admin.put(`/api/groups/${groupId}/training-settings`, { version: 1, ...settings({ thresholdPercent: 10 }) });
    expect(stale.statusCode).toBe(409);
    expect((await admin.get(`/api/groups/${groupId}/training-settings`)).json()).toMatchObject({ version: 2, thresholdPercent: 70 });
  });

  it('keeps a program of topics with their levels, no waiting, and an express course', async () => {
    const topics = (await t.database.db('topics').where({ portal_id: portal.id }).orderBy('name')).map((r: { id: string; name: string }) => ({ id: Number(r.id), name: r.name }));
    const phishing = topics.find((x) => x.name === 'Phishing')!.id;
    const byTopic = await admin.put(`/api/groups/${groupId}/training-settings`, { version: 2, ...settings({ noWaiting: true, minutesPerWeek: null, program: { topics: [{ topicId: phishing, upTo: 'advanced' }] } }) });
    expect(byTopic.statusCode).toBe(200);
    expect(byTopic.json()).toMatchObject({ version: 3, noWaiting: true, minutesPerWeek: null, program: { topics: [{ topicId: phishing, upTo: 'advanced' }] } });
    const plan = (await admin.get(`/api/groups/${groupId}/training-settings/preview?startsOn=2026-03-02`)).json();
    expect(plan).toMatchObject({ pace: 'noWaiting', endsOn: null, units: [{ id: unitIds[1], opensOn: '2026-03-02', dueOn: null }] });

    const express = await admin.put(`/api/groups/${groupId}/training-settings`, { version: 3, ...settings({ courseType: 'express', express: { unitIds: [unitIds[1]], durationDays: 10 } }) });
    expect(express.statusCode).toBe(200);
    const expressPlan = (await admin.get(`/api/groups/${groupId}/training-settings/preview?startsOn=2026-03-25`)).json();
    // Ten calendar days across the end of March (and Europe/Moscow keeps no DST): due 4 April.
    expect(expressPlan).toMatchObject({ pace: 'express', startsOn: '2026-03-25', endsOn: '2026-04-04', units: [{ id: unitIds[1], opensOn: '2026-03-25', dueOn: '2026-04-04' }] });
  });

  it('previews the weekly group plan, and the catch-up intensity of a late joiner up to the 3x cap', async () => {
    const current = (await admin.get(`/api/groups/${groupId}/training-settings`)).json();
    expect((await admin.put(`/api/groups/${groupId}/training-settings`, { version: current.version, ...settings({ lateJoiners: 'catchUp' }) })).statusCode).toBe(200);
    const plan = (await admin.get(`/api/groups/${groupId}/training-settings/preview?startsOn=2026-03-02&joinedOn=2026-03-05`)).json();
    expect(plan).toMatchObject({
      pace: 'weekly',
      startsOn: '2026-03-02',
      endsOn: '2026-03-08',
      minutesPerWeek: 20,
      totalMinutes: 16,
      units: [
        { id: unitIds[0], topic: 'Passwords', level: 'beginner', minutes: 12, opensOn: '2026-03-02', dueOn: '2026-03-07' },
        { id: unitIds[1], topic: 'Phishing', level: 'elementary', minutes: 4, opensOn: '2026-03-06', dueOn: '2026-03-08' },
      ],
      // 16 minutes in the 3 days left: ceil(7 * 16 / 3) = 38 a week.
      catchUp: { joinedOn: '2026-03-05', minutesPerWeek: 38, capped: false },
    });
    const late = (await admin.get(`/api/groups/${groupId}/training-settings/preview?startsOn=2026-03-02&joinedOn=2026-03-07`)).json();
    expect(late.catchUp).toEqual({ joinedOn: '2026-03-07', minutesPerWeek: 60, capped: true });
  });

  it('previews unsaved settings without storing them, checked as a save is', async () => {
    const before = (await admin.get(`/api/groups/${groupId}/training-settings`)).json();
    const draft = settings({ minutesPerWeek: 40, lateJoiners: 'catchUp' });
    const res = await call('POST', `/api/groups/${groupId}/training-settings/preview?startsOn=2026-03-02&joinedOn=2026-03-05`, 'admin', ADMIN, draft);
    expect(res.statusCode).toBe(200);
    // 16 minutes at 40 a week: unit 1 due day ceil(84/40) = 3, unit 2 opens day floor(84/40) = 2, due ceil(112/40) = 3.
    expect(res.json()).toMatchObject({
      version: before.version,
      minutesPerWeek: 40,
      endsOn: '2026-03-05',
      units: [{ dueOn: '2026-03-05' }, { opensOn: '2026-03-04', dueOn: '2026-03-05' }],
    });
    const bad = await call('POST', `/api/groups/${groupId}/training-settings/preview`, 'admin', ADMIN, settings({ timeZone: 'Mars/Olympus' }));
    expect(bad.json()).toMatchObject({ error: 'VALIDATION_FAILED', field: 'timeZone' });
    expect((await call('POST', `/api/groups/${groupId}/training-settings/preview`, 'employee', 10, draft)).statusCode).toBe(403);
    expect((await admin.get(`/api/groups/${groupId}/training-settings`)).json()).toEqual(before);
  });

  it('refuses what does not hold: an unknown zone or topic, a unit outside the group, a weekly pace without minutes', async () => {
    const version = (await admin.get(`/api/groups/${groupId}/training-settings`)).json().version;
    const put = (over: object) => admin.put(`/api/groups/${groupId}/training-settings`, { version, ...settings(over) });
    expect((await put({ timeZone: 'Mars/Olympus' })).json()).toMatchObject({ error: 'VALIDATION_FAILED', field: 'timeZone' });
    expect((await put({ program: { topics: [{ topicId: 999999, upTo: 'beginner' }] } })).json()).toMatchObject({ error: 'VALIDATION_FAILED', field: 'program.topics' });
    expect((await put({ courseType: 'express', express: { unitIds: [999999], durationDays: 5 } })).json()).toMatchObject({ field: 'express.unitIds' });
    expect((await put({ minutesPerWeek: null })).json()).toMatchObject({ field: 'minutesPerWeek' });
    expect((await put({ courseType: 'express', express: { unitIds: [], durationDays: null } })).json()).toMatchObject({ field: 'express.durationDays' });
    expect((await put({ extra: 1 })).statusCode).toBe(400);
    expect((await admin.get(`/api/groups/${groupId}/training-settings`)).json().version).toBe(version);
  });

  it('lets only whoever may edit the group edit its settings, and never across portals', async () => {
    const body = { version: 0, ...settings() };
    expect((await call('GET', `/api/groups/${groupId}/training-settings`, 'employee', 10)).statusCode).toBe(403);
    expect((await call('PUT', `/api/groups/${groupId}/training-settings`, 'employee', 10, body)).statusCode).toBe(403);
    // A moderator manages the groups they created, and sees no other.
    expect((await call('PUT', `/api/groups/${moderatorGroupId}/training-settings`, 'moderator', SEEDED_MODERATOR, body)).statusCode).toBe(200);
    expect((await call('GET', `/api/groups/${groupId}/training-settings`, 'moderator', SEEDED_MODERATOR)).statusCode).toBe(404);
    // Editing a group one does not manage is refused as the groups' own edit is (403), nothing saved.
    expect((await call('PUT', `/api/groups/${moderatorGroupId}/training-settings`, 'moderator', OTHER_MODERATOR, { ...body, version: 1 })).statusCode).toBe(403);
    expect((await call('GET', `/api/groups/${moderatorGroupId}/training-settings`, 'admin', ADMIN)).json().version).toBe(1);
    expect((await call('GET', `/api/groups/${groupId}/training-settings`, 'admin', ADMIN, undefined, other)).statusCode).toBe(404);
    expect((await call('GET', `/api/groups/${groupId}/training-settings/preview`, 'admin', ADMIN, undefined, other)).statusCode).toBe(404);
  });
});
