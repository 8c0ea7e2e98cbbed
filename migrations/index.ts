import type { Knex } from 'knex';
import * as m0001 from './0001_create_portals';
import * as m0002 from './0002_create_platform_tables';

/**
 * The ordered list of migrations. Listed in code rather than read from a folder so that the
 * bundled server, the tests and `npm run migrate` all run exactly the same set.
 */
export const migrations: Array<{ name: string; up: (knex: Knex) => Promise<void>; down: (knex: Knex) => Promise<void> }> = [
  { name: '0001_create_portals', ...m0001 },
  { name: '0002_create_platform_tables', ...m0002 },
];
