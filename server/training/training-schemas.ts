import { Type } from '@fastify/type-provider-typebox';
import { Day, errorReplies } from '../groups/groups-schemas';

export { errorReplies };

/** TypeBox shapes of the training-settings API (issue 10 part 1); they also make its OpenAPI. */

const Level = Type.Union([Type.Literal('beginner'), Type.Literal('elementary'), Type.Literal('intermediate'), Type.Literal('advanced')]);
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const GroupParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

const Program = Type.Union([
  Type.Object({ allTopicsUpTo: Level }, { additionalProperties: false, description: 'Every topic, units at or below this level' }),
  Type.Object({ topics: Type.Array(Type.Object({ topicId: Id, upTo: Level }, { additionalProperties: false }), { maxItems: 500 }) }, { additionalProperties: false }),
]);

const SettingsFields = {
  courseType: Type.Union([Type.Literal('main'), Type.Literal('express')]),
  noWaiting: Type.Boolean({ description: 'Main course: the next unit opens as soon as the previous one is passed' }),
  minutesPerWeek: Type.Union([Type.Integer({ minimum: 1, maximum: 10080 }), Type.Null()], { description: 'Main course intensity; null with no waiting' }),
  thresholdPercent: Type.Integer({ minimum: 0, maximum: 100 }),
  program: Program,
  express: Type.Object(
    { unitIds: Type.Array(Id, { maxItems: 2000 }), durationDays: Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()]) },
    { additionalProperties: false },
  ),
  intendedStaff: Type.Object({ en: Type.String({ maxLength: 4000 }), ru: Type.String({ maxLength: 4000 }) }, { additionalProperties: false }),
  lateJoiners: Type.Union([Type.Literal('ownPace'), Type.Literal('catchUp')]),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone whose calendar days the plan uses' }),
};

export const SettingsBody = Type.Object(
  { version: Type.Integer({ minimum: 0, maximum: 2147483647, description: 'The version read (0: nothing saved yet)' }), ...SettingsFields },
  { additionalProperties: false },
);

export const DraftBody = Type.Object(SettingsFields, { additionalProperties: false, description: 'Settings as the PUT takes them, without the version' });

export const SettingsReply = Type.Object({
  groupId: Type.Integer(),
  version: Type.Integer(),
  defaultKey: Type.Union([Type.String(), Type.Null()]),
  ...SettingsFields,
});

export const SavedSettingsReply = Type.Object({
  ...SettingsReply.properties,
  plansRebuilt: Type.Integer({ minimum: 0, description: "Running personal plans laid out again from the new settings (0 when the group is not training)" }),
});

export const PreviewQuery = Type.Object({ startsOn: Type.Optional(Day), joinedOn: Type.Optional(Day) });

const NullableDay = Type.Union([Day, Type.Null()]);

export const PreviewReply = Type.Object({
  groupId: Type.Integer(),
  version: Type.Integer(),
  runningPlans: Type.Integer({ minimum: 0, description: 'Running personal plans that saving changed settings would lay out again' }),
  pace: Type.Union([Type.Literal('weekly'), Type.Literal('noWaiting'), Type.Literal('express')]),
  timeZone: Type.String(),
  startsOn: Day,
  endsOn: NullableDay,
  minutesPerWeek: Type.Union([Type.Integer(), Type.Null()]),
  totalMinutes: Type.Integer(),
  units: Type.Array(
    Type.Object({ id: Type.Integer(), title: Type.String(), topic: Type.String(), level: Level, minutes: Type.Integer(), opensOn: NullableDay, dueOn: NullableDay }),
  ),
  catchUp: Type.Union([Type.Object({ joinedOn: Day, minutesPerWeek: Type.Integer(), capped: Type.Boolean() }), Type.Null()]),
});
