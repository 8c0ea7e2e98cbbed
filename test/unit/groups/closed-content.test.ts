import { canOpen, catalogEntry, type ContentItem, type Viewer, type ViewerRole } from '../../../server/catalog/content-access';
import { attachmentOf, dayIn, windowPosition, type Holding } from '../../../server/groups/closed-content';
import { ZONE_TABLE } from './window-zones';

/**
 * The closed-content rules of issue 9 as one table: open / closed x member / non-member / manager /
 * admin x before / inside / after the access window x employee / extranet x hidden from extranet.
 * Each row gives, for the window before / inside / after, whether the viewer may open the item
 * (Y/n) and how the general catalog shows it (o = open, c = marked closed, - = absent).
 */

const ME = 7;
const AUTHOR = 99;
const NOW = new Date('2026-06-15T12:00:00Z');
const WINDOWS = { before: ['2026-07-01', '2026-07-31'], inside: ['2026-06-01', '2026-06-30'], after: ['2026-05-01', '2026-05-31'] } as const;

type Relation = 'member' | 'non-member' | 'manager' | 'admin';
type Kind = 'employee' | 'extranet';

function viewerOf(relation: Relation, kind: Kind): Viewer {
  const role: ViewerRole = relation === 'admin' ? 'admin' : relation === 'manager' ? 'moderator' : kind;
  return { role, personId: ME };
}

function itemOf(closed: boolean, hidden: boolean, relation: Relation, window: keyof typeof WINDOWS): ContentItem {
  const [startsOn, endsOn] = WINDOWS[window];
  const holding: Holding = { startsOn, endsOn, viewerActiveMember: relation === 'member', viewerManages: relation === 'manager', timeZone: 'UTC' };
  return { kind: 'course', hiddenFromExtranet: hidden, authorId: AUTHOR, groups: attachmentOf(closed ? [holding] : [], NOW) };
}

// closed, hidden from extranet, relation, employee/extranet, open? before/inside/after, catalog before/inside/after
const table: Array<[boolean, boolean, Relation, Kind, string, string]> = [
  // Open content: the window of other groups does not matter.
  [false, false, 'member', 'employee', 'YYY', 'ooo'],
  [false, false, 'member', 'extranet', 'YYY', 'ooo'],
  [false, false, 'non-member', 'employee', 'YYY', 'ooo'],
  [false, false, 'non-member', 'extranet', 'YYY', 'ooo'],
  [false, false, 'manager', 'employee', 'YYY', 'ooo'],
  [false, false, 'manager', 'extranet', 'YYY', 'ooo'],
  [false, false, 'admin', 'employee', 'YYY', 'ooo'],
  [false, false, 'admin', 'extranet', 'YYY', 'ooo'],
  // Open but hidden from extranet: extranet users neither open nor see it.
  [false, true, 'member', 'employee', 'YYY', 'ooo'],
  [false, true, 'member', 'extranet', 'nnn', '---'],
  [false, true, 'non-member', 'employee', 'YYY', 'ooo'],
  [false, true, 'non-member', 'extranet', 'nnn', '---'],
  [false, true, 'manager', 'employee', 'YYY', 'ooo'],
  [false, true, 'manager', 'extranet', 'YYY', 'ooo'],
  [false, true, 'admin', 'employee', 'YYY', 'ooo'],
  [false, true, 'admin', 'extranet', 'YYY', 'ooo'],
  // Closed: members inside the window only (from My groups, never the catalog); managers and admins always.
  [true, false, 'member', 'employee', 'nYn', '---'],
  [true, false, 'member', 'extranet', 'nYn', '---'],
  [true, false, 'non-member', 'employee', 'nnn', '---'],
  [true, false, 'non-member', 'extranet', 'nnn', '---'],
  [true, false, 'manager', 'employee', 'YYY', 'ccc'],
  [true, false, 'manager', 'extranet', 'YYY', 'ccc'],
  [true, false, 'admin', 'employee', 'YYY', 'ccc'],
  [true, false, 'admin', 'extranet', 'YYY', 'ccc'],
  // Closed and hidden from extranet: a group that holds it still gives it to its own extranet members.
  [true, true, 'member', 'employee', 'nYn', '---'],
  [true, true, 'member', 'extranet', 'nYn', '---'],
  [true, true, 'non-member', 'employee', 'nnn', '---'],
  [true, true, 'non-member', 'extranet', 'nnn', '---'],
  [true, true, 'manager', 'employee', 'YYY', 'ccc'],
  [true, true, 'manager', 'extranet', 'YYY', 'ccc'],
  [true, true, 'admin', 'employee', 'YYY', 'ccc'],
  [true, true, 'admin', 'extranet', 'YYY', 'ccc'],
];

describe('closed content: the table of issue 9', () => {
  it.each(table)('closed=%s hidden=%s %s (%s): open %s, catalog %s', (closed, hidden, relation, kind, opens, listed) => {
    const viewer = viewerOf(relation, kind);
    const windows = ['before', 'inside', 'after'] as const;
    expect(windows.map((w) => (canOpen(viewer, itemOf(closed, hidden, relation, w)) ? 'Y' : 'n')).join('')).toBe(opens);
    const entry = { open: 'o', closed: 'c', absent: '-' } as const;
    expect(windows.map((w) => entry[catalogEntry(viewer, itemOf(closed, hidden, relation, w))]).join('')).toBe(listed);
  });

  it('covers every combination once', () => {
    expect(new Set(table.map((row) => row.slice(0, 4).join())).size).toBe(2 * 2 * 4 * 2);
  });
});

describe('closed content: details', () => {
  it('counts the window in whole days, both ends included, open-ended when a date is missing', () => {
    const at = (iso: string) => new Date(iso);
    expect(windowPosition(at('2026-06-01T00:00:00Z'), '2026-06-01', '2026-06-30', 'UTC')).toBe('open');
    expect(windowPosition(at('2026-06-30T23:59:59Z'), '2026-06-01', '2026-06-30', 'UTC')).toBe('open');
    expect(windowPosition(at('2026-05-31T23:59:59Z'), '2026-06-01', '2026-06-30', 'UTC')).toBe('before');
    expect(windowPosition(at('2026-07-01T00:00:00Z'), '2026-06-01', '2026-06-30', 'UTC')).toBe('after');
    expect(windowPosition(at('2030-01-01T00:00:00Z'), null, null, 'UTC')).toBe('open');
  });

  it('counts an unknown time zone as UTC rather than failing', () => {
    expect(dayIn(new Date('2026-06-15T23:30:00Z'), 'Mars/Olympus_Mons')).toBe('2026-06-15');
  });
});

describe('closed content: the access window in the group\'s time zone', () => {
  it.each(ZONE_TABLE)('%s at %s, window %s..%s: %s', (zone, now, startsOn, endsOn, expected) => {
    expect(windowPosition(new Date(now), startsOn, endsOn, zone)).toBe(expected);
    const member: Holding = { startsOn, endsOn, timeZone: zone, viewerActiveMember: true, viewerManages: false };
    const attachment = attachmentOf([member], new Date(now));
    expect(attachment.attached && attachment.viewerIsActiveMemberInWindow).toBe(expected === 'open');
  });

  it('opens a closed item to a member of ANY holding group whose window is open', () => {
    const lapsed: Holding = { startsOn: null, endsOn: '2026-01-01', viewerActiveMember: true, viewerManages: false, timeZone: 'UTC' };
    const current: Holding = { startsOn: '2026-06-01', endsOn: null, viewerActiveMember: true, viewerManages: false, timeZone: 'UTC' };
    const employee: Viewer = { role: 'employee', personId: ME };
    const item = (holdings: Holding[]): ContentItem => ({ kind: 'test', hiddenFromExtranet: false, authorId: AUTHOR, groups: attachmentOf(holdings, NOW) });
    expect(canOpen(employee, item([lapsed]))).toBe(false);
    expect(canOpen(employee, item([lapsed, current]))).toBe(true);
  });

  it('lets a moderator open closed content they authored (to manage it), not other closed content', () => {
    const holding: Holding = { startsOn: null, endsOn: null, viewerActiveMember: false, viewerManages: false, timeZone: 'UTC' };
    const moderator: Viewer = { role: 'moderator', personId: ME };
    expect(canOpen(moderator, { kind: 'course', hiddenFromExtranet: false, authorId: ME, groups: attachmentOf([holding], NOW) })).toBe(true);
    expect(canOpen(moderator, { kind: 'course', hiddenFromExtranet: false, authorId: AUTHOR, groups: attachmentOf([holding], NOW) })).toBe(false);
  });
});
