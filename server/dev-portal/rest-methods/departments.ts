import type { SeedDepartment } from '../model';
import { matchesAll, parseFilter, sortRows } from '../filters';
import { page, upperKeys, type MethodTable } from './context';

const FILTER_FIELDS = ['ID', 'NAME', 'SORT', 'PARENT', 'UF_HEAD'];
const SORT_FIELDS = new Set(['ID', 'NAME', 'SORT', 'PARENT', 'UF_HEAD']);

/** department.get row: ID and PARENT are strings, SORT a number; the root has no PARENT (docs). */
export function departmentRow(d: SeedDepartment): Record<string, unknown> {
  const row: Record<string, unknown> = { ID: String(d.id), NAME: d.name, SORT: d.sort };
  if (d.parent !== null) row.PARENT = String(d.parent);
  if (d.headId !== null) row.UF_HEAD = String(d.headId);
  return row;
}

const view = (d: SeedDepartment): Record<string, unknown> => ({ ID: d.id, NAME: d.name, SORT: d.sort, PARENT: d.parent ?? '', UF_HEAD: d.headId ?? '' });

export const departmentMethods: MethodTable = {
  'department.get': {
    scopes: ['department'],
    handler: (ctx) => {
      // Keys are case-insensitive here; filters are plain top-level keys with exact matching.
      const params = upperKeys(ctx.params);
      // `sort` names a field, the SORT filter is a number: the value tells which one was meant.
      const sortIsField = typeof params.SORT === 'string' && SORT_FIELDS.has(params.SORT.toUpperCase());
      const filter = Object.fromEntries(
        FILTER_FIELDS.filter((f) => params[f] !== undefined && params[f] !== '' && !(f === 'SORT' && sortIsField)).map((f) => [f, params[f]]),
      );
      const conditions = parseFilter(filter, ['']);
      const sort = sortIsField ? String(params.SORT).toUpperCase() : 'ID';
      const dir = typeof params.ORDER === 'string' && params.ORDER.toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
      const rows = sortRows(
        ctx.state.departments.filter((d) => matchesAll(view(d), conditions)),
        view,
        [[sort, dir]],
      );
      const answer = page(ctx, rows);
      return { ...answer, result: (answer.result as SeedDepartment[]).map(departmentRow) };
    },
  },
};
