import { createTestDatabase, type TestDatabase } from '../../support/database';
import { seedPortal } from '../../support/seed-portal';
import { canOpen, catalogEntry, catalogScope, type Viewer } from '../../../server/catalog/content-access';
import { attachmentOf, type Holding } from '../../../server/groups/closed-content';
import {
  attachmentFromRow,
  catalogClosedFilter,
  catalogHoldingGroupsSql,
  closedContentBindings,
  closedContentColumns,
  groupAttachmentOf,
  holdingGroupsFromRow,
  type ClosedContentRow,
} from '../../../server/groups/closed-content-sql';
import { attachContent, detachAllContent, detachContent } from '../../../server/groups/content-repository';
import { readMyGroups } from '../../../server/groups/my-groups-repository';
import { ZONE_TABLE } from '../../unit/groups/window-zones';

/**
 * The SQL fragments the catalog embeds agree with the pure rules (closed-content.ts) on every
 * combination of relation and access window, and stay inside their portal.
 */
const NOW = new Date('2026-06-15T12:00:00Z');
const WINDOWS = { before: ['2026-07-01', null], inside: ['2026-06-01', '2026-06-30'], after: [null, '2026-05-31'] } as const;
type Relation = 'member' | 'paused-member' | 'ex-member' | 'non-member' | 'creator' | 'workgroup-moderator' | 'workgroup-member' | 'admin';
const RELATIONS: Relation[] = ['member', 'paused-member', 'ex-member', 'non-member', 'creator', 'workgroup-moderator', 'workgroup-member', 'admin'];
const VIEWER = 50;
const OTHER = 60;

describe('closed content in SQL', () => {
  let t: TestDatabase;
  let portalId: string;
  let otherPortalId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    portalId = (await seedPortal(t.db)).id;
    otherPortalId = (await seedPortal(t.db)).id;
  });
  afterAll(async () => t.destroy());

  async function course(portal: string, title: string): Promise<number> {
    const [row] = await t.db('courses').insert({ portal_id: portal, title, author_id: OTHER }).returning('id');
    return Number(row.id ?? row);
  }

  async function group(portal: string, name: string, window: readonly [string | null, string | null], relation: Relation): Promise<number> {
    const linked = relation.startsWith('workgroup-');
    const [row] = await t.db('training_groups')
      .insert({
        portal_id: portal,
        name,
        access_starts_on: window[0],
        access_ends_on: window[1],
        created_by: relation === 'creator' ? VIEWER : OTHER,
        workgroup_id: linked ? Math.floor(Math.random() * 1e6) + 1 : null,
        link_state: linked ? 'linked' : 'none',
      })
      .returning('id');
    const id = Number(row.id ?? row);
    const member = (state: string, role: string | null = null, leftAt: Date | null = null) =>
      t.db('group_members').insert({ portal_id: portal, group_id: id, person_id: VIEWER, state, source: linked ? 'workgroup' : 'manual', workgroup_role: role, left_at: leftAt });
    if (relation === 'member') await member('active');
    if (relation === 'paused-member') await member('paused');
    if (relation === 'ex-member') await member('left', null, new Date());
    if (relation === 'workgroup-moderator') await member('active', 'E');
    if (relation === 'workgroup-member') await member('active', 'K');
    return id;
  }

  const viewerOf = (relation: Relation): Viewer => ({
    role: relation === 'admin' ? 'admin' : ['creator', 'workgroup-moderator', 'workgroup-member'].includes(relation) ? 'moderator' : 'employee',
    personId: VIEWER,
  });

  function pureHolding(relation: Relation, window: readonly [string | null, string | null]): Holding {
    return {
      startsOn: window[0],
      endsOn: window[1],
      viewerActiveMember: ['member', 'workgroup-moderator', 'workgroup-member'].includes(relation),
      viewerManages: ['creator', 'workgroup-moderator'].includes(relation),
      timeZone: 'UTC',
    };
  }

  for (const relation of RELATIONS) {
    for (const [windowName, window] of Object.entries(WINDOWS)) {
      it(`agrees with the pure rules: ${relation}, window ${windowName}`, async () => {
        const closedId = await course(portalId, `closed ${relation} ${windowName}`);
        const openId = await course(portalId, `open ${relation} ${windowName}`);
        const groupId = await group(portalId, `G ${relation} ${windowName}`, window, relation);
        await t.db('group_content').insert({ portal_id: portalId, group_id: groupId, course_id: closedId, attached_by: OTHER });
        const viewer = viewerOf(relation);

        const expected = attachmentOf([pureHolding(relation, window)], NOW);
        expect(await groupAttachmentOf(t.db, portalId, viewer, { kind: 'course', id: closedId }, NOW)).toEqual(expected);
        expect(await groupAttachmentOf(t.db, portalId, viewer, { kind: 'course', id: openId }, NOW)).toEqual({ attached: false });

        // The catalog page's filter and groups (from holding_group_ids), next to the columns of the management lists.
        const listedScope = catalogScope(viewer).closedListed;
        const { rows } = await t.db.raw<{ rows: Array<ClosedContentRow & { id: string | number; page_groups: unknown }> }>(
          `SELECT c.id, ${closedContentColumns('course', 'c')}, ${catalogHoldingGroupsSql('c', listedScope)} AS page_groups FROM courses c
           WHERE c.portal_id = :portal AND c.id IN (:closedId, :openId) AND ${catalogClosedFilter('c', listedScope)}`,
          { portal: portalId, closedId, openId, ...closedContentBindings(viewer, NOW) },
        );
        const listed = new Map(rows.map((row) => [Number(row.id), row]));
        expect(listed.get(openId)!.page_groups).toBeNull();
        const closedEntry = catalogEntry(viewer, { kind: 'course', hiddenFromExtranet: false, authorId: OTHER, groups: expected });
        expect(listed.has(openId)).toBe(true);
        expect(listed.has(closedId)).toBe(closedEntry === 'closed');
        const closedRow = listed.get(closedId);
        if (closedRow) {
          expect(attachmentFromRow(closedRow)).toEqual(expected);
          expect(holdingGroupsFromRow(closedRow)).toEqual([{ id: groupId, name: `G ${relation} ${windowName}` }]);
          const pageGroups = typeof closedRow.page_groups === 'string' ? JSON.parse(closedRow.page_groups) : closedRow.page_groups;
          expect(pageGroups).toEqual([[groupId, `G ${relation} ${windowName}`]]);
          expect(canOpen(viewer, { kind: 'course', hiddenFromExtranet: false, authorId: OTHER, groups: attachmentFromRow(closedRow) })).toBe(true);
        }
      });
    }
  }

  it('works for standalone tests too, and ignores deleted groups', async () => {
    const [test] = await t.db('tests').insert({ portal_id: portalId, title: 'T', author_id: OTHER }).returning('id');
    const testId = Number(test.id ?? test);
    const groupId = await group(portalId, 'tests group', WINDOWS.inside, 'non-member');
    await t.db('group_content').insert({ portal_id: portalId, group_id: groupId, test_id: testId, attached_by: OTHER });
    const employee: Viewer = { role: 'employee', personId: VIEWER };
    expect((await groupAttachmentOf(t.db, portalId, employee, { kind: 'test', id: testId }, NOW)).attached).toBe(true);
    await t.db('training_groups').where({ portal_id: portalId, id: groupId }).update({ deleted_at: new Date() });
    expect((await groupAttachmentOf(t.db, portalId, employee, { kind: 'test', id: testId }, NOW)).attached).toBe(false);
  });

  it('keeps holding_group_ids to the live groups holding each item, whatever writes group_content or deletes a group', async () => {
    const holding = async (table: 'courses' | 'tests', id: number, portal = portalId) =>
      ((await t.db(table).where({ portal_id: portal, id }).first('holding_group_ids')).holding_group_ids as Array<string | number>).map(Number);
    const courseId = await course(portalId, 'held');
    const [test] = await t.db('tests').insert({ portal_id: portalId, title: 'held test', author_id: OTHER }).returning('id');
    const testId = Number(test.id ?? test);
    const first = await group(portalId, 'holder 1', WINDOWS.inside, 'non-member');
    const second = await group(portalId, 'holder 2', WINDOWS.inside, 'non-member');
    expect(await holding('courses', courseId)).toEqual([]);

    await attachContent(t.db, portalId, second, 'course', courseId, OTHER);
    await attachContent(t.db, portalId, first, 'course', courseId, OTHER);
    await attachContent(t.db, portalId, first, 'test', testId, OTHER);
    expect(await holding('courses', courseId)).toEqual([first, second]);
    expect(await holding('tests', testId)).toEqual([first]);

    // A group deleted (soft) stops holding; restored, it holds again.
    await t.db('training_groups').where({ portal_id: portalId, id: first }).update({ deleted_at: new Date() });
    expect(await holding('courses', courseId)).toEqual([second]);
    expect(await holding('tests', testId)).toEqual([]);
    await t.db('training_groups').where({ portal_id: portalId, id: first }).update({ deleted_at: null });
    expect(await holding('courses', courseId)).toEqual([first, second]);

    await detachContent(t.db, portalId, second, 'course', courseId);
    expect(await holding('courses', courseId)).toEqual([first]);
    await detachAllContent(t.db, portalId, first);
    expect(await holding('courses', courseId)).toEqual([]);
    expect(await holding('tests', testId)).toEqual([]);

    // Rows removed by cascades: a group, a course, a whole portal.
    await attachContent(t.db, portalId, second, 'course', courseId, OTHER);
    await t.db('training_groups').where({ portal_id: portalId, id: second }).delete();
    expect(await holding('courses', courseId)).toEqual([]);
    const third = await group(portalId, 'holder 3', WINDOWS.inside, 'non-member');
    await attachContent(t.db, portalId, third, 'course', courseId, OTHER);
    await t.db('courses').where({ portal_id: portalId, id: courseId }).delete();
    expect(await t.db('group_content').where({ portal_id: portalId, group_id: third })).toEqual([]);
    const doomed = (await seedPortal(t.db)).id;
    const doomedCourse = await course(doomed, 'doomed');
    await attachContent(t.db, doomed, await group(doomed, 'doomed group', WINDOWS.inside, 'non-member'), 'course', doomedCourse, OTHER);
    expect(await holding('courses', doomedCourse, doomed)).toHaveLength(1);
    await t.db('portals').where({ id: doomed }).delete();
    expect(await t.db('courses').where({ portal_id: doomed })).toEqual([]);
  });

  it("never lets another portal's groups close or open an item", async () => {
    const closedHere = await course(portalId, 'mine');
    const groupThere = await group(otherPortalId, 'theirs', WINDOWS.inside, 'member');
    // The same numeric course id in the other portal's group_content cannot reach this portal's course.
    const courseThere = await course(otherPortalId, 'theirs');
    await t.db('group_content').insert({ portal_id: otherPortalId, group_id: groupThere, course_id: courseThere, attached_by: OTHER });
    const employee: Viewer = { role: 'employee', personId: VIEWER };
    expect(await groupAttachmentOf(t.db, portalId, employee, { kind: 'course', id: closedHere }, NOW)).toEqual({ attached: false });
    expect(await groupAttachmentOf(t.db, portalId, employee, { kind: 'course', id: courseThere }, NOW)).toEqual({ attached: false });
  });

  describe("the access window on the group's time zone", () => {
    it.each(ZONE_TABLE)('%s at %s, window %s..%s: %s', async (zone, now, startsOn, endsOn, expected) => {
      const closedId = await course(portalId, `zoned ${zone} ${now}`);
      const groupId = await group(portalId, `zoned ${zone} ${now} ${startsOn}..${endsOn}`, [startsOn, endsOn], 'member');
      await t.db('group_content').insert({ portal_id: portalId, group_id: groupId, course_id: closedId, attached_by: OTHER });
      if (zone !== 'UTC') {
        await t.db('group_training_settings').insert({ portal_id: portalId, group_id: groupId, minutes_per_week: 20, program_level: 'beginner', time_zone: zone });
      }
      const employee: Viewer = { role: 'employee', personId: VIEWER };
      const attachment = await groupAttachmentOf(t.db, portalId, employee, { kind: 'course', id: closedId }, new Date(now));
      expect(attachment).toEqual({ attached: true, viewerIsActiveMemberInWindow: expected === 'open', viewerManagesHoldingGroup: false });
      // My groups leaves out the groups whose window is over on their own calendar.
      const mine = await readMyGroups(t.db, portalId, VIEWER, new Date(now));
      expect(mine.groups.some((g) => g.id === groupId)).toBe(expected !== 'after');
      await t.db('group_content').where({ portal_id: portalId, group_id: groupId }).delete();
      await t.db('training_groups').where({ portal_id: portalId, id: groupId }).update({ deleted_at: new Date() });
    });
  });
});
