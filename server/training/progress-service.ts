import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { admit, groupFactsVia, type GroupsCaller, type GroupsDeps } from '../groups/group-access';
import { runnerOf, type RunStatement } from '../db/driver-query';
import { GroupsProblem } from '../groups/groups-errors';
import { personUnitFacts, unitFacts, type PersonUnitFacts } from './learning-facts-repository';
import { NOTHING_DONE, unitProgress } from './learning-progress';
import { findLatestLaunch, listPauses, type Launch } from './launch-repository';
import { launchContext, type LaunchContext } from './member-plans';
import { groupPlan } from './group-plan';
import { learnerWeek, pausesOf, readProgress } from './plan-view';
import type { Status } from './personal-plan';
import { readPlans, type StoredPlan } from './plan-repository';
import { passMoments } from './report-repository';

/**
 * Progress (issue 10 part 6): each member's plan against what they did - lessons done, unit tests
 * scored against the group's threshold (best of the retakes), status, on track or behind - for the
 * group's managers, and the learner's own plan for My groups. A fixed number of statements per
 * request, whatever the group's size.
 */

type Row = Record<string, unknown>;

const dayIn = (timeZone: string) => (date: Date | null) => (date ? (DateTime.fromJSDate(date, { zone: timeZone }).toISODate() as string) : null);

interface Evaluated {
  plan: StoredPlan;
  status: Status;
  behind: boolean;
  completedMinutes: number;
  expectedMinutes: number;
  totalMinutes: number;
  lessonsDone: number;
  units: Array<{
    unitId: string;
    title: string;
    minutes: number;
    opensOn: string | null;
    dueOn: string | null;
    passed: boolean;
    /** Passed before this plan was built (a move, a late join, a restart): out of the plan's dates and minutes, passed all the same. */
    credited: boolean;
    /** The day it was passed: its first attempt at the threshold, or (no test) its last lesson read; null when not passed or not known. */
    passedOn: string | null;
    lessonsDone: number;
    lessons: number;
    hasTest: boolean;
    bestScore: number | null;
    attempts: number;
  }>;
}

type StoredUnit = StoredPlan['units'][number];

/**
 * The units to show for a plan, in the program's order: its own, with the credited ones put back
 * where the program has them (a credited unit the program no longer holds is left out). A plan
 * stopped without units left is shown against the whole program.
 */
export function unitsToShow(plan: Pick<StoredPlan, 'units' | 'creditedUnitIds'>, program: readonly StoredUnit[], stopped: boolean): StoredUnit[] {
  if (stopped && plan.units.length === 0) return [...program];
  const credited = new Set(plan.creditedUnitIds);
  if (credited.size === 0) return plan.units;
  const rank = new Map(program.map((u, i) => [u.unitId, i]));
  const back = program.filter((u) => credited.has(u.unitId));
  const shown: StoredUnit[] = [];
  for (const unit of plan.units) {
    const at = rank.get(unit.unitId) ?? Infinity;
    while (back.length > 0 && (rank.get(back[0].unitId) as number) < at) shown.push(back.shift() as StoredUnit);
    shown.push(unit);
  }
  return [...shown, ...back];
}

/** Plans, pauses, unit shapes and everyone's facts, read once; each plan evaluated by the pure modules. */
async function evaluate(db: Knex, portalId: string, launch: Launch, context: LaunchContext, plans: StoredPlan[], now: Date, options = { dated: true }): Promise<Evaluated[]> {
  const unitIds = [...new Set([...context.units.map((u) => u.id), ...plans.flatMap((p) => p.units.map((u) => u.unitId))])];
  const personIds = [...new Set(plans.map((p) => p.personId))];
  // One after another: inside a transaction (and on PGlite) there is one connection anyway.
  const pauses = await listPauses(db, portalId, launch.id);
  const shapes = await unitFacts(db, portalId, unitIds);
  const facts = await personUnitFacts(db, portalId, personIds, unitIds);
  // A stopped plan has no units left: its results are shown against the group's program.
  const program = context.units.map((u) => ({ unitId: u.id, minutes: u.minutes, opensAt: null, dueAt: null }));
  const factOf = new Map<string, PersonUnitFacts>(facts.map((f) => [`${f.personId}:${f.unitId}`, f]));
  const titles = new Map(context.units.map((u) => [u.id, u.title]));
  const day = dayIn(launch.timeZone);
  const pace = groupPlan([], context.schedule).pace;
  const threshold = context.settings.thresholdPercent;
  const evaluated = plans.map((plan) => {
    const stopped = plan.stoppedAt !== null || plan.leftAt !== null || launch.state === 'stopped';
    const credited = new Set(plan.creditedUnitIds);
    const units = unitsToShow(plan, program, stopped).map((u) => {
      const shape = shapes.get(u.unitId) ?? { lessons: 0, hasTest: false, testMinutes: 0 };
      const done = factOf.get(`${plan.personId}:${u.unitId}`) ?? NOTHING_DONE;
      // A credited unit was passed by the group's threshold when it was credited; it stays passed.
      const progress = credited.has(u.unitId) ? { unitId: u.unitId, passed: true, minutesDone: 0 } : unitProgress(u.unitId, shape, done, threshold);
      return { stored: u, shape, done, progress, credited: credited.has(u.unitId) };
    });
    const result = readProgress({ ...plan, stoppedAt: plan.stoppedAt ?? plan.leftAt }, pace, launch.state === 'stopped', pausesOf(pauses, plan.personId), units.map((u) => u.progress), now);
    return {
      plan,
      ...result,
      totalMinutes: plan.units.reduce((sum, u) => sum + u.minutes, 0),
      lessonsDone: units.reduce((sum, u) => sum + u.done.lessonsDone, 0),
      units: units.map((u) => ({
        unitId: u.stored.unitId,
        title: titles.get(u.stored.unitId) ?? '',
        minutes: u.stored.minutes,
        opensOn: day(u.stored.opensAt),
        dueOn: day(u.stored.dueAt),
        passed: u.progress.passed,
        credited: u.credited,
        passedOn: null as string | null,
        lessonsDone: u.done.lessonsDone,
        lessons: u.shape.lessons,
        hasTest: u.shape.hasTest,
        bestScore: u.done.bestScore,
        attempts: u.done.attempts,
      })),
    };
  });
  if (options.dated) await datePasses(db, portalId, evaluated, threshold, day);
  return evaluated;
}

/** When each passed unit was passed (one statement, none when nothing is passed), for the report's chart and history. */
async function datePasses(db: Knex, portalId: string, evaluated: Evaluated[], threshold: number, day: (date: Date | null) => string | null): Promise<void> {
  const passed = evaluated.flatMap((e) => e.units.filter((u) => u.passed).map((u) => ({ personId: e.plan.personId, unit: u })));
  if (passed.length === 0) return;
  const moments = await passMoments(db, portalId, [...new Set(passed.map((p) => p.personId))], [...new Set(passed.map((p) => Number(p.unit.unitId)))], threshold);
  const momentOf = new Map(moments.map((m) => [`${m.personId}:${m.unitId}`, m]));
  for (const { personId, unit } of passed) {
    const moment = momentOf.get(`${personId}:${unit.unitId}`);
    // A unit with a test is passed by its first good attempt; one without, by its last lesson read.
    unit.passedOn = day((unit.hasTest ? moment?.firstPassAt : moment?.lastLessonAt) ?? null);
  }
}

async function names(db: Knex, portalId: string, personIds: readonly number[]): Promise<Map<number, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db('people').where({ portal_id: portalId }).whereIn('user_id', [...personIds]).select('user_id', 'name', 'last_name');
  return new Map(rows.map((r: Row) => [Number(r.user_id), `${r.name ?? ''} ${r.last_name ?? ''}`.trim()]));
}

/**
 * Every member's plan vs actual in the group's current (or last) launch, for its managers. `run`
 * sends the first statement (the group and the caller's rights to it): the report's route has the
 * caller check ride on it (auth/guard.ts asCachedCaller).
 */
export async function groupProgress(deps: GroupsDeps, caller: GroupsCaller, groupId: number, run: RunStatement = runnerOf(deps.db)) {
  await admit(deps, caller, groupId, 'view', groupFactsVia(run));
  const launch = await findLatestLaunch(deps.db, caller.portalId, groupId);
  if (!launch) return { groupId, launch: null, thresholdPercent: null, members: [] };
  const context = await launchContext(deps.db, caller.portalId, launch);
  const plans = await readPlans(deps.db, caller.portalId, launch.id);
  const now = deps.now();
  const evaluated = await evaluate(deps.db, caller.portalId, launch, context, plans, now);
  const nameOf = await names(deps.db, caller.portalId, plans.map((p) => p.personId));
  const day = dayIn(launch.timeZone);
  return {
    groupId,
    launch: { id: launch.id, state: launch.state, startsOn: launch.startsOn, timeZone: launch.timeZone },
    thresholdPercent: context.settings.thresholdPercent,
    members: evaluated.map((e) => ({
      personId: e.plan.personId,
      name: nameOf.get(e.plan.personId) ?? '',
      inGroup: e.plan.leftAt === null,
      status: e.status,
      behind: e.behind,
      startsOn: day(e.plan.startsAt) as string,
      endsOn: day(e.plan.endsAt),
      minutesPerWeek: e.plan.minutesPerWeek,
      completedMinutes: e.completedMinutes,
      expectedMinutes: e.expectedMinutes,
      totalMinutes: e.totalMinutes,
      lessonsDone: e.lessonsDone,
      unitsPassed: e.units.filter((u) => u.passed).length,
      units: e.units.map((u) => ({
        unitId: Number(u.unitId),
        title: u.title,
        opensOn: u.opensOn,
        dueOn: u.dueOn,
        passed: u.passed,
        credited: u.credited,
        passedOn: u.passedOn,
        lessonsDone: u.lessonsDone,
        lessons: u.lessons,
        bestScore: u.hasTest ? u.bestScore : null,
        attempts: u.attempts,
      })),
    })),
  };
}

/**
 * Who is behind their plan in this launch at `now` (for the weekly reminders): running plans only,
 * so the paused, stopped and completed are never reminded. A fixed number of statements.
 */
export async function peopleBehind(db: Knex, portalId: string, launch: Launch, now: Date): Promise<number[]> {
  const plans = (await readPlans(db, portalId, launch.id)).filter((p) => p.stoppedAt === null && p.leftAt === null);
  if (plans.length === 0) return [];
  // Who is behind needs no pass days: one statement fewer per reminder run.
  const evaluated = await evaluate(db, portalId, launch, await launchContext(db, portalId, launch), plans, now, { dated: false });
  return [...new Set(evaluated.filter((e) => e.behind && (e.status === 'notStarted' || e.status === 'inProgress')).map((e) => e.plan.personId))];
}

/** The learner's own plan in a group they belong to: what is due this week, what comes next, the end date. */
export async function myPlan(deps: GroupsDeps, caller: GroupsCaller, groupId: number) {
  const member = await deps.db('group_members').where({ portal_id: caller.portalId, group_id: groupId, person_id: caller.userId }).whereNull('left_at').orderBy('id', 'desc').first('id');
  if (!member) throw new GroupsProblem(404, 'NOT_FOUND', 'You are not a member of this training group.');
  const launch = await findLatestLaunch(deps.db, caller.portalId, groupId);
  const plan = launch ? (await readPlans(deps.db, caller.portalId, launch.id, caller.userId)).find((p) => p.memberId === Number(member.id)) : undefined;
  if (!launch || !plan) return { groupId, plan: null };
  const now = deps.now();
  const [mine] = await evaluate(deps.db, caller.portalId, launch, await launchContext(deps.db, caller.portalId, launch), [plan], now, { dated: false });
  const day = dayIn(launch.timeZone);
  const units = mine.units.map((u) => ({ unitId: Number(u.unitId), title: u.title, minutes: u.minutes, opensOn: u.opensOn, dueOn: u.dueOn, passed: u.passed, credited: u.credited, bestScore: u.hasTest ? u.bestScore : null, attempts: u.attempts }));
  const stored = new Map(plan.units.map((u) => [Number(u.unitId), u]));
  const week = learnerWeek(
    units.map((u) => ({ ...u, opensAt: stored.get(u.unitId)?.opensAt ?? null, dueAt: stored.get(u.unitId)?.dueAt ?? null })),
    launch.timeZone,
    now,
  );
  const strip = <T extends { opensAt: unknown; dueAt: unknown }>({ opensAt: _o, dueAt: _d, ...rest }: T) => rest;
  return {
    groupId,
    plan: {
      status: mine.status,
      behind: mine.behind,
      startsOn: day(plan.startsAt) as string,
      endsOn: day(plan.endsAt),
      minutesPerWeek: plan.minutesPerWeek,
      completedMinutes: mine.completedMinutes,
      expectedMinutes: mine.expectedMinutes,
      totalMinutes: mine.totalMinutes,
      dueThisWeek: week.dueThisWeek.map(strip),
      next: week.next ? strip(week.next) : null,
      units,
    },
  };
}
