import {
  changesByGroup,
  diffMemberships,
  emailDomainOf,
  firstMatch,
  matches,
  normalizeDomain,
  targetGroups,
  type GroupingRule,
  type RuleCondition,
  type RulePerson,
} from '../../server/training/grouping-rules';

// Acme (1) > Sales (2) > Sales Moscow (3); Acme > IT (5) > Development (6)
const tree = new Map<number, number | null>([
  [1, null],
  [2, 1],
  [3, 2],
  [5, 1],
  [6, 5],
]);

const person = (over: Partial<RulePerson> = {}): RulePerson => ({
  userId: 10,
  departmentIds: [6],
  position: 'Senior QA Engineer',
  userType: 'employee',
  email: 'emily.clark@Acme.example.com',
  active: true,
  ...over,
});

const rule = (id: number, condition: RuleCondition, groupId: number, enabled = true): GroupingRule => ({ id, condition, groupId, enabled });

describe('a rule condition', () => {
  it.each<[string, RuleCondition, Partial<RulePerson>, boolean]>([
    ['department, the person\'s own', { kind: 'department', departmentId: 6, includeSubdepartments: false }, {}, true],
    ['department without sub-departments, a parent of the person\'s', { kind: 'department', departmentId: 5, includeSubdepartments: false }, {}, false],
    ['department with sub-departments, a parent of the person\'s', { kind: 'department', departmentId: 5, includeSubdepartments: true }, {}, true],
    ['department with sub-departments, the top one', { kind: 'department', departmentId: 1, includeSubdepartments: true }, {}, true],
    ['department with sub-departments, a sibling branch', { kind: 'department', departmentId: 2, includeSubdepartments: true }, {}, false],
    ['department, any of several of the person\'s', { kind: 'department', departmentId: 3, includeSubdepartments: false }, { departmentIds: [6, 3] }, true],
    ['department, an extranet user has none', { kind: 'department', departmentId: 1, includeSubdepartments: true }, { departmentIds: [] }, false],
    ['position contains, another case', { kind: 'position', contains: 'qa engineer' }, {}, true],
    ['position contains, Cyrillic in another case', { kind: 'position', contains: 'БУХГАЛТЕР' }, { position: 'Главный бухгалтер' }, true],
    ['position contains, trimmed', { kind: 'position', contains: '  QA ' }, {}, true],
    ['position contains, absent', { kind: 'position', contains: 'Developer' }, {}, false],
    ['user type employee', { kind: 'userType', userType: 'employee' }, {}, true],
    ['user type extranet, for an employee', { kind: 'userType', userType: 'extranet' }, {}, false],
    ['user type extranet', { kind: 'userType', userType: 'extranet' }, { userType: 'extranet' }, true],
    ['email domain, another case and a leading @', { kind: 'emailDomain', domain: '@ACME.example.com' }, {}, true],
    ['email domain, a parent domain does not take a subdomain', { kind: 'emailDomain', domain: 'example.com' }, {}, false],
    ['email domain, no email', { kind: 'emailDomain', domain: 'acme.example.com' }, { email: null }, false],
  ])('%s', (_name, condition, over, expected) => {
    expect(matches(condition, person(over), tree)).toBe(expected);
  });

  it('reads domains the same way on both sides', () => {
    expect(normalizeDomain(' @@Acme.COM ')).toBe('acme.com');
    expect(emailDomainOf('a@b@Mail.Acme.com')).toBe('mail.acme.com');
    expect(emailDomainOf('no-at-sign')).toBeNull();
  });
});

describe('first match wins', () => {
  const rules = [
    rule(1, { kind: 'userType', userType: 'extranet' }, 100),
    rule(2, { kind: 'position', contains: 'accountant' }, 300),
    rule(3, { kind: 'department', departmentId: 5, includeSubdepartments: true }, 300),
    rule(4, { kind: 'emailDomain', domain: 'acme.example.com' }, 200),
  ];

  it('places a person by the first rule in the list they match, not the most specific', () => {
    // Emily (Development, acme.example.com) matches rules 3 and 4: the earlier one wins
    expect(firstMatch(rules, person(), tree)?.id).toBe(3);
    expect(firstMatch([...rules].reverse(), person(), tree)?.id).toBe(4);
  });

  it('skips a disabled rule in its place', () => {
    const withDisabled = rules.map((r) => (r.id === 3 ? { ...r, enabled: false } : r));
    expect(firstMatch(withDisabled, person(), tree)?.id).toBe(4);
  });

  it('matches no one when no rule fits, and never an inactive person', () => {
    expect(firstMatch(rules, person({ departmentIds: [3], email: 'x@elsewhere.org', position: 'Sales Manager' }), tree)).toBeNull();
    expect(firstMatch(rules, person({ active: false }), tree)).toBeNull();
    expect(firstMatch([], person(), tree)).toBeNull();
  });

  it('gives every person their target group', () => {
    const people = [person({ userId: 1 }), person({ userId: 2, userType: 'extranet', departmentIds: [] }), person({ userId: 3, departmentIds: [3], email: null, position: '' })];
    expect(targetGroups(rules, people, tree)).toEqual(
      new Map([
        [1, 300],
        [2, 100],
        [3, null],
      ]),
    );
  });
});

describe('the dry-run diff against current memberships', () => {
  const rules = [rule(1, { kind: 'department', departmentId: 5, includeSubdepartments: true }, 300), rule(2, { kind: 'department', departmentId: 2, includeSubdepartments: true }, 200)];
  const it5 = person({ userId: 1, departmentIds: [5] });
  const sales = person({ userId: 2, departmentIds: [3] });
  const nobody = person({ userId: 3, departmentIds: [9] });

  it('joins a matched person who is not yet in the target group', () => {
    expect(diffMemberships(rules, [it5, sales], tree, [])).toEqual({
      joins: [
        { personId: 1, groupId: 300, ruleId: 1 },
        { personId: 2, groupId: 200, ruleId: 2 },
      ],
      leaves: [],
    });
  });

  it('changes nothing for people already where the rules say', () => {
    expect(diffMemberships(rules, [it5], tree, [{ personId: 1, groupId: 300, source: 'manual' }])).toEqual({ joins: [], leaves: [] });
  });

  it('moves a matched person out of every other rule group, however they got there', () => {
    const diff = diffMemberships(rules, [it5], tree, [{ personId: 1, groupId: 200, source: 'manual' }]);
    expect(diff).toEqual({ joins: [{ personId: 1, groupId: 300, ruleId: 1 }], leaves: [{ personId: 1, groupId: 200, toGroupId: 300 }] });
    expect(changesByGroup(diff)).toEqual([
      { groupId: 200, joining: 0, leaving: 1 },
      { groupId: 300, joining: 1, leaving: 0 },
    ]);
  });

  it('takes an unmatched person out of a group the rules put them in, and keeps a membership given by hand', () => {
    const diff = diffMemberships(rules, [nobody], tree, [
      { personId: 3, groupId: 300, source: 'rule' },
      { personId: 3, groupId: 200, source: 'manual' },
    ]);
    expect(diff).toEqual({ joins: [], leaves: [{ personId: 3, groupId: 300, toGroupId: null }] });
  });

  it('never touches groups no rule targets, inactive people, or people it does not know', () => {
    const diff = diffMemberships(rules, [it5, person({ userId: 4, departmentIds: [5], active: false })], tree, [
      { personId: 1, groupId: 300, source: 'rule' },
      { personId: 1, groupId: 999, source: 'rule' },
      { personId: 4, groupId: 200, source: 'rule' },
      { personId: 77, groupId: 200, source: 'rule' },
    ]);
    expect(diff).toEqual({ joins: [], leaves: [] });
  });

  it('leaves a disabled rule\'s group alone', () => {
    const disabled = [rules[0]!, { ...rules[1]!, enabled: false }];
    expect(diffMemberships(disabled, [sales], tree, [{ personId: 2, groupId: 200, source: 'rule' }])).toEqual({ joins: [], leaves: [] });
  });
});
