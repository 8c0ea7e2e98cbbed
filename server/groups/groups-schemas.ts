import { Type } from '@fastify/type-provider-typebox';

export { Type };

/** TypeBox shapes of the groups API (the groups API contract); they also make its OpenAPI. */

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer> | ReturnType<typeof Type.Object>>(t: T) => Type.Union([t, Type.Null()]);
export const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'A calendar day, YYYY-MM-DD' });
const NullableDay = Type.Union([Day, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const BigId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const ErrorReply = Type.Object({ error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()), details: Type.Optional(Type.Unknown()) });
export const errorReplies = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 428: ErrorReply, 502: ErrorReply, 503: ErrorReply };

export const Person = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  lastName: Type.String(),
  position: Type.String(),
  userType: Type.String(),
  photoUrl: Nullable(Type.String()),
  active: Type.Boolean(),
});

const Workgroup = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  url: Type.String(),
  state: Type.Union([Type.Literal('linked'), Type.Literal('unlinked-by-bitrix24')]),
  unlinkedAt: Nullable(Type.String({ format: 'date-time' })),
});

const Rights = Type.Object({
  edit: Type.Boolean(),
  editNameAndDescription: Type.Boolean(),
  delete: Type.Boolean(),
  unlink: Type.Boolean(),
  sync: Type.Boolean(),
  attachContent: Type.Boolean(),
  addParticipants: Type.Boolean(),
  removeParticipants: Type.Boolean(),
  cancelInvitations: Type.Boolean(),
  withdrawWorkgroupInvitations: Type.Boolean(),
  viewAudit: Type.Boolean(),
});

export const ContentKind = Type.Union([Type.Literal('course'), Type.Literal('test')]);
const ContentRef = Type.Object({ kind: ContentKind, id: Type.Integer(), title: Type.String(), hiddenFromExtranet: Type.Boolean(), deleted: Type.Boolean() });

const summaryFields = {
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  accessStartsOn: NullableDay,
  accessEndsOn: NullableDay,
  isExtranet: Type.Boolean(),
  window: Type.Union([Type.Literal('before'), Type.Literal('open'), Type.Literal('after')]),
  counts: Type.Object({ active: Type.Integer(), invited: Type.Integer(), content: Type.Integer() }),
  workgroup: Type.Union([Workgroup, Type.Null()]),
  createdBy: Type.Union([Person, Type.Null()]),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  rights: Rights,
};
export const GroupSummary = Type.Object(summaryFields);

export const GroupCard = Type.Object({
  ...summaryFields,
  joinMethod: Type.Object({
    method: Type.Union([Type.Literal('add'), Type.Literal('invite'), Type.Literal('app-invitation')]),
    via: Type.Union([Type.Literal('bitrix24'), Type.Literal('app')]),
    reason: Type.Union([Type.Literal('admin'), Type.Literal('not-admin')]),
    canRemove: Type.Boolean(),
    removeRefusal: Type.Union([Type.Literal('linked-admins-only'), Type.Null()]),
  }),
  content: Type.Array(ContentRef),
  sync: Type.Union([
    Type.Object({ lastSyncedAt: Nullable(Type.String({ format: 'date-time' })), stale: Type.Boolean(), jobId: Type.Union([Type.Integer(), Type.Null()]) }),
    Type.Null(),
  ]),
});

export const GroupParams = Type.Object({ id: BigId });
export const VersionQuery = Type.Object({ version: Type.Integer({ minimum: 1 }) });

export const CreateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 255 })),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    accessStartsOn: Type.Optional(NullableDay),
    accessEndsOn: Type.Optional(NullableDay),
    workgroupId: Type.Optional(Id),
    createWorkgroup: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PatchBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    accessStartsOn: Type.Optional(NullableDay),
    accessEndsOn: Type.Optional(NullableDay),
  },
  { additionalProperties: false },
);

export const DeletePreview = Type.Object({
  participants: Type.Integer(),
  /** All pending invitations (app + workgroup). */
  invitations: Type.Integer(),
  /** App invitations: withdrawn with the group. */
  appInvitations: Type.Integer(),
  /** Invitations pending in the linked Bitrix24 workgroup: they stay in Bitrix24. */
  workgroupInvitations: Type.Integer(),
  content: Type.Array(Type.Object({ ...ContentRef.properties, reopens: Type.Boolean() })),
  auditEntries: Type.Integer(),
  workgroup: Type.Union([Workgroup, Type.Null()]),
});

export const ContentParams = Type.Object({ id: BigId, kind: ContentKind, itemId: BigId });
export const ContentList = Type.Object({ content: Type.Array(ContentRef) });

export const PickerQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), start: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })) });
export const PickerReply = Type.Object({
  workgroups: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      description: Type.String(),
      isExtranet: Type.Boolean(),
      role: Type.Union([Type.Literal('A'), Type.Literal('E'), Type.Null()]),
      membersCount: Type.Union([Type.Integer(), Type.Null()]),
      linkedGroupId: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  next: Type.Union([Type.Integer(), Type.Null()]),
});

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});

export const ParticipantsQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('ended'), Type.Literal('all')], { default: 'active' })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});

export const Participant = Type.Object({
  ...Person.properties,
  state: Type.String(),
  source: Type.String(),
  workgroupRole: Type.Union([Type.String(), Type.Null()]),
  joinedAt: Nullable(Type.String({ format: 'date-time' })),
  leftAt: Nullable(Type.String({ format: 'date-time' })),
});

export const AddBody = Type.Object({ userIds: Type.Array(Id, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false });
export const AddReply = Type.Object({
  method: Type.String(),
  results: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      outcome: Type.String(),
      reason: Nullable(Type.String()),
      code: Nullable(Type.String()),
    }),
  ),
});

export const Invitation = Type.Object({
  id: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.Union([Type.Literal('app'), Type.Literal('workgroup')]),
  person: Person,
  invitedBy: Type.Union([Person, Type.Null()]),
  invitedAt: Nullable(Type.String({ format: 'date-time' })),
  state: Type.Literal('pending'),
});

export const AuditQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), before: Type.Optional(BigId) });
export const AuditReply = Type.Object({
  entries: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Type.String({ format: 'date-time' }),
      actor: Type.Union([Type.Object({ userId: Type.Integer(), name: Type.String() }), Type.Null()]),
      person: Type.Object({ userId: Type.Integer(), name: Type.String() }),
      action: Type.String(),
      method: Type.String(),
      source: Type.String(),
      result: Type.String(),
      detail: Nullable(Type.String()),
    }),
  ),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});

const MyContent = Type.Object({ kind: ContentKind, id: Type.Integer(), title: Type.String(), description: Type.String(), estimatedMinutes: Type.Integer() });
const MyGroup = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  accessStartsOn: NullableDay,
  accessEndsOn: NullableDay,
  window: Type.String(),
  joinedAt: Type.String({ format: 'date-time' }),
  content: Type.Array(MyContent),
});
export const WorkgroupTabReply = Type.Object({
  state: Type.Union([Type.Literal('member'), Type.Literal('manager'), Type.Literal('can-create'), Type.Literal('nothing')]),
  group: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  myGroup: Type.Union([MyGroup, Type.Null()]),
});

export const MyGroupsReply = Type.Object({
  current: Type.Array(MyGroup),
  upcoming: Type.Array(MyGroup),
  invitations: Type.Array(
    Type.Object({
      id: Type.Integer(),
      invitedAt: Type.String({ format: 'date-time' }),
      group: Type.Object({ id: Type.Integer(), name: Type.String(), description: Type.String(), accessStartsOn: NullableDay, accessEndsOn: NullableDay }),
      invitedBy: Type.Union([Type.Object({ userId: Type.Integer(), name: Type.String(), lastName: Type.String() }), Type.Null()]),
    }),
  ),
  workgroupInvitations: Type.Array(
    Type.Object({
      group: Type.Object({ id: Type.Integer(), name: Type.String() }),
      workgroup: Type.Object({ id: Type.Integer(), name: Type.String(), url: Type.String() }),
      invitedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});
export const AnswerReply = Type.Object({ state: Type.String(), group: Type.Object({ id: Type.Integer(), name: Type.String() }) });

export const ListReply = Type.Object({ total: Type.Integer(), groups: Type.Array(GroupSummary) });
export const DeletedReply = Type.Object({ deleted: Type.Boolean() });
export const VersionBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const JobReply = Type.Object({ jobId: Type.Integer() });
export const InvitationParams = Type.Object({ id: BigId, invitationId: BigId });
export const PersonParams = Type.Object({ id: BigId, userId: Id });
export const AnswerParams = Type.Object({ id: BigId });
