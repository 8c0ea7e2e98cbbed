/**
 * Launching several chosen groups from the list (issue 10 part 4: "launch one or several groups
 * with a start date"). Pure: what became of each chosen group, read from what
 * `POST /api/training/launches` answered. That route is all or none: a 201 lists every group's
 * launch; a refusal launches nothing, and names the group it concerns only when it can
 * (409 ALREADY_TRAINING carries `details.groupId`; a rights refusal does not).
 */

export interface ChosenGroup {
  id: number;
  name: string;
}

/** One group's launch as the route answers it. */
export interface GroupLaunch {
  groupId: number;
  launchId: number;
  startsOn: string;
  timeZone: string;
  plans: number;
}

export type LaunchOutcome =
  | { kind: 'launched'; startsOn: string; timeZone: string; plans: number }
  /** Training already: not launched again. */
  | { kind: 'alreadyTraining' }
  /** The refusal concerns this group; `reason` in the reader's words. */
  | { kind: 'refused'; reason: string }
  /** Not launched because the call as a whole was refused (all or none). */
  | { kind: 'heldBack' };

export interface LaunchRow {
  group: ChosenGroup;
  outcome: LaunchOutcome;
}

export interface LaunchResult {
  rows: LaunchRow[];
  /** The refusal when it names no group of several: said once, above the rows. */
  reason: string | null;
}

/** After a 201: each chosen group as launched (one the reply does not name, which should not happen, as held back). */
export function launchedResult(chosen: readonly ChosenGroup[], launches: readonly GroupLaunch[]): LaunchResult {
  const byGroup = new Map(launches.map((l) => [l.groupId, l]));
  return {
    rows: chosen.map((group) => {
      const l = byGroup.get(group.id);
      return { group, outcome: l ? { kind: 'launched', startsOn: l.startsOn, timeZone: l.timeZone, plans: l.plans } : { kind: 'heldBack' } };
    }),
    reason: null,
  };
}

/** The refused call's facts the result needs: its code, its details, and its reason in words. */
export interface Refusal {
  code: string;
  details?: unknown;
  reason: string;
}

/** Refusals about one group (the rest, a bad day, a missing Bitrix24 token, no network, are about the call). */
const ABOUT_A_GROUP: ReadonlySet<string> = new Set(['ALREADY_TRAINING', 'NOT_GROUP_MANAGER', 'NOT_WORKGROUP_MANAGER', 'NOT_FOUND']);

const namedGroup = (details: unknown): number | null => {
  const id = (details as { groupId?: unknown } | null | undefined)?.groupId;
  return typeof id === 'number' ? id : null;
};

/**
 * After a refusal: the group it names (or, for a refusal about a group, the only one chosen) gets
 * it, as already training or refused with its reason; every other chosen group was held back, since
 * nothing is launched. A refusal about no group in particular is said once, every group held back.
 */
export function refusedResult(chosen: readonly ChosenGroup[], refusal: Refusal): LaunchResult {
  const named = namedGroup(refusal.details);
  const aboutAGroup = ABOUT_A_GROUP.has(refusal.code);
  const concerned = named !== null && chosen.some((g) => g.id === named) ? named : aboutAGroup && chosen.length === 1 ? chosen[0]!.id : null;
  const rows: LaunchRow[] = chosen.map((group) => {
    if (group.id !== concerned) return { group, outcome: { kind: 'heldBack' } };
    return { group, outcome: refusal.code === 'ALREADY_TRAINING' ? { kind: 'alreadyTraining' } : { kind: 'refused', reason: refusal.reason } };
  });
  return { rows, reason: concerned === null ? refusal.reason : null };
}

/**
 * The groups left chosen after a result: those held back, so that launching again sends the rest
 * (a launched group, one training already or one refused would only be refused again).
 */
export function stillToLaunch(result: LaunchResult): ChosenGroup[] {
  return result.rows.filter((r) => r.outcome.kind === 'heldBack').map((r) => r.group);
}
