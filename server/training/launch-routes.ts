import type { FastifyInstance, FastifyTypeProviderDefault, onRequestHookHandler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { GroupsDeps } from '../groups/group-access';
import { groupsCaller } from '../groups/groups-caller';
import * as S from './launch-schemas';
import { GroupParams, errorReplies } from './training-schemas';
import { launchGroups, pauseTraining, restartTraining, resumeTraining, stopTraining, trainingState } from './launch-service';
import { groupProgress, myPlan } from './progress-service';

type Api = FastifyInstance<any, any, any, any, TypeBoxTypeProvider> | FastifyInstance<any, any, any, any, FastifyTypeProviderDefault>;

const tokenNote = ' A linked group changed by a non-admin needs the frame\'s Bitrix24 token in X-B24-Access-Token.';

/**
 * Launch, stop, pause, resume (part 4), progress (part 6) and the learner's plan, inside the
 * training routes' scope. Thin: the schema, the caller, one service call.
 */
export function launchRoutes(scope: Api, service: GroupsDeps, guards: { managers: onRequestHookHandler; anyone: onRequestHookHandler }): void {
  const api = (scope as FastifyInstance).withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['training plans'], security: [{ session: [] }] };
  const managers = guards.managers;

  api.post(
    '/api/training/launches',
    { onRequest: managers, schema: { ...common, summary: `Launch several groups from one start day (all or none; 409 ALREADY_TRAINING).${tokenNote}`, body: S.LaunchManyBody, response: { 201: S.LaunchManyReply, ...errorReplies } } },
    async (request, reply) => {
      const launches = await launchGroups(service, groupsCaller(request), request.body.groupIds, request.body.startsOn);
      return reply.status(201).send({ launches });
    },
  );

  api.post(
    '/api/groups/:id/training/launch',
    { onRequest: managers, schema: { ...common, summary: `Launch the group's training from a start day: every member gets a personal plan and a Bitrix24 notice.${tokenNote}`, params: GroupParams, body: S.LaunchOneBody, response: { 201: S.LaunchOneReply, ...errorReplies } } },
    async (request, reply) => {
      const [launched] = await launchGroups(service, groupsCaller(request), [request.params.id], request.body.startsOn);
      return reply.status(201).send(launched);
    },
  );

  api.get(
    '/api/groups/:id/training',
    { onRequest: managers, schema: { ...common, summary: 'The group\'s current (or last) launch and its pauses', params: GroupParams, response: { 200: S.StateReply, ...errorReplies } } },
    async (request) => trainingState(service, groupsCaller(request), request.params.id),
  );

  const change = (path: string, summary: string, run: typeof stopTraining) =>
    api.post(
      `/api/groups/:id/training/${path}`,
      { onRequest: managers, schema: { ...common, summary: `${summary}${tokenNote}`, params: GroupParams, body: S.PeopleBody, response: { 200: S.ChangeReply, ...errorReplies } } },
      async (request) => run(service, groupsCaller(request), request.params.id, request.body.personIds ?? null),
    );
  change('stop', 'Stop the whole group, or chosen people: their plans are dropped, their results kept.', stopTraining);
  change('pause', 'Pause the whole group, or chosen people (409 when already paused).', pauseTraining);
  change('resume', 'Resume: every later date of the plans concerned moves by the length of the pause.', resumeTraining);

  api.post(
    '/api/groups/:id/training/restart',
    { onRequest: managers, schema: { ...common, summary: `Launch chosen people again whose training in the running group was stopped: a fresh plan from today, the units they passed credited (409 NOT_STOPPED, all or none).${tokenNote}`, params: GroupParams, body: S.RestartBody, response: { 200: S.ChangeReply, ...errorReplies } } },
    async (request) => restartTraining(service, groupsCaller(request), request.params.id, request.body.personIds),
  );

  api.get(
    '/api/groups/:id/training/progress',
    { onRequest: managers, schema: { ...common, summary: 'Each member\'s plan vs actual: status, on track or behind, lessons, test scores', params: GroupParams, response: { 200: S.ProgressReply, ...errorReplies } } },
    async (request) => groupProgress(service, groupsCaller(request), request.params.id),
  );

  api.get(
    '/api/my-groups/:id/plan',
    { onRequest: guards.anyone, schema: { ...common, summary: 'The caller\'s own plan in a group they belong to: due this week, next, end date (plan null before a launch)', params: GroupParams, response: { 200: S.MyPlanReply, ...errorReplies } } },
    async (request) => myPlan(service, groupsCaller(request), request.params.id),
  );
}
