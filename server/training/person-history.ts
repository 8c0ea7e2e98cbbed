import { DateTime } from 'luxon';

/**
 * One person's training history in one group (issue 10 part 8, "per person, their plan, history and
 * results"): pure, from the facts history-repository.ts reads. The tables keep moments, not events,
 * so the events are read off them here:
 *
 * - a membership period (group_members) begins and ends: joined, left / removed / deactivated, or a
 *   move when a period in another group ended just before (began just after) within MOVE_WINDOW_MS
 *   (the grouping rules write a move's leave and join in separate steps of one job);
 * - a launch of the group (training_launches) starts and stops: shown while the person was a member;
 * - pauses (training_pauses), the group's while the person was a member, and their own;
 * - their plans' stops (personal_plans.earlier_stops, stopped_at) and restarts (restarts), with who
 *   made each where that is recorded (migration 0088: a stop or restart of chosen people).
 *
 * Some moments are one event seen twice, and are shown once: a plan stopped by the group's stop or
 * by the membership's end is that stop or that end; a pause closed by a stop or an end was not
 * resumed. "The same moment" means within SAME_MOMENT_MS: the writers stamp them in one transaction,
 * but a membership's end is the database's clock and a plan's stop the app's.
 */

export const MOVE_WINDOW_MS = 60 * 60 * 1000;
export const SAME_MOMENT_MS = 60 * 1000;

export type HistoryKind = 'joined' | 'left' | 'removed' | 'deactivated' | 'movedIn' | 'movedOut' | 'launched' | 'launchedAgain' | 'paused' | 'resumed' | 'stopped';

export interface MembershipFacts {
  joinedAt: Date;
  joinedBy: number | null;
  leftAt: Date | null;
  leftBy: number | null;
  /** group_members.state once closed. */
  endState: 'left' | 'removed' | 'ended' | null;
  /** The nearest period elsewhere that ended at or before joinedAt, and the one that began at or after leftAt. */
  before: { groupId: number; groupName: string; leftAt: Date } | null;
  after: { groupId: number; groupName: string; joinedAt: Date } | null;
}

export interface HistoryFacts {
  memberships: MembershipFacts[];
  launches: Array<{ id: number; launchedAt: Date; launchedBy: number; stoppedAt: Date | null; stoppedBy: number | null }>;
  /** personId null: the whole group's pause. */
  pauses: Array<{ launchId: number; personId: number | null; pausedAt: Date; pausedBy: number; resumedAt: Date | null; resumedBy: number | null }>;
  /** The person's plans (one per membership period and launch): every stop, every restart. */
  plans: Array<{ launchId: number; stops: PlanMoment[]; restarts: PlanMoment[] }>;
}

/** A stop or restart of one plan; by: who chose this person, null when nobody did or it is not recorded. */
export interface PlanMoment {
  at: Date;
  by: number | null;
}

export interface HistoryEntry {
  at: string;
  /** The calendar day in the report's time zone. */
  on: string;
  kind: HistoryKind;
  /** 'group': done to the whole group; 'person': to this person alone. */
  scope: 'group' | 'person';
  /** Who did it; null when the app did it (a sync, a rule applied to a new user) or it is not recorded. */
  actorId: number | null;
  /** For a move: the group moved from (movedIn) or to (movedOut). */
  otherGroup: { id: number; name: string } | null;
}

type Draft = Omit<HistoryEntry, 'at' | 'on'> & { at: Date };

const near = (a: Date, b: Date) => Math.abs(a.getTime() - b.getTime()) <= SAME_MOMENT_MS;
const nearAny = (at: Date, moments: readonly Date[]) => moments.some((m) => near(at, m));

const END_KIND: Record<'left' | 'removed' | 'ended', HistoryKind> = { left: 'left', removed: 'removed', ended: 'deactivated' };

function membershipEvents(m: MembershipFacts): Draft[] {
  const events: Draft[] = [];
  const from = m.before && m.joinedAt.getTime() - m.before.leftAt.getTime() <= MOVE_WINDOW_MS ? m.before : null;
  events.push({ at: m.joinedAt, kind: from ? 'movedIn' : 'joined', scope: 'person', actorId: m.joinedBy, otherGroup: from ? { id: from.groupId, name: from.groupName } : null });
  if (m.leftAt) {
    const to = m.after && m.after.joinedAt.getTime() - m.leftAt.getTime() <= MOVE_WINDOW_MS ? m.after : null;
    events.push({ at: m.leftAt, kind: to ? 'movedOut' : END_KIND[m.endState ?? 'left'], scope: 'person', actorId: m.leftBy, otherGroup: to ? { id: to.groupId, name: to.groupName } : null });
  }
  return events;
}

/** Whether `at` falls in one of the person's membership periods (a moment's slack at either end). */
function whileMember(memberships: readonly MembershipFacts[], at: Date): boolean {
  return memberships.some((m) => at.getTime() >= m.joinedAt.getTime() - SAME_MOMENT_MS && (m.leftAt === null || at.getTime() <= m.leftAt.getTime() + SAME_MOMENT_MS));
}

/** The person's history, newest first, each event with its day in `timeZone`. */
export function personHistory(facts: HistoryFacts, personId: number, timeZone: string): HistoryEntry[] {
  const events: Draft[] = facts.memberships.flatMap(membershipEvents);
  const memberEnds = facts.memberships.flatMap((m) => (m.leftAt ? [m.leftAt] : []));
  const member = (at: Date) => whileMember(facts.memberships, at);

  for (const launch of facts.launches) {
    const groupStops = launch.stoppedAt ? [launch.stoppedAt] : [];
    const planStops = facts.plans.filter((p) => p.launchId === launch.id).flatMap((p) => p.stops.map((s) => s.at));
    if (member(launch.launchedAt)) events.push({ at: launch.launchedAt, kind: 'launched', scope: 'group', actorId: launch.launchedBy, otherGroup: null });
    if (launch.stoppedAt && member(launch.stoppedAt)) events.push({ at: launch.stoppedAt, kind: 'stopped', scope: 'group', actorId: launch.stoppedBy, otherGroup: null });
    for (const plan of facts.plans.filter((p) => p.launchId === launch.id)) {
      for (const stop of plan.stops) {
        if (!nearAny(stop.at, groupStops) && !nearAny(stop.at, memberEnds)) events.push({ at: stop.at, kind: 'stopped', scope: 'person', actorId: stop.by, otherGroup: null });
      }
      for (const restart of plan.restarts) events.push({ at: restart.at, kind: 'launchedAgain', scope: 'person', actorId: restart.by, otherGroup: null });
    }
    // A pause closed by a stop or the membership's end was never resumed: it ended with the plan.
    const endings = [...groupStops, ...planStops, ...memberEnds];
    for (const pause of facts.pauses.filter((p) => p.launchId === launch.id && (p.personId === null || p.personId === personId))) {
      const scope = pause.personId === null ? 'group' : 'person';
      if (scope === 'person' || member(pause.pausedAt)) events.push({ at: pause.pausedAt, kind: 'paused', scope, actorId: pause.pausedBy, otherGroup: null });
      if (pause.resumedAt && !nearAny(pause.resumedAt, endings) && (scope === 'person' || member(pause.resumedAt))) {
        events.push({ at: pause.resumedAt, kind: 'resumed', scope, actorId: pause.resumedBy, otherGroup: null });
      }
    }
  }

  // Newest first; at one moment, the later step of a story first (a launch above the join it follows, a launch again above its stop).
  const ORDER: HistoryKind[] = ['joined', 'movedIn', 'launched', 'paused', 'resumed', 'stopped', 'launchedAgain', 'left', 'removed', 'deactivated', 'movedOut'];
  return events
    .sort((a, b) => b.at.getTime() - a.at.getTime() || ORDER.indexOf(b.kind) - ORDER.indexOf(a.kind))
    .map((e) => ({ ...e, at: e.at.toISOString(), on: DateTime.fromJSDate(e.at, { zone: timeZone }).toISODate() as string }));
}
