import type { Knex } from 'knex';
import * as m0001 from './0001_create_portals';

/**
 * The ordered list of migrations. Listed in code rather than read from a folder so that the
 * bundled server, the tests and `npm run migrate` all run exactly the same set.
 */
export const migrations: Array<{ name: string; up: (knex: Knex) => Promise<void>; down: (knex: Knex) => Promise<void> }> = [
  { name: '0001_create_portals', ...m0001 },
];
