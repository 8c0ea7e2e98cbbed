import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireSession, requireSharedSession } from '../auth/guard';
import type { GroupsDeps } from '../groups/group-access';
import { groupsCaller, type GroupsRouteDeps } from '../groups/groups-caller';
import { sendGroupsProblems } from '../groups/groups-errors';
import * as S from './training-schemas';
import { previewPlan, readSettings, saveSettings } from './training-settings-service';
import { launchRoutes } from './launch-routes';
import { reportRoutes } from './report-routes';

const tokenNote = ' A linked group changed by a non-admin needs the frame\'s Bitrix24 token in X-B24-Access-Token.';

/** The training routes of a group (issue 10): its settings and the plan they make. Rights: the groups area's own check. */
export async function trainingRoutes(app: FastifyInstance, deps: GroupsRouteDeps): Promise<void> {
  const service: GroupsDeps = { db: deps.db, bitrix: deps.bitrix, now: deps.now ?? (() => new Date()) };
  const managers = requireSession(deps, ['admin', 'moderator']);
  await app.register(async (scope) => {
    sendGroupsProblems(scope);
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();
    const common = { tags: ['training plans'], security: [{ session: [] }] };

    api.get(
      '/api/groups/:id/training-settings',
      { onRequest: managers, schema: { ...common, summary: 'The group\'s training settings (defaults with version 0 until first saved)', params: S.GroupParams, response: { 200: S.SettingsReply, ...S.errorReplies } } },
      async (request) => readSettings(service, groupsCaller(request), request.params.id),
    );

    api.put(
      '/api/groups/:id/training-settings',
      { onRequest: managers, schema: { ...common, summary: `Save the group's training settings (409 EDIT_CONFLICT when version is stale).${tokenNote}`, params: S.GroupParams, body: S.SettingsBody, response: { 200: S.SavedSettingsReply, ...S.errorReplies } } },
      async (request) => {
        const { version, ...settings } = request.body;
        return saveSettings(service, groupsCaller(request), request.params.id, version, settings);
      },
    );

    api.get(
      '/api/groups/:id/training-settings/preview',
      { onRequest: managers, schema: { ...common, summary: 'The group plan the saved settings make from startsOn; with joinedOn, the catch-up minutes per week of a late joiner', params: S.GroupParams, querystring: S.PreviewQuery, response: { 200: S.PreviewReply, ...S.errorReplies } } },
      async (request) => previewPlan(service, groupsCaller(request), request.params.id, request.query),
    );

    launchRoutes(api, service, { managers, anyone: requireSession(deps, ['admin', 'moderator', 'employee', 'extranet']) });
    api.post(
      '/api/groups/:id/training-settings/preview',
      { onRequest: managers, schema: { ...common, summary: 'The group plan that unsaved settings would make (checked as a save is; nothing is stored)', params: S.GroupParams, querystring: S.PreviewQuery, body: S.DraftBody, response: { 200: S.PreviewReply, ...S.errorReplies } } },
      async (request) => previewPlan(service, groupsCaller(request), request.params.id, request.query, request.body),
    );
    reportRoutes(api, service, { managers, sharedManagers: requireSharedSession(deps, ['admin', 'moderator']) });
  });
}
