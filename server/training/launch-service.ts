import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import { admit, type GroupsCaller, type GroupsDeps } from '../groups/group-access';
import { GroupsProblem } from '../groups/groups-errors';
import { closePauses, findLatestLaunch, findLiveLaunch, insertLaunch, listPauses, openPauses, setLaunchState, type Launch } from './launch-repository';
import { planNewMembers, rebuildPlans, restartPlans } from './member-plans';
import { dropPlans, livePlanMembers } from './plan-repository';
import { eventKeyOf, queueNotice } from './training-notices';
import { DEFAULT_SETTINGS, findSettings } from './training-settings-repository';

/**
 * Launch, stop, pause and resume (PRODUCT.md §5, issue 10 part 4), for a whole group or chosen
 * people, by whoever may edit the group (the groups area's gate). Each change is one transaction:
 * the launch rows, the plans (written set-based) and the notice job commit together or not at all.
 */

export interface LaunchReply {
  groupId: number;
  launchId: number;
  state: Launch['state'];
  startsOn: string;
  timeZone: string;
  plans: number;
}

const notTraining = () => new GroupsProblem(409, 'NOT_TRAINING', 'This group is not training now: launch it first.');

/** Launches each group from `startsOn` (a calendar day in the group's zone); all or nothing. */
export async function launchGroups(deps: GroupsDeps, caller: GroupsCaller, groupIds: readonly number[], startsOn: string): Promise<LaunchReply[]> {
  const unique = [...new Set(groupIds)];
  for (const groupId of unique) await admit(deps, caller, groupId, 'edit');
  const now = deps.now();
  return deps.db.transaction(async (trx) => {
    const replies: LaunchReply[] = [];
    for (const groupId of unique) {
      const settings = (await findSettings(trx, caller.portalId, groupId)) ?? DEFAULT_SETTINGS;
      const start = DateTime.fromISO(startsOn, { zone: settings.timeZone });
      if (!start.isValid) throw new HttpError(400, 'VALIDATION_FAILED', 'There is no such day.', 'startsOn');
      const launch = await insertLaunch(trx, caller.portalId, groupId, { startsOn, startsAt: start.startOf('day').toJSDate(), timeZone: settings.timeZone, launchedBy: caller.userId, launchedAt: now });
      if (!launch) throw new GroupsProblem(409, 'ALREADY_TRAINING', 'This group is already training: stop it before launching again.', { groupId });
      const plans = await planNewMembers(trx, caller.portalId, launch, now, { atLaunch: true });
      await queueNotice(trx, caller.portalId, { groupId, launchId: launch.id, event: 'launch', eventKey: eventKeyOf('launch', groupId, launch.id), personIds: null });
      replies.push({ groupId, launchId: launch.id, state: launch.state, startsOn, timeZone: launch.timeZone, plans });
    }
    return replies;
  });
}

async function liveLaunchOf(db: Knex, caller: GroupsCaller, groupId: number): Promise<Launch> {
  const launch = await findLiveLaunch(db, caller.portalId, groupId);
  if (!launch) throw notTraining();
  return launch;
}

/** Only people who hold a live plan in the launch may be paused, resumed or stopped one by one. */
async function checkPeople(db: Knex, portalId: string, launch: Launch, personIds: readonly number[]): Promise<void> {
  const holders = new Set((await livePlanMembers(db, portalId, launch.id, personIds)).map((m) => m.personId));
  const missing = personIds.filter((id) => !holders.has(id));
  if (missing.length > 0) throw new GroupsProblem(404, 'NOT_IN_PLAN', 'Some of these people have no running plan in this group.', { personIds: missing });
}

export interface ChangeReply {
  groupId: number;
  launchId: number;
  state: Launch['state'];
  /** The people changed; null: the whole group. */
  personIds: number[] | null;
}

/** Stop: the plans are dropped, results kept. Without people, the whole launch ends. */
export async function stopTraining(deps: GroupsDeps, caller: GroupsCaller, groupId: number, personIds: number[] | null): Promise<ChangeReply> {
  await admit(deps, caller, groupId, 'edit');
  const now = deps.now();
  return deps.db.transaction(async (trx) => {
    const launch = await liveLaunchOf(trx, caller, groupId);
    if (personIds) await checkPeople(trx, caller.portalId, launch, personIds);
    else await setLaunchState(trx, caller.portalId, launch.id, launch.state, 'stopped', caller.userId, now);
    // Pauses end with the plans they paused, so the history reads whole.
    if (!personIds) await closePauses(trx, caller.portalId, launch.id, null, now, caller.userId);
    await closePauses(trx, caller.portalId, launch.id, personIds ?? (await livePlanMembers(trx, caller.portalId, launch.id, null)).map((m) => m.personId), now, caller.userId);
    // A stop of chosen people records the caller on their plans; the whole group's stop is recorded on the launch.
    const stopped = await dropPlans(trx, caller.portalId, launch.id, personIds, now, personIds ? caller.userId : null);
    if (stopped.length > 0) await queueNotice(trx, caller.portalId, { groupId, launchId: launch.id, event: 'stop', eventKey: eventKeyOf('stop', groupId, launch.id), personIds: stopped });
    return { groupId, launchId: launch.id, state: personIds ? launch.state : 'stopped', personIds };
  });
}

/** Pause the whole group (its state becomes paused) or chosen people; their dates stand still until resumed. */
export async function pauseTraining(deps: GroupsDeps, caller: GroupsCaller, groupId: number, personIds: number[] | null): Promise<ChangeReply> {
  await admit(deps, caller, groupId, 'edit');
  const now = deps.now();
  return deps.db.transaction(async (trx) => {
    const launch = await liveLaunchOf(trx, caller, groupId);
    if (launch.state === 'paused') throw new GroupsProblem(409, 'ALREADY_PAUSED', 'The whole group is paused already.');
    if (personIds) await checkPeople(trx, caller.portalId, launch, personIds);
    else await setLaunchState(trx, caller.portalId, launch.id, 'running', 'paused', caller.userId, now);
    const opened = await openPauses(trx, caller.portalId, launch.id, personIds, now, caller.userId);
    if (opened.length === 0) throw new GroupsProblem(409, 'ALREADY_PAUSED', 'These people are paused already.');
    const told = personIds ? opened.map((p) => p.personId as number) : null;
    await queueNotice(trx, caller.portalId, { groupId, launchId: launch.id, event: 'pause', eventKey: eventKeyOf('pause', groupId, launch.id, opened[0].id), personIds: told });
    return { groupId, launchId: launch.id, state: personIds ? launch.state : 'paused', personIds: told };
  });
}

/** Resume: the pause closes and the plans concerned are laid out again, every later date shifted by its length. */
export async function resumeTraining(deps: GroupsDeps, caller: GroupsCaller, groupId: number, personIds: number[] | null): Promise<ChangeReply> {
  await admit(deps, caller, groupId, 'edit');
  const now = deps.now();
  return deps.db.transaction(async (trx) => {
    const launch = await liveLaunchOf(trx, caller, groupId);
    if (!personIds && launch.state !== 'paused') throw new GroupsProblem(409, 'NOT_PAUSED', 'The group is not paused.');
    if (personIds) await checkPeople(trx, caller.portalId, launch, personIds);
    else await setLaunchState(trx, caller.portalId, launch.id, 'paused', 'running', caller.userId, now);
    const closed = await closePauses(trx, caller.portalId, launch.id, personIds, now, caller.userId);
    if (closed.length === 0) throw new GroupsProblem(409, 'NOT_PAUSED', 'These people are not paused.');
    await rebuildPlans(trx, caller.portalId, launch, personIds, now);
    const told = personIds ? closed.map((p) => p.personId as number) : null;
    await queueNotice(trx, caller.portalId, { groupId, launchId: launch.id, event: 'resume', eventKey: eventKeyOf('resume', groupId, launch.id, closed[0].id), personIds: told });
    return { groupId, launchId: launch.id, state: personIds ? launch.state : 'running', personIds: told };
  });
}

/**
 * Launch chosen people again whose plans this live launch stopped: each gets a fresh plan from
 * today (the units passed meanwhile credited) and a launch notice. All or none: anyone who is not
 * stopped here (still training, never planned, or no longer in the group) fails the call.
 */
export async function restartTraining(deps: GroupsDeps, caller: GroupsCaller, groupId: number, personIds: number[]): Promise<ChangeReply> {
  await admit(deps, caller, groupId, 'edit');
  const now = deps.now();
  return deps.db.transaction(async (trx) => {
    const launch = await liveLaunchOf(trx, caller, groupId);
    const restarted = await restartPlans(trx, caller.portalId, launch, [...new Set(personIds)], now, caller.userId);
    const missing = personIds.filter((id) => !restarted.includes(id));
    if (missing.length > 0) throw new GroupsProblem(409, 'NOT_STOPPED', 'Only people whose training was stopped in this group can be launched again.', { personIds: missing });
    // A restart is an event of its own (a person may be stopped and restarted more than once): keyed by its moment.
    await queueNotice(trx, caller.portalId, { groupId, launchId: launch.id, event: 'launch', eventKey: eventKeyOf('launch', groupId, launch.id, now.getTime()), personIds: restarted });
    return { groupId, launchId: launch.id, state: launch.state, personIds: restarted };
  });
}

export interface TrainingStateReply {
  groupId: number;
  launch: null | { id: number; state: Launch['state']; startsOn: string; timeZone: string; launchedAt: string; stoppedAt: string | null };
  pauses: Array<{ personId: number | null; from: string; to: string | null }>;
}

/** The group's current (or last) launch and its pauses, for the card. */
export async function trainingState(deps: GroupsDeps, caller: GroupsCaller, groupId: number): Promise<TrainingStateReply> {
  await admit(deps, caller, groupId, 'view');
  const launch = await findLatestLaunch(deps.db, caller.portalId, groupId);
  if (!launch) return { groupId, launch: null, pauses: [] };
  const pauses = await listPauses(deps.db, caller.portalId, launch.id);
  return {
    groupId,
    launch: { id: launch.id, state: launch.state, startsOn: launch.startsOn, timeZone: launch.timeZone, launchedAt: launch.launchedAt.toISOString(), stoppedAt: launch.stoppedAt?.toISOString() ?? null },
    pauses: pauses.map((p) => ({ personId: p.personId, from: p.from.toISOString(), to: p.to?.toISOString() ?? null })),
  };
}
