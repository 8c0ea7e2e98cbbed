import type { Translate } from '../../i18n/i18n';

/**
 * The Grouping rules screen's data and its pure parts (what a rule says in words, a move in the
 * list, a form's draft and the body it sends), tested without a browser.
 */

export type ConditionKind = 'department' | 'position' | 'userType' | 'emailDomain';

export type Condition =
  | { kind: 'department'; departmentId: number; includeSubdepartments: boolean }
  | { kind: 'position'; contains: string }
  | { kind: 'userType'; userType: 'employee' | 'extranet' }
  | { kind: 'emailDomain'; domain: string };

export interface Rule {
  id: number;
  position: number;
  condition: Condition;
  groupId: number;
  groupName: string | null;
  enabled: boolean;
  skipped: 'group-deleted' | 'group-linked' | null;
}

export interface Department {
  id: number;
  name: string;
  parentId: number | null;
}

export interface TargetGroup {
  id: number;
  name: string;
  linked: boolean;
}

/** GET /api/settings/grouping-rules (and every change's answer). */
export interface RulesReply {
  rules: Rule[];
  applyToNewUsers: boolean;
  groups: TargetGroup[];
  departments: Department[];
  /** False when the app sees no one's email (Bitrix24 shows it only with the user_basic scope). */
  emailsKnown: boolean;
}

interface Named {
  id: number;
  name: string;
}

/** POST /api/settings/grouping-rules/dry-run. */
export interface DryRunReply {
  joining: Array<{ person: Named; group: Named; from: Named | null; ruleId: number }>;
  leaving: Array<{ person: Named; group: Named; to: Named | null }>;
  groups: Array<{ group: Named; joining: number; leaving: number }>;
  totals: { joining: number; leaving: number; people: number; unmatched: number };
  plansRebuilt: number;
  truncated: boolean;
}

export function conditionText(t: Translate, condition: Condition, departments: readonly Department[]): string {
  switch (condition.kind) {
    case 'department': {
      const name = departments.find((d) => d.id === condition.departmentId)?.name ?? `#${condition.departmentId}`;
      return t(condition.includeSubdepartments ? 'rules.condition.departmentTree' : 'rules.condition.department', { name });
    }
    case 'position':
      return t('rules.condition.position', { text: condition.contains });
    case 'userType':
      return t(condition.userType === 'extranet' ? 'rules.condition.userType.extranet' : 'rules.condition.userType.employee');
    case 'emailDomain':
      return t('rules.condition.emailDomain', { domain: condition.domain });
  }
}

/** The rule ids with the one at `index` moved by `delta` places; null when it cannot move that way. */
export function moved(ids: readonly number[], index: number, delta: -1 | 1): number[] | null {
  const to = index + delta;
  if (index < 0 || index >= ids.length || to < 0 || to >= ids.length) return null;
  const next = [...ids];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

/** Departments in tree order (parents before their children, siblings by name), with their depth. */
export function departmentTree(departments: readonly Department[]): Array<Department & { depth: number }> {
  const known = new Set(departments.map((d) => d.id));
  const children = new Map<number | null, Department[]>();
  for (const d of departments) {
    const parent = d.parentId !== null && known.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const out: Array<Department & { depth: number }> = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number) => {
    for (const d of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
      if (seen.has(d.id)) continue; // a cycle in bad data
      seen.add(d.id);
      out.push({ ...d, depth });
      walk(d.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** What the form holds: every kind's field, so switching kinds keeps what was typed. */
export interface Draft {
  kind: ConditionKind;
  departmentId: number | null;
  includeSubdepartments: boolean;
  contains: string;
  userType: 'employee' | 'extranet';
  domain: string;
  groupId: number | null;
  enabled: boolean;
}

export function emptyDraft(): Draft {
  return { kind: 'department', departmentId: null, includeSubdepartments: true, contains: '', userType: 'employee', domain: '', groupId: null, enabled: true };
}

export function draftOf(rule: Rule): Draft {
  const c = rule.condition;
  return {
    ...emptyDraft(),
    kind: c.kind,
    departmentId: c.kind === 'department' ? c.departmentId : null,
    includeSubdepartments: c.kind === 'department' ? c.includeSubdepartments : true,
    contains: c.kind === 'position' ? c.contains : '',
    userType: c.kind === 'userType' ? c.userType : 'employee',
    domain: c.kind === 'emailDomain' ? c.domain : '',
    groupId: rule.groupId,
    enabled: rule.enabled,
  };
}

/** The request body, or the field the draft still lacks (named as the server names it). */
export function bodyOf(draft: Draft): { body: { condition: Record<string, unknown>; groupId: number; enabled: boolean } } | { missing: string } {
  let condition: Record<string, unknown>;
  if (draft.kind === 'department') {
    if (draft.departmentId === null) return { missing: 'condition.departmentId' };
    condition = { kind: 'department', departmentId: draft.departmentId, includeSubdepartments: draft.includeSubdepartments };
  } else if (draft.kind === 'position') {
    if (!draft.contains.trim()) return { missing: 'condition.contains' };
    condition = { kind: 'position', contains: draft.contains.trim() };
  } else if (draft.kind === 'userType') {
    condition = { kind: 'userType', userType: draft.userType };
  } else {
    if (!draft.domain.trim()) return { missing: 'condition.domain' };
    condition = { kind: 'emailDomain', domain: draft.domain.trim() };
  }
  if (draft.groupId === null) return { missing: 'groupId' };
  return { body: { condition, groupId: draft.groupId, enabled: draft.enabled } };
}
