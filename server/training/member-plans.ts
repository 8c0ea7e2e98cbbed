import type { Knex } from 'knex';
import type { GroupSchedule, Level, PlanUnit } from './group-plan';
import { personUnitFacts, unitFacts } from './learning-facts-repository';
import { unitPassed } from './learning-progress';
import { closePauses, findLiveLaunch, listPauses, type Launch } from './launch-repository';
import { buildPlanRows, type MemberToPlan } from './plan-builder';
import { dropPlans, livePlanMembers, membersWithoutPlan, reopenPlans, writePlans, type OpenMember } from './plan-repository';
import { eventKeyOf, queueNotice } from './training-notices';
import { paceOf, planUnits } from './training-settings-service';
import { DEFAULT_SETTINGS, findSettings, groupUnits, type TrainingSettings } from './training-settings-repository';

/**
 * Writing personal plans (issue 10 part 5): at a launch, for members who join a running group
 * later (late joiners, and people moved in from another group), for people launched again after
 * a stop, and again after a pause ends.
 * Each is a fixed number of statements whatever the number of members: read the group's settings
 * and units, the members and the launch's pauses, compute every plan in TypeScript with the pure
 * plan module (plan-builder.ts), write them set-based (plan-repository.ts).
 *
 * Imports nothing of the groups area, so the groups area may call planJoiners() where it opens
 * memberships, in its own transaction.
 */

export interface LaunchContext {
  settings: TrainingSettings;
  units: Array<PlanUnit & { title: string; topicName: string; level: Level }>;
  schedule: GroupSchedule;
}

/** The launch's schedule: its own start and zone, the pace and units of the group's current settings. */
export async function launchContext(db: Knex, portalId: string, launch: Launch): Promise<LaunchContext> {
  const settings = (await findSettings(db, portalId, launch.groupId)) ?? DEFAULT_SETTINGS;
  const units = planUnits(await groupUnits(db, portalId, launch.groupId), settings);
  return { settings, units, schedule: { timeZone: launch.timeZone, startsAt: launch.startsAt, pace: paceOf(settings), lateJoiners: settings.lateJoiners } };
}

/** Units each person has already passed, by the group's threshold: three statements for everyone. */
async function passedUnits(db: Knex, portalId: string, personIds: readonly number[], context: LaunchContext): Promise<Map<number, string[]>> {
  const passed = new Map<number, string[]>();
  if (personIds.length === 0 || context.units.length === 0) return passed;
  const unitIds = context.units.map((u) => u.id);
  const shapes = await unitFacts(db, portalId, unitIds);
  const facts = await personUnitFacts(db, portalId, personIds, unitIds);
  for (const fact of facts) {
    const shape = shapes.get(fact.unitId);
    if (shape && unitPassed(shape, fact, context.settings.thresholdPercent)) passed.set(fact.personId, [...(passed.get(fact.personId) ?? []), fact.unitId]);
  }
  return passed;
}

/**
 * Plans for the group's open memberships that have none in this launch. Who joined after the
 * launch was made (a late joiner, or a move from another group) starts from their join date
 * (max with the group start, in the plan module) with the units they already passed credited.
 * Returns how many plans were written.
 */
export async function planNewMembers(db: Knex, portalId: string, launch: Launch, now: Date, options: { atLaunch: boolean }): Promise<number> {
  const members = await membersWithoutPlan(db, portalId, launch.groupId, launch.id);
  if (members.length === 0) return 0;
  const joinedLater = options.atLaunch ? [] : members.filter((m) => m.joinedAt > launch.launchedAt).map((m) => m.personId);
  await layOutNewPlans(db, portalId, launch, members, joinedLater, now);
  return members.length;
}

/** Computes and writes fresh plans for these members, crediting the units `creditFor` already passed. */
async function layOutNewPlans(db: Knex, portalId: string, launch: Launch, members: readonly OpenMember[], creditFor: readonly number[], now: Date): Promise<void> {
  const ctx = await launchContext(db, portalId, launch);
  const credited = await passedUnits(db, portalId, creditFor, ctx);
  const pauses = await listPauses(db, portalId, launch.id);
  const toPlan: MemberToPlan[] = members.map((m) => ({ ...m, creditedUnitIds: credited.get(m.personId) ?? [] }));
  await writePlans(db, portalId, launch.id, launch.groupId, buildPlanRows(ctx.units, ctx.schedule, toPlan, pauses, now));
}

/**
 * Launches chosen people again whose plan in this live launch was stopped (PRODUCT.md §5: a later
 * restart begins afresh, results and history kept): their plan starts from `now` as a late
 * joiner's would, with the units they have passed meanwhile credited; `by` is who launched them
 * again, for the history. Returns who restarted.
 */
export async function restartPlans(db: Knex, portalId: string, launch: Launch, personIds: readonly number[], now: Date, by: number): Promise<number[]> {
  const reopened = await reopenPlans(db, portalId, launch.id, personIds, now, by);
  if (reopened.length === 0) return [];
  const people = reopened.map((m) => m.personId);
  await layOutNewPlans(db, portalId, launch, reopened, people, now);
  return people;
}

/**
 * The hook for whoever opens memberships (manual add, accepted invitation, workgroup mirror,
 * grouping rules, a move): if the group is training, the newcomers get their plans now, in the
 * caller's transaction. A group not training costs one statement.
 */
export async function planJoiners(db: Knex, portalId: string, groupId: number, now: Date = new Date()): Promise<number> {
  const launch = await findLiveLaunch(db, portalId, groupId);
  if (!launch) return 0;
  const planned = await planNewMembers(db, portalId, launch, now, { atLaunch: false });
  // Newcomers are told of the launch too; who was told already is skipped by the notice job.
  if (planned > 0) await queueNotice(db, portalId, { groupId, launchId: launch.id, event: 'launch', eventKey: eventKeyOf('launch', groupId, launch.id), personIds: null });
  return planned;
}

/**
 * The hook for whoever ends memberships by a move (the grouping rules): the plans these people
 * held in the group's live launch end as a stop ends them (the unit rows go, the header stays
 * stamped, lessons and test results are kept), and their own open pauses close with them.
 * No notice: the person is told of the group they join instead. Returns how many plans ended.
 */
export async function endLeaversPlans(db: Knex, portalId: string, groupId: number, personIds: readonly number[], now: Date = new Date()): Promise<number> {
  if (personIds.length === 0) return 0;
  const launch = await findLiveLaunch(db, portalId, groupId);
  if (!launch) return 0;
  await closePauses(db, portalId, launch.id, personIds, now, null);
  // No actor on the plan: the membership's end is the event, and it records who moved them.
  return (await dropPlans(db, portalId, launch.id, personIds, now, null)).length;
}

/** Lays the live plans out again (all, or some people's): after a pause ends, or the settings change. */
export async function rebuildPlans(db: Knex, portalId: string, launch: Launch, personIds: readonly number[] | null, now: Date): Promise<number> {
  const members = await livePlanMembers(db, portalId, launch.id, personIds);
  const context = await launchContext(db, portalId, launch);
  const pauses = await listPauses(db, portalId, launch.id);
  await writePlans(db, portalId, launch.id, launch.groupId, buildPlanRows(context.units, context.schedule, members, pauses, now));
  return members.length;
}
