import { applyRuleChanges } from '../groups/rule-memberships';
import { PermanentJobError, type JobContext, type JobHandler } from '../jobs/job-types';
import { mirrorPeopleByIds, type PeopleBitrix } from '../people/mirror-people';
import type { EventContext } from '../portal/event-registry';
import { eventId } from '../portal/platform-events';
import { getPortal } from '../tenants/portal-repository';
import type { RulesDiff } from './grouping-rules';
import { applyOnUserAdd } from './grouping-rules-repository';
import { APPLY_RULES_JOB, PLACE_NEW_USER_JOB, planChanges } from './grouping-rules-service';

/**
 * The grouping rules' long work, as jobs with the queue's progress: applying the rules to the whole
 * portal, and placing one new user (ONUSERADD) when the portal turned that on.
 */

/** Changes written per transaction: short steps, so a person's request never waits long for the database. */
export const CHANGES_PER_STEP = 200;

function steps(diff: RulesDiff, size: number): RulesDiff[] {
  const out: RulesDiff[] = [];
  // Leaves first: a move ends the old membership before the new one starts.
  for (let i = 0; i < diff.leaves.length; i += size) out.push({ joins: [], leaves: diff.leaves.slice(i, i + size) });
  for (let i = 0; i < diff.joins.length; i += size) out.push({ joins: diff.joins.slice(i, i + size), leaves: [] });
  return out;
}

/**
 * Applies the rules as they stand when the job runs. No checkpoint is needed: a run resumed after
 * a crash plans again from the memberships as committed, so what was done is not in the new plan.
 */
export function applyRulesHandler(options: { changesPerStep?: number } = {}): JobHandler {
  const size = options.changesPerStep ?? CHANGES_PER_STEP;
  return async (ctx: JobContext<{ actorId?: unknown }>) => {
    const actorId = typeof ctx.payload.actorId === 'number' ? ctx.payload.actorId : null;
    const { diff } = await planChanges(ctx.db, ctx.portalId);
    const total = diff.joins.length + diff.leaves.length;
    await ctx.reportProgress(0, total, null);
    let done = 0;
    let joined = 0;
    let left = 0;
    for (const step of steps(diff, size)) {
      ctx.signal.throwIfAborted();
      await ctx.saveStep(
        async (trx) => {
          const written = await applyRuleChanges(trx, ctx.portalId, step, actorId);
          joined += written.joined;
          left += written.left;
        },
        { done: done + step.joins.length + step.leaves.length, total },
      );
      done += step.joins.length + step.leaves.length;
    }
    return { joined, left };
  };
}

/** Mirrors the new user first (ONUSERADD's fields depend on the app's scope), then places them. */
export function placeNewUserHandler(deps: { bitrix: PeopleBitrix }): JobHandler {
  return async (ctx: JobContext<{ userId?: unknown }>) => {
    const userId = eventId(ctx.payload.userId);
    if (userId === null) throw new PermanentJobError('place-new-user-by-rules needs a user id');
    const portal = await getPortal(ctx.db, ctx.portalId);
    if (!portal || portal.state === 'uninstalled') throw new PermanentJobError('the app is not installed on this portal');
    // Turned off since the event arrived: place no one.
    if (!(await applyOnUserAdd(ctx.db, ctx.portalId))) return { placed: false, reason: 'turned off' };
    await mirrorPeopleByIds(ctx.db, deps.bitrix, portal, [userId], undefined, { signal: ctx.signal });
    const { diff } = await planChanges(ctx.db, ctx.portalId, [userId]);
    let written = { joined: 0, left: 0 };
    await ctx.saveStep(
      async (trx) => {
        written = await applyRuleChanges(trx, ctx.portalId, diff, null);
      },
      { done: 1, total: 1 },
    );
    return { placed: written.joined > 0, ...written, groupIds: diff.joins.map((j) => j.groupId) };
  };
}

/** ONUSERADD: when the portal turned it on, a job places the new user (the platform's own handler mirrors them too). */
export async function placeNewUserOnUserAdd(ctx: EventContext): Promise<void> {
  const fields = (ctx.data.FIELDS && typeof ctx.data.FIELDS === 'object' ? ctx.data.FIELDS : {}) as Record<string, unknown>;
  const userId = eventId(ctx.data.ID) ?? eventId(fields.ID);
  if (userId === null) return;
  if (!(await applyOnUserAdd(ctx.db, ctx.portal.id))) return;
  await ctx.enqueueJob(PLACE_NEW_USER_JOB, { userId }, { dedupKey: `${PLACE_NEW_USER_JOB}:${userId}` });
}

export function groupingRulesJobHandlers(deps: { bitrix: PeopleBitrix }): Record<string, JobHandler> {
  return { [APPLY_RULES_JOB]: applyRulesHandler(), [PLACE_NEW_USER_JOB]: placeNewUserHandler(deps) };
}
