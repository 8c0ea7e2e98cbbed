import type { SeedUser } from '../model';
import type { PortalState } from '../state';
import { matchesAll, parseFilter, sortRows, USER_FILTER_OPS, type Condition } from '../filters';
import { userVisibilityFilter } from '../visibility';
import { avatarUrl, objectParam, page, PAGE_SIZE, upperKeys, yes, type CallContext, type MethodTable } from './context';

const USER_SCOPES = ['user', 'user_basic', 'user_brief'];

/** Fields each user scope exposes (docs: user-scope.md); anything else is dropped silently (§5.1). */
const BRIEF_FIELDS = new Set([
  'ID', 'XML_ID', 'ACTIVE', 'NAME', 'LAST_NAME', 'SECOND_NAME', 'TITLE', 'IS_ONLINE', 'TIME_ZONE', 'TIMESTAMP_X', 'DATE_REGISTER',
  'PERSONAL_PROFESSION', 'PERSONAL_GENDER', 'PERSONAL_BIRTHDAY', 'PERSONAL_PHOTO', 'PERSONAL_CITY', 'WORK_POSITION', 'WORK_CITY',
  'LAST_ACTIVITY_DATE', 'UF_EMPLOYMENT_DATE', 'UF_DEPARTMENT', 'UF_PHONE_INNER', 'USER_TYPE',
]);
const BASIC_FIELDS = new Set([...BRIEF_FIELDS, 'EMAIL', 'WORK_PHONE', 'PERSONAL_MOBILE', 'WORK_COMPANY']);

function allowedFields(state: PortalState): Set<string> | null {
  const scopes = state.app.scopes;
  if (scopes.includes('user')) return null; // everything
  if (scopes.includes('user_basic')) return BASIC_FIELDS;
  return BRIEF_FIELDS;
}

/** A user as user.get returns it: ID is a string, ACTIVE a boolean, dates ISO-8601 (§5.1). */
export function userRow(ctx: { state: PortalState }, user: SeedUser): Record<string, unknown> {
  const row: Record<string, unknown> = {
    ID: String(user.id),
    XML_ID: `acme-${user.id}`,
    ACTIVE: user.active,
    NAME: user.name,
    LAST_NAME: user.lastName,
    SECOND_NAME: user.secondName,
    TITLE: '',
    EMAIL: user.email,
    LAST_LOGIN: user.active ? user.dateRegister : '',
    DATE_REGISTER: user.dateRegister,
    IS_ONLINE: user.isOnline ? 'Y' : 'N',
    TIME_ZONE: '',
    TIMESTAMP_X: user.dateRegister,
    LAST_ACTIVITY_DATE: user.dateRegister,
    PERSONAL_GENDER: user.gender,
    PERSONAL_BIRTHDAY: '',
    PERSONAL_CITY: user.city,
    WORK_POSITION: user.position,
    WORK_PHONE: '',
    WORK_COMPANY: user.userType === 'extranet' ? user.position.split(', ')[1] ?? '' : 'Acme Corp',
    UF_EMPLOYMENT_DATE: '',
    UF_PHONE_INNER: user.phoneInner,
    USER_TYPE: user.userType,
  };
  const photo = avatarUrl(ctx, user);
  if (photo) row.PERSONAL_PHOTO = photo;
  // Extranet users have no department at all, not an empty list.
  if (user.userType === 'employee') row.UF_DEPARTMENT = [...user.departments];
  const allowed = allowedFields(ctx.state);
  if (allowed) for (const key of Object.keys(row)) if (!allowed.has(key)) delete row[key];
  return row;
}

/** What a filter or a sort can see of a user (fields the scope hides cannot be filtered on either). */
function filterView(state: PortalState, user: SeedUser): Record<string, unknown> {
  const view: Record<string, unknown> = {
    ID: user.id,
    XML_ID: `acme-${user.id}`,
    ACTIVE: user.active ? 'Y' : 'N',
    NAME: user.name,
    LAST_NAME: user.lastName,
    SECOND_NAME: user.secondName,
    EMAIL: user.email,
    WORK_POSITION: user.position,
    UF_DEPARTMENT: user.departments,
    USER_TYPE: user.userType,
    IS_ONLINE: user.isOnline ? 'Y' : 'N',
    PERSONAL_GENDER: user.gender,
    PERSONAL_CITY: user.city,
    DATE_REGISTER: user.dateRegister,
    UF_PHONE_INNER: user.phoneInner,
    HAS_DEPARTAMENT: user.departments.length > 0 ? 'Y' : 'N',
  };
  const allowed = allowedFields(state);
  if (allowed) for (const key of Object.keys(view)) if (!allowed.has(key) && key !== 'HAS_DEPARTAMENT') delete view[key];
  return view;
}

const CONTROL_KEYS = new Set(['SORT', 'ORDER', 'FILTER', 'ADMIN_MODE', 'SELECT', 'IMAGE_RESIZE', 'START']);

function normaliseActive(conditions: Condition[]): Condition[] {
  return conditions.map((c) => (c.field === 'ACTIVE' && c.op === '' ? { ...c, value: yes(c.value) || c.value === 'Y' ? 'Y' : 'N' } : c));
}

function searchUsers(ctx: CallContext, options: { firstPageOnly?: boolean } = {}): SeedUser[] {
  const params = upperKeys(ctx.params);
  const hasFilterObject = params.FILTER && typeof params.FILTER === 'object';
  // With FILTER present, top-level keys are not a filter any more (src: rest/lib/api/user.php).
  const rawFilter = hasFilterObject
    ? objectParam(params.FILTER)
    : Object.fromEntries(Object.entries(params).filter(([k]) => !CONTROL_KEYS.has(k)));
  const filter = { ...rawFilter };
  // NAME_SEARCH (user.get) and FIND (user.search) are quick searches over names and positions.
  const nameSearch = filter.NAME_SEARCH;
  const find = filter.FIND;
  delete filter.NAME_SEARCH;
  delete filter.FIND;
  const conditions = normaliseActive(parseFilter(filter, USER_FILTER_OPS));
  const visible = userVisibilityFilter(ctx.state, ctx.user, yes(params.ADMIN_MODE));
  const words = [nameSearch, find].filter((w): w is string => typeof w === 'string' && w.trim() !== '').map((w) => w.toLowerCase());

  // A filter that names IDs (`ID`, `=ID`, `@ID`) narrows the scan by key first, as the real
  // database would by its primary key; the full filter still decides. Keeps 50-command batches
  // over a 10,000-user portal fast.
  const idCondition = conditions.find((c) => c.field === 'ID' && (c.op === '' || c.op === '=' || c.op === '@'));
  const candidates = idCondition
    ? idsOf(idCondition.value)
        .sort((a, b) => a - b)
        .map((id) => ctx.state.users.get(id))
        .filter((user): user is SeedUser => user !== undefined)
    : [...ctx.state.users.values()];
  // A keyset page (`>ID`) skips the ids below its cursor with a cheap comparison before the full
  // filter builds a view of each user: the app's import reads 10,000 users 50 pages per batch, and
  // in `npm start` the emulator shares the app's process, so its scans stall the app's requests.
  const above = conditions.find((c) => c.field === 'ID' && (c.op === '>' || c.op === '>='));
  const floor = above ? Number(above.value) : Number.NaN;
  const below = (user: SeedUser) => Number.isFinite(floor) && (above!.op === '>' ? user.id <= floor : user.id < floor);
  const sort = typeof params.SORT === 'string' ? params.SORT.toUpperCase() : 'ID';
  // `order` is a string and applies only together with `sort` (§5.1).
  const dir = typeof params.ORDER === 'string' && typeof params.SORT === 'string' && params.ORDER.toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
  // Users are stored in ascending ID order, so the default order needs no sort (10 000 users per call),
  // and an uncounted page (start=-1) is complete after its first PAGE_SIZE matches.
  const inIdOrder = sort === 'ID' && dir === 'ASC';
  const enough = options.firstPageOnly && inIdOrder ? PAGE_SIZE : Number.POSITIVE_INFINITY;
  const rows: SeedUser[] = [];
  for (const user of candidates) {
    if (rows.length >= enough) break;
    if (below(user) || !visible(user)) continue;
    if (conditions.length > 0 && !matchesAll(filterView(ctx.state, user), conditions)) continue;
    const haystack = `${user.name} ${user.lastName} ${user.position}`.toLowerCase();
    if (words.every((w) => w.split(/\s+/).every((part) => haystack.includes(part)))) rows.push(user);
  }
  if (inIdOrder) return rows;
  return sortRows(rows, (u) => filterView(ctx.state, u), [[sort, dir], ['ID', 'ASC']]);
}

function idsOf(value: unknown): number[] {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : String(value).split(',');
  return [...new Set(list.map((v) => Number(String(v).trim())).filter((id) => Number.isSafeInteger(id)))];
}

function select(row: Record<string, unknown>, selectParam: unknown): Record<string, unknown> {
  if (!Array.isArray(selectParam) || selectParam.length === 0) return row;
  const wanted = selectParam.map((s) => String(s).toUpperCase());
  if (wanted.includes('*')) return row;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'ID' || wanted.includes(key) || (wanted.includes('UF_*') && key.startsWith('UF_'))) out[key] = value;
  }
  return out;
}

export const userMethods: MethodTable = {
  'user.current': {
    scopes: USER_SCOPES,
    handler: (ctx) => ({ result: userRow(ctx, ctx.user) }),
  },
  'user.get': {
    scopes: USER_SCOPES,
    handler: (ctx) => {
      const params = upperKeys(ctx.params);
      const answer = page(ctx, searchUsers(ctx, { firstPageOnly: ctx.start === -1 }));
      return { ...answer, result: (answer.result as SeedUser[]).map((u) => select(userRow(ctx, u), params.SELECT)) };
    },
  },
  'user.search': {
    scopes: USER_SCOPES,
    handler: (ctx) => {
      const answer = page(ctx, searchUsers(ctx));
      return { ...answer, result: (answer.result as SeedUser[]).map((u) => userRow(ctx, u)) };
    },
  },
  'user.admin': {
    handler: (ctx) => ({ result: ctx.isAdmin }),
  },
  profile: {
    handler: (ctx) => {
      const u = ctx.user;
      if (!u.active) return { result: {} };
      const result: Record<string, unknown> = { ID: String(u.id), ADMIN: u.isAdmin, NAME: u.name, LAST_NAME: u.lastName, PERSONAL_GENDER: u.gender, TIME_ZONE: '' };
      const photo = avatarUrl(ctx, u);
      if (photo) result.PERSONAL_PHOTO = photo;
      return { result };
    },
  },
};
