import type { Knex } from 'knex';
import { runnerOf, type RunStatement } from '../db/driver-query';

export interface MyGroupsRows {
  groups: Array<{
    id: number;
    name: string;
    description: string;
    accessStartsOn: string | null;
    accessEndsOn: string | null;
    joinedAt: string;
    timeZone: string;
    content: Array<{ kind: 'course' | 'test'; id: number; title: string; description: string; estimatedMinutes: number }>;
  }>;
  invitations: Array<{
    id: number;
    kind: 'app' | 'workgroup';
    invitedAt: string;
    group: { id: number; name: string; description: string; accessStartsOn: string | null; accessEndsOn: string | null; workgroupId: number | null };
    invitedBy: { userId: number; name: string; lastName: string } | null;
  }>;
}

/** One row of the statement: a group with one of its items (part 0), or a pending invitation (part 1). */
interface Row {
  part: number;
  /** The group's id (both parts). */
  id: number | string;
  name: string;
  description: string;
  starts: string | null;
  ends: string | null;
  /** Seconds since the epoch, microseconds in the fraction: the membership's joined_at (part 0), the invitation's invited_at (part 1). */
  at: number;
  time_zone: string | null;
  /** The item's kind (part 0; null with no live item), the invitation's kind (part 1). */
  kind: string | null;
  /** The item's id (part 0; null when the group has no live item), the invitation's id (part 1). */
  item_id: number | string | null;
  title: string | null;
  item_description: string | null;
  minutes: number | null;
  by_id: number | null;
  by_name: string | null;
  by_last_name: string | null;
  workgroup_id: number | null;
}

/**
 * "My groups" in one statement of plain rows, no JSON built in SQL: building it (json_build_object
 * per item, ordered json_agg per group, and the sub-plans around them) cost PostgreSQL more than
 * the whole read, and grouping 30 rows here costs next to nothing. Part 0: the person's open active
 * memberships in live groups whose window has not ended on the group's own day (as
 * closed-content-sql.ts groupLocalDaySql counts it), one row per live item (one row with a null
 * item when none), groups ordered by start day (none first), name and id, items by title within a
 * group. Part 1: their pending invitations (app and Bitrix24), whose order is set here (newest
 * first). Instants come as epoch seconds (date_part: cheaper than to_char, and no Date parsing here).
 * `$1` portal, `$2` person, `$3` now (ISO): positional, so the text is fixed (no binding rewriting
 * per call); prepared by name on each connection (db/driver-query.ts).
 */
const MY_GROUPS_SQL = `
SELECT 0 AS part, g.id, g.name, g.description, to_char(g.access_starts_on, 'YYYY-MM-DD') AS starts, to_char(g.access_ends_on, 'YYYY-MM-DD') AS ends,
       date_part('epoch', m.joined_at) AS at, coalesce(s.time_zone, 'UTC') AS time_zone,
       CASE WHEN gc.course_id IS NULL THEN 'test' ELSE 'course' END AS kind, coalesce(c.id, t.id) AS item_id, coalesce(c.title, t.title) AS title,
       coalesce(c.description, t.description) AS item_description, coalesce(c.estimated_minutes, t.estimated_minutes) AS minutes,
       CAST(NULL AS integer) AS by_id, CAST(NULL AS text) AS by_name, CAST(NULL AS text) AS by_last_name, CAST(NULL AS integer) AS workgroup_id
FROM group_members m JOIN training_groups g ON g.portal_id = m.portal_id AND g.id = m.group_id AND g.deleted_at IS NULL
LEFT JOIN group_training_settings s ON s.portal_id = g.portal_id AND s.group_id = g.id
LEFT JOIN group_content gc ON gc.portal_id = g.portal_id AND gc.group_id = g.id
LEFT JOIN courses c ON c.portal_id = gc.portal_id AND c.id = gc.course_id AND c.deleted_at IS NULL
LEFT JOIN tests t ON t.portal_id = gc.portal_id AND t.id = gc.test_id AND t.deleted_at IS NULL
WHERE m.portal_id = $1 AND m.person_id = $2 AND m.left_at IS NULL AND m.state = 'active'
  AND (g.access_ends_on IS NULL OR g.access_ends_on >= CAST(CAST($3 AS timestamptz) AT TIME ZONE coalesce(s.time_zone, 'UTC') AS date))
UNION ALL
SELECT 1, g.id, g.name, g.description, to_char(g.access_starts_on, 'YYYY-MM-DD'), to_char(g.access_ends_on, 'YYYY-MM-DD'),
       date_part('epoch', i.invited_at), NULL, i.kind, i.id, NULL, NULL, NULL,
       i.invited_by, coalesce(b.name, ''), coalesce(b.last_name, ''), CASE WHEN g.link_state = 'linked' THEN g.workgroup_id END
FROM group_invitations i JOIN training_groups g ON g.portal_id = i.portal_id AND g.id = i.group_id AND g.deleted_at IS NULL
LEFT JOIN people b ON b.portal_id = i.portal_id AND b.user_id = i.invited_by
WHERE i.portal_id = $1 AND i.person_id = $2 AND i.state = 'pending'
ORDER BY part, starts NULLS FIRST, name, id, title`;

/** An instant given as epoch seconds (microseconds in the fraction), as toISOString gives it: milliseconds, the rest dropped as Date parsing drops it. */
function isoOfEpoch(seconds: number): string {
  return new Date(Math.floor(Math.round(seconds * 1e6) / 1000)).toISOString();
}

type MyGroup = MyGroupsRows['groups'][number];
type MyInvitation = MyGroupsRows['invitations'][number] & { at: number };

/** The person's current and upcoming memberships with their live content, and their pending invitations (see MY_GROUPS_SQL). */
export async function readMyGroups(db: Knex, portalId: string, personId: number, now: Date, run: RunStatement = runnerOf(db)): Promise<MyGroupsRows> {
  const rows = await run<Row>(MY_GROUPS_SQL, [portalId, personId, now.toISOString()], 'groups-my-groups-v3');
  const groups: MyGroup[] = [];
  const invitations: MyInvitation[] = [];
  let group: MyGroup | undefined;
  for (const r of rows) {
    if (Number(r.part) === 1) {
      invitations.push({
        id: Number(r.item_id),
        kind: r.kind as 'app' | 'workgroup',
        invitedAt: isoOfEpoch(r.at),
        at: r.at,
        group: { id: Number(r.id), name: r.name, description: r.description, accessStartsOn: r.starts, accessEndsOn: r.ends, workgroupId: r.workgroup_id },
        invitedBy: r.by_id === null ? null : { userId: r.by_id, name: r.by_name ?? '', lastName: r.by_last_name ?? '' },
      });
      continue;
    }
    const id = Number(r.id);
    if (group?.id !== id) {
      group = { id, name: r.name, description: r.description, accessStartsOn: r.starts, accessEndsOn: r.ends, joinedAt: isoOfEpoch(r.at), timeZone: r.time_zone ?? 'UTC', content: [] };
      groups.push(group);
    }
    if (r.item_id !== null) {
      group.content.push({ kind: r.kind as 'course' | 'test', id: Number(r.item_id), title: r.title ?? '', description: r.item_description ?? '', estimatedMinutes: Number(r.minutes) });
    }
  }
  // Newest first, the later invitation first on a tie (the order by id of the read it replaces).
  invitations.sort((a, b) => b.at - a.at || b.id - a.id);
  return { groups, invitations: invitations.map(({ at: _at, ...invitation }) => invitation) };
}
