import {
  canAuthor,
  canLoadDemoPack,
  canManage,
  canOpen,
  canSeeAttempt,
  catalogScope,
  inCatalog,
  OPEN,
  type ContentItem,
  type Viewer,
  type ViewerRole,
} from '../../server/catalog/content-access';

const ME = 7;
const SOMEONE_ELSE = 8;

const item = (kind: ContentItem['kind'], hiddenFromExtranet: boolean, authorId: number, groups = OPEN): ContentItem => ({
  kind,
  hiddenFromExtranet,
  authorId,
  groups,
});

describe('content access: open content (every role x hidden from extranet x author)', () => {
  // role, hidden, viewer is author, may open, may manage
  const table: Array<[ViewerRole, boolean, boolean, boolean, boolean]> = [
    ['admin', false, false, true, true],
    ['admin', false, true, true, true],
    ['admin', true, false, true, true],
    ['admin', true, true, true, true],
    ['moderator', false, false, true, false],
    ['moderator', false, true, true, true],
    ['moderator', true, false, true, false],
    ['moderator', true, true, true, true],
    ['employee', false, false, true, false],
    ['employee', false, true, true, false],
    ['employee', true, false, true, false],
    ['employee', true, true, true, false],
    ['extranet', false, false, true, false],
    ['extranet', false, true, true, false],
    ['extranet', true, false, false, false],
    ['extranet', true, true, false, false],
  ];

  for (const kind of ['course', 'test'] as const) {
    it.each(table)(`${kind}: %s, hidden=%s, author=%s -> open %s, manage %s`, (role, hidden, isAuthor, open, manage) => {
      const viewer: Viewer = { role, personId: ME };
      const subject = item(kind, hidden, isAuthor ? ME : SOMEONE_ELSE);
      expect(canOpen(viewer, subject)).toBe(open);
      expect(canManage(viewer, subject)).toBe(manage);
      // The catalog shows exactly what may be opened (open content), and its SQL filter agrees.
      expect(inCatalog(viewer, subject)).toBe(open);
      expect(!(catalogScope(viewer).excludeHiddenFromExtranet && hidden)).toBe(open);
      expect(catalogScope(viewer).closedListed).toBe(role === 'admin' ? 'all' : role === 'moderator' ? 'managed' : 'none');
    });
  }

  it('lets admins and moderators author; only admins load the demo pack', () => {
    const of = (role: ViewerRole): Viewer => ({ role, personId: ME });
    expect((['admin', 'moderator', 'employee', 'extranet'] as const).map((r) => canAuthor(of(r)))).toEqual([true, true, false, false]);
    expect((['admin', 'moderator', 'employee', 'extranet'] as const).map((r) => canLoadDemoPack(of(r)))).toEqual([true, false, false, false]);
  });
});

describe('content access: attempts and results', () => {
  it('shows a viewer their own attempts only, and only on a test they may open', () => {
    const employee: Viewer = { role: 'employee', personId: ME };
    const extranet: Viewer = { role: 'extranet', personId: ME };
    const admin: Viewer = { role: 'admin', personId: ME };
    expect(canSeeAttempt(employee, ME, item('test', false, SOMEONE_ELSE))).toBe(true);
    expect(canSeeAttempt(employee, SOMEONE_ELSE, item('test', false, SOMEONE_ELSE))).toBe(false);
    expect(canSeeAttempt(admin, SOMEONE_ELSE, item('test', false, ME))).toBe(false);
    expect(canSeeAttempt(extranet, ME, item('test', true, SOMEONE_ELSE))).toBe(false);
    expect(canSeeAttempt(extranet, ME, item('test', false, SOMEONE_ELSE))).toBe(true);
  });
});

describe('content access: the slot for closed content (filled by the groups feature)', () => {
  const closed = (member: boolean, manager: boolean) =>
    item('course', false, SOMEONE_ELSE, { attached: true, viewerIsActiveMemberInWindow: member, viewerManagesHoldingGroup: manager });

  it('is never in the general catalog', () => {
    for (const role of ['admin', 'moderator', 'employee', 'extranet'] as const) {
      expect(inCatalog({ role, personId: ME }, closed(true, true))).toBe(false);
    }
  });

  it('opens to active members in the window, group managers, the authoring moderator and admins', () => {
    expect(canOpen({ role: 'employee', personId: ME }, closed(false, false))).toBe(false);
    expect(canOpen({ role: 'extranet', personId: ME }, closed(false, false))).toBe(false);
    expect(canOpen({ role: 'employee', personId: ME }, closed(true, false))).toBe(true);
    expect(canOpen({ role: 'extranet', personId: ME }, closed(true, false))).toBe(true);
    expect(canOpen({ role: 'employee', personId: ME }, closed(false, true))).toBe(true);
    // A moderator manages what they authored; other closed content is closed to them too (groups issue).
    expect(canOpen({ role: 'moderator', personId: ME }, closed(false, false))).toBe(false);
    expect(canOpen({ role: 'moderator', personId: ME }, { ...closed(false, false), authorId: ME })).toBe(true);
    expect(canOpen({ role: 'admin', personId: ME }, closed(false, false))).toBe(true);
  });
});
