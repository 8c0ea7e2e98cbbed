import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { callerOf, requireSession } from '../auth/guard';
import { nudgeWorkers } from '../jobs/worker-nudge';
import { changeRule, createRule, dryRun, enqueueApply, orderRules, removeRule, rulesPage, switchApplyToNewUsers } from './grouping-rules-service';

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const ConditionKind = Type.Union([Type.Literal('department'), Type.Literal('position'), Type.Literal('userType'), Type.Literal('emailDomain')]);

/**
 * One object for every kind, checked by kind in the service: a 400 then names the one field that is
 * missing or wrong (condition.departmentId, ...), where a schema union would only say "no branch matched".
 */
const ConditionBody = Type.Object(
  {
    kind: ConditionKind,
    departmentId: Type.Optional(Id),
    includeSubdepartments: Type.Optional(Type.Boolean({ description: 'Department rules: also its sub-departments (default true)' })),
    contains: Type.Optional(Type.String({ maxLength: 255, description: 'Position rules: text the position contains (any case)' })),
    userType: Type.Optional(Type.Union([Type.Literal('employee'), Type.Literal('extranet')])),
    domain: Type.Optional(Type.String({ maxLength: 253, description: 'Email-domain rules: example.com (the exact domain after @)' })),
  },
  { additionalProperties: false },
);
const RuleBody = Type.Object({ condition: ConditionBody, groupId: Id, enabled: Type.Optional(Type.Boolean({ default: true })) }, { additionalProperties: false });

const Condition = Type.Union([
  Type.Object({ kind: Type.Literal('department'), departmentId: Type.Integer(), includeSubdepartments: Type.Boolean() }),
  Type.Object({ kind: Type.Literal('position'), contains: Type.String() }),
  Type.Object({ kind: Type.Literal('userType'), userType: Type.Union([Type.Literal('employee'), Type.Literal('extranet')]) }),
  Type.Object({ kind: Type.Literal('emailDomain'), domain: Type.String() }),
]);
const RulesReply = Type.Object({
  rules: Type.Array(
    Type.Object({
      id: Type.Integer(),
      position: Type.Integer(),
      condition: Condition,
      groupId: Type.Integer(),
      groupName: Type.Union([Type.String(), Type.Null()]),
      enabled: Type.Boolean(),
      skipped: Type.Union([Type.Literal('group-deleted'), Type.Literal('group-linked'), Type.Null()], { description: 'Why the rule takes no part now; null when it does' }),
    }),
  ),
  applyToNewUsers: Type.Boolean({ description: 'New portal users (ONUSERADD) are placed by the rules' }),
  groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), linked: Type.Boolean() }), { description: 'Live groups; linked ones cannot be targets' }),
  departments: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), parentId: Type.Union([Type.Integer(), Type.Null()]) })),
  emailsKnown: Type.Boolean({ description: "False when the app sees no one's email (no user_basic scope): email-domain rules then match no one" }),
});
const Named = Type.Object({ id: Type.Integer(), name: Type.String() });
const DryRunReply = Type.Object({
  joining: Type.Array(Type.Object({ person: Named, group: Named, from: Type.Union([Named, Type.Null()]), ruleId: Type.Integer() })),
  leaving: Type.Array(Type.Object({ person: Named, group: Named, to: Type.Union([Named, Type.Null()]) })),
  groups: Type.Array(Type.Object({ group: Named, joining: Type.Integer(), leaving: Type.Integer() })),
  totals: Type.Object({ joining: Type.Integer(), leaving: Type.Integer(), people: Type.Integer({ description: 'Active people considered' }), unmatched: Type.Integer() }),
  plansRebuilt: Type.Integer({ description: 'Running personal plans the changes would rebuild' }),
  truncated: Type.Boolean({ description: 'The lists were cut at 500 rows; the counts are whole' }),
});
const ErrorReply = Type.Object({ error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) });
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };
const RuleParams = Type.Object({ id: Id });

/** Admin settings: the grouping rules (issue 10 part 3). Admins only; anyone else gets 403 before validation. */
export function groupingRulesRoutes(app: FastifyInstance, deps: { db: Knex; sessionSecret: string }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const adminOnly = requireSession(deps, ['admin']);
  const common = { tags: ['grouping rules'], security: [{ session: [] }] };
  const base = '/api/settings/grouping-rules';

  api.get(base, { onRequest: adminOnly, schema: { ...common, summary: 'The rules in order, the ONUSERADD switch, and the groups and departments to choose from', response: { 200: RulesReply, ...errors } } }, async (request) =>
    rulesPage(deps.db, callerOf(request).portalId),
  );

  api.post(base, { onRequest: adminOnly, schema: { ...common, summary: 'Add a rule at the end of the list', body: RuleBody, response: { 201: RulesReply, ...errors } } }, async (request, reply) => {
    const caller = callerOf(request);
    return reply.status(201).send(await createRule(deps.db, caller.portalId, caller.userId, request.body));
  });

  api.put(`${base}/:id`, { onRequest: adminOnly, schema: { ...common, summary: "Change a rule's condition, group or switch", params: RuleParams, body: RuleBody, response: { 200: RulesReply, ...errors } } }, async (request) =>
    changeRule(deps.db, callerOf(request).portalId, request.params.id, request.body),
  );

  api.delete(`${base}/:id`, { onRequest: adminOnly, schema: { ...common, summary: 'Delete a rule (memberships it made stay)', params: RuleParams, response: { 200: RulesReply, ...errors } } }, async (request) =>
    removeRule(deps.db, callerOf(request).portalId, request.params.id),
  );

  api.put(
    `${base}/order`,
    {
      onRequest: adminOnly,
      schema: { ...common, summary: 'Put the rules in a new order (every rule id once)', body: Type.Object({ ruleIds: Type.Array(Id, { maxItems: 1000 }) }, { additionalProperties: false }), response: { 200: RulesReply, ...errors } },
    },
    async (request) => orderRules(deps.db, callerOf(request).portalId, request.body.ruleIds),
  );

  api.put(
    `${base}/new-users`,
    {
      onRequest: adminOnly,
      schema: { ...common, summary: 'Turn on or off placing new portal users (ONUSERADD) by the rules', body: Type.Object({ applyToNewUsers: Type.Boolean() }, { additionalProperties: false }), response: { 200: RulesReply, ...errors } },
    },
    async (request) => {
      const caller = callerOf(request);
      return switchApplyToNewUsers(deps.db, caller.portalId, caller.userId, request.body.applyToNewUsers);
    },
  );

  api.post(`${base}/dry-run`, { onRequest: adminOnly, schema: { ...common, summary: 'Who would join or leave which group, and how many running plans would be rebuilt; changes nothing', response: { 200: DryRunReply, ...errors } } }, async (request) =>
    dryRun(deps.db, callerOf(request).portalId),
  );

  api.post(
    `${base}/apply`,
    { onRequest: adminOnly, schema: { ...common, summary: 'Apply the rules now, as a job (follow it with GET /api/jobs/:id)', response: { 202: Type.Object({ jobId: Type.Integer() }), ...errors } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const jobId = await enqueueApply(deps.db, caller.portalId, caller.userId);
      nudgeWorkers();
      return reply.status(202).send({ jobId });
    },
  );
}
