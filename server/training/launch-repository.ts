import type { Knex } from 'knex';
import type { LaunchPause } from './plan-builder';

/** training_launches and training_pauses (migrations 0041, 0042). Every query is scoped to its portal. */

export type LaunchState = 'running' | 'paused' | 'stopped';

export interface Launch {
  id: number;
  groupId: number;
  startsOn: string;
  startsAt: Date;
  timeZone: string;
  state: LaunchState;
  launchedBy: number;
  launchedAt: Date;
  stoppedAt: Date | null;
}

type Row = Record<string, unknown>;
const day = (value: unknown) => (value instanceof Date ? `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}` : String(value).slice(0, 10));
const intArray = (ids: readonly number[]) => `{${ids.map((id) => Math.trunc(id)).join(',')}}`;

const fromRow = (r: Row): Launch => ({
  id: Number(r.id),
  groupId: Number(r.group_id),
  startsOn: day(r.starts_on),
  startsAt: new Date(r.starts_at as string),
  timeZone: String(r.time_zone),
  state: r.state as LaunchState,
  launchedBy: Number(r.launched_by),
  launchedAt: new Date(r.launched_at as string),
  stoppedAt: r.stopped_at ? new Date(r.stopped_at as string) : null,
});

/** Starts a launch unless the group has a live one: null then. */
export async function insertLaunch(db: Knex, portalId: string, groupId: number, fields: { startsOn: string; startsAt: Date; timeZone: string; launchedBy: number; launchedAt: Date }): Promise<Launch | null> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `INSERT INTO training_launches (portal_id, group_id, starts_on, starts_at, time_zone, launched_by, launched_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (portal_id, group_id) WHERE state <> 'stopped' DO NOTHING RETURNING *`,
    [portalId, groupId, fields.startsOn, fields.startsAt.toISOString(), fields.timeZone, fields.launchedBy, fields.launchedAt.toISOString()],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The group's running or paused launch, or null. */
export async function findLiveLaunch(db: Knex, portalId: string, groupId: number): Promise<Launch | null> {
  const row = await db('training_launches').where({ portal_id: portalId, group_id: groupId }).whereNot('state', 'stopped').first();
  return row ? fromRow(row as Row) : null;
}

/** The portal's launches that run now (not paused, not stopped), by id. */
export async function runningLaunches(db: Knex, portalId: string): Promise<Launch[]> {
  const rows = await db('training_launches').where({ portal_id: portalId, state: 'running' }).orderBy('id');
  return rows.map((r: Row) => fromRow(r));
}

/** The live launch, else the last stopped one (for the card and the learner's history). */
export async function findLatestLaunch(db: Knex, portalId: string, groupId: number): Promise<Launch | null> {
  const row = await db('training_launches').where({ portal_id: portalId, group_id: groupId }).orderBy('id', 'desc').first();
  return row ? fromRow(row as Row) : null;
}

/** Moves a live launch from one state to another; false when it was not in `from` (a race lost, or already done). */
export async function setLaunchState(db: Knex, portalId: string, launchId: number, from: LaunchState, to: LaunchState, by: number, at: Date): Promise<boolean> {
  const stopping = to === 'stopped';
  const rows = await db('training_launches')
    .where({ portal_id: portalId, id: launchId, state: from })
    .update({ state: to, ...(stopping ? { stopped_at: at, stopped_by: by } : {}) })
    .returning('id');
  return rows.length === 1;
}

/**
 * Opens a pause for each of `personIds` (null: the whole group) that has none open. Returns the
 * pauses this call opened (person null: the group's).
 */
export async function openPauses(db: Knex, portalId: string, launchId: number, personIds: readonly number[] | null, at: Date, by: number): Promise<Array<{ id: number; personId: number | null }>> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `INSERT INTO training_pauses (portal_id, launch_id, person_id, paused_at, paused_by)
     SELECT ?, ?, x.person_id, ?, ? FROM unnest(CAST(? AS integer[])) AS x(person_id)
     ON CONFLICT (portal_id, launch_id, COALESCE(person_id, 0)) WHERE resumed_at IS NULL DO NOTHING
     RETURNING id, person_id`,
    [portalId, launchId, at.toISOString(), by, personIds === null ? '{NULL}' : intArray(personIds)],
  );
  return rows.map((r) => ({ id: Number(r.id), personId: r.person_id === null ? null : Number(r.person_id) }));
}

/** Closes the open pauses of `personIds` (null: the group's own). Returns the pauses closed, with their ids. */
export async function closePauses(db: Knex, portalId: string, launchId: number, personIds: readonly number[] | null, at: Date, by: number | null): Promise<Array<{ id: number; personId: number | null }>> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    `UPDATE training_pauses SET resumed_at = greatest(paused_at, CAST(? AS timestamptz)), resumed_by = ?
     WHERE portal_id = ? AND launch_id = ? AND resumed_at IS NULL
       AND (CASE WHEN CAST(? AS integer[]) IS NULL THEN person_id IS NULL ELSE person_id = ANY (CAST(? AS integer[])) END)
     RETURNING id, person_id`,
    [at.toISOString(), by, portalId, launchId, personIds === null ? null : intArray(personIds), personIds === null ? null : intArray(personIds)],
  );
  return rows.map((r) => ({ id: Number(r.id), personId: r.person_id === null ? null : Number(r.person_id) }));
}

/** Every pause of the launch, open and closed. */
export async function listPauses(db: Knex, portalId: string, launchId: number): Promise<LaunchPause[]> {
  const rows = await db('training_pauses').where({ portal_id: portalId, launch_id: launchId }).orderBy('paused_at').select('person_id', 'paused_at', 'resumed_at');
  return rows.map((r: Row) => ({
    personId: r.person_id === null ? null : Number(r.person_id),
    from: new Date(r.paused_at as string),
    to: r.resumed_at ? new Date(r.resumed_at as string) : null,
  }));
}
