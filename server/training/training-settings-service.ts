import { DateTime } from 'luxon';
import { HttpError } from '../http/errors';
import { admit, type GroupsCaller, type GroupsDeps } from '../groups/group-access';
import { GroupsProblem } from '../groups/groups-errors';
import { groupPlan, selectProgram, type GroupSchedule, type Level, type Pace, type PlanUnit } from './group-plan';
import { catchUpMinutesPerWeek } from './personal-plan';
import { findLiveLaunch } from './launch-repository';
import { rebuildPlans } from './member-plans';
import { countLivePlans } from './plan-repository';
import {
  DEFAULT_SETTINGS,
  existingTopicIds,
  findSettings,
  groupUnits,
  saveSettingsVersioned,
  type GroupUnit,
  type StoredSettings,
  type TrainingSettings,
} from './training-settings-repository';

/**
 * The group's training settings (issue 10 part 1): read and saved by whoever may view / edit the
 * group (the groups area's own gate, admit()), and previewed as the group plan that they make.
 */

export interface SettingsReply extends TrainingSettings {
  groupId: number;
  version: number;
  defaultKey: string | null;
}

const reply = (groupId: number, stored: StoredSettings | null): SettingsReply => ({
  groupId,
  ...(stored ?? { ...DEFAULT_SETTINGS, version: 0, defaultKey: null }),
});

export async function readSettings(deps: GroupsDeps, caller: GroupsCaller, groupId: number): Promise<SettingsReply> {
  await admit(deps, caller, groupId, 'view');
  return reply(groupId, await findSettings(deps.db, caller.portalId, groupId));
}

function validZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

async function check(deps: GroupsDeps, caller: GroupsCaller, groupId: number, settings: TrainingSettings): Promise<void> {
  const bad = (message: string, field: string) => new HttpError(400, 'VALIDATION_FAILED', message, field);
  if (!validZone(settings.timeZone)) throw bad('Unknown time zone.', 'timeZone');
  if (settings.courseType === 'main' && !settings.noWaiting && !settings.minutesPerWeek) throw bad('A weekly intensity needs minutes per week.', 'minutesPerWeek');
  if (settings.courseType === 'express' && !settings.express.durationDays) throw bad('An express course needs a duration in days.', 'express.durationDays');
  if ('topics' in settings.program) {
    const ids = settings.program.topics.map((t) => t.topicId);
    if (new Set(ids).size !== ids.length) throw bad('A topic is listed twice in the program.', 'program.topics');
    const known = await existingTopicIds(deps.db, caller.portalId, ids);
    if (ids.some((id) => !known.has(id))) throw bad('The program names a topic this portal does not have.', 'program.topics');
  }
  if (settings.express.unitIds.length > 0) {
    const attached = new Set((await groupUnits(deps.db, caller.portalId, groupId)).map((u) => Number(u.id)));
    if (settings.express.unitIds.some((id) => !attached.has(id))) throw bad('An express unit is not in a course attached to this group.', 'express.unitIds');
  }
}

/**
 * Saves the settings; in a group whose training is live, its running plans are laid out again
 * from them in the same transaction (set-based, see plan-repository.ts), so no plan ever reads
 * settings it was not built from. The reply says how many plans were rebuilt.
 */
export async function saveSettings(deps: GroupsDeps, caller: GroupsCaller, groupId: number, version: number, settings: TrainingSettings): Promise<SettingsReply & { plansRebuilt: number }> {
  await admit(deps, caller, groupId, 'edit');
  await check(deps, caller, groupId, settings);
  const outcome = await deps.db.transaction(async (trx) => {
    const saved = await saveSettingsVersioned(trx, caller.portalId, groupId, version, settings, caller.userId);
    if (saved.kind === 'conflict') return null;
    const launch = await findLiveLaunch(trx, caller.portalId, groupId);
    const plansRebuilt = launch ? await rebuildPlans(trx, caller.portalId, launch, null, deps.now()) : 0;
    return { settings: saved.settings, plansRebuilt };
  });
  if (!outcome) {
    const current = reply(groupId, await findSettings(deps.db, caller.portalId, groupId));
    throw new GroupsProblem(409, 'EDIT_CONFLICT', 'Someone else saved these settings after you opened them. Your changes were not saved.', { current });
  }
  return { ...reply(groupId, outcome.settings), plansRebuilt: outcome.plansRebuilt };
}

/** The pace the plan module needs, from the stored settings. */
export function paceOf(settings: TrainingSettings): Pace {
  if (settings.courseType === 'express') return { kind: 'express', durationDays: settings.express.durationDays as number };
  if (settings.noWaiting) return { kind: 'noWaiting' };
  return { kind: 'weekly', minutesPerWeek: settings.minutesPerWeek as number };
}

/** The units of the plan in order: the program's (main) or the chosen ones (express), from the attached courses. */
export function planUnits(units: readonly GroupUnit[], settings: TrainingSettings): Array<PlanUnit & { title: string; topicName: string; level: Level }> {
  const topicOrder = [...new Set([...units].sort((a, b) => a.topicName.localeCompare(b.topicName)).map((u) => u.topicId))];
  const program =
    settings.courseType === 'express'
      ? { allTopicsUpTo: 'advanced' as const }
      : 'allTopicsUpTo' in settings.program
        ? settings.program
        : { topics: settings.program.topics.map((t) => ({ topicId: String(t.topicId), upTo: t.upTo })) };
  const chosen = new Set(settings.express.unitIds.map(String));
  const byId = new Map(units.map((u) => [u.id, u]));
  return selectProgram(units, topicOrder, program)
    .filter((u) => settings.courseType === 'main' || chosen.has(u.id))
    .map((u) => {
      const unit = byId.get(u.id) as GroupUnit;
      return { ...u, title: unit.title, topicName: unit.topicName, level: unit.level };
    });
}

export function scheduleOf(settings: TrainingSettings, startsOn: string): GroupSchedule {
  const startsAt = DateTime.fromISO(startsOn, { zone: settings.timeZone }).startOf('day').toJSDate();
  return { timeZone: settings.timeZone, startsAt, pace: paceOf(settings), lateJoiners: settings.lateJoiners };
}

export interface PreviewQuery {
  /** Default: today in the group's time zone. */
  startsOn?: string;
  /** A late joiner's day: shows the catch-up intensity (weekly main courses). */
  joinedOn?: string;
}

/**
 * The plan the settings make: the saved ones, or `draft` (the card's unsaved edits, so the
 * manager sees the plan and a late joiner's catch-up pace before saving; checked as a save is).
 */
export async function previewPlan(deps: GroupsDeps, caller: GroupsCaller, groupId: number, query: PreviewQuery, draft?: TrainingSettings) {
  await admit(deps, caller, groupId, 'view');
  const stored = (await findSettings(deps.db, caller.portalId, groupId)) ?? { ...DEFAULT_SETTINGS, version: 0, defaultKey: null };
  if (draft) await check(deps, caller, groupId, draft);
  const settings = draft ? { ...draft, version: stored.version, defaultKey: stored.defaultKey } : stored;
  const day = (date: Date | null) => (date ? (DateTime.fromJSDate(date, { zone: settings.timeZone }).toISODate() as string) : null);
  const startsOn = query.startsOn ?? (DateTime.fromJSDate(deps.now(), { zone: settings.timeZone }).toISODate() as string);
  const units = planUnits(await groupUnits(deps.db, caller.portalId, groupId), settings);
  const schedule = scheduleOf(settings, startsOn);
  const plan = groupPlan(units, schedule);
  const joinedAt = query.joinedOn ? DateTime.fromISO(query.joinedOn, { zone: settings.timeZone }).toJSDate() : null;
  const catchUp = joinedAt ? catchUpMinutesPerWeek(units, schedule, joinedAt) : null;
  const byId = new Map(units.map((u) => [u.id, u]));
  const launch = await findLiveLaunch(deps.db, caller.portalId, groupId);
  return {
    groupId,
    version: settings.version,
    // Saving changed settings lays these running plans out again: the screen says so before saving.
    runningPlans: launch ? await countLivePlans(deps.db, caller.portalId, launch.id) : 0,
    pace: plan.pace,
    timeZone: settings.timeZone,
    startsOn: day(plan.startsAt) as string,
    endsOn: day(plan.endsAt),
    minutesPerWeek: plan.minutesPerWeek,
    totalMinutes: units.reduce((sum, u) => sum + u.minutes, 0),
    units: plan.units.map((u) => {
      const unit = byId.get(u.id) as (typeof units)[number];
      return { id: Number(u.id), title: unit.title, topic: unit.topicName, level: unit.level, minutes: u.minutes, opensOn: day(u.opensAt), dueOn: day(u.dueAt) };
    }),
    catchUp: catchUp && query.joinedOn ? { joinedOn: query.joinedOn, minutesPerWeek: catchUp.minutesPerWeek, capped: catchUp.capped } : null,
  };
}
