import type { FastifyInstance, FastifyTypeProviderDefault, onRequestHookHandler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { GroupsDeps } from '../groups/group-access';
import { groupsCaller, groupsCallerOf } from '../groups/groups-caller';
import { asCachedCaller } from '../auth/guard';
import { quarterHourOf, replyKey } from '../http/reply-cache';
import * as S from './report-schemas';
import { GroupParams, errorReplies } from './training-schemas';
import { groupReport, groupReportCsv, personReport } from './report-service';

type Api = FastifyInstance<any, any, any, any, TypeBoxTypeProvider> | FastifyInstance<any, any, any, any, FastifyTypeProviderDefault>;

/** The group report, its CSV and one person's report (part 8), for admins and the group's managers. */
export function reportRoutes(scope: Api, service: GroupsDeps, guards: { managers: onRequestHookHandler; sharedManagers: onRequestHookHandler }): void {
  const { managers } = guards;
  const api = (scope as FastifyInstance).withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['training reports'], security: [{ session: [] }] };

  api.get(
    '/api/groups/:id/training/report',
    // The caller check rides on the report's first statement, and the report is kept while nothing it
    // reads changes: it depends on the day (plan vs actual), never on the minute (due dates are days).
    { onRequest: guards.sharedManagers, schema: { ...common, summary: 'The group report: members\' plan vs actual, planned and estimated ends, scores, who needs attention, weekly progress', params: GroupParams, response: { 200: S.GroupReportReply, ...errorReplies } } },
    async (request, reply) => {
      const quarter = quarterHourOf(service.now());
      const key = (session: { portalId: string; userId: number; role: string }) => replyKey(session.portalId, 'group-report', request.params.id, session.userId, session.role, quarter);
      return asCachedCaller(request, reply, { key }, (session, run) => groupReport(service, groupsCallerOf(request, session), request.params.id, run));
    },
  );

  api.get(
    '/api/groups/:id/training/report.csv',
    {
      onRequest: managers,
      schema: { ...common, summary: 'The group report\'s members as CSV for Excel (UTF-8 with BOM, comma-separated)', params: GroupParams, querystring: S.CsvQuery, produces: ['text/csv'], response: { 200: S.CsvReply, ...errorReplies } },
    },
    async (request, reply) => {
      const file = await groupReportCsv(service, groupsCaller(request), request.params.id, request.query.lang ?? 'en');
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
    },
  );

  api.get(
    '/api/groups/:id/training/report/people/:personId',
    { onRequest: managers, schema: { ...common, summary: 'One member\'s report: their plan, test attempts and results (404 without a plan)', params: S.PersonParams, response: { 200: S.PersonReportReply, ...errorReplies } } },
    async (request) => personReport(service, groupsCaller(request), request.params.id, request.params.personId),
  );
}
