import { Type } from '@fastify/type-provider-typebox';
import { Day } from '../groups/groups-schemas';

/** TypeBox shapes of the launch, progress and learner-plan API (issue 10 parts 4-6); they also make its OpenAPI. */

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const PersonId = Type.Integer({ minimum: 1, maximum: 2147483647 });
const NullableDay = Type.Union([Day, Type.Null()]);
const LaunchState = Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('stopped')]);
const Status = Type.Union([Type.Literal('notStarted'), Type.Literal('inProgress'), Type.Literal('paused'), Type.Literal('completed'), Type.Literal('stopped')]);

export const LaunchOneBody = Type.Object({ startsOn: Day }, { additionalProperties: false });
export const LaunchManyBody = Type.Object(
  { groupIds: Type.Array(Id, { minItems: 1, maxItems: 100, description: 'Groups to launch together: all or none' }), startsOn: Day },
  { additionalProperties: false },
);

export const PeopleBody = Type.Object(
  { personIds: Type.Optional(Type.Array(PersonId, { minItems: 1, maxItems: 5000, description: 'Chosen people; absent: the whole group' })) },
  { additionalProperties: false },
);

const LaunchReply = Type.Object({ groupId: Type.Integer(), launchId: Type.Integer(), state: LaunchState, startsOn: Day, timeZone: Type.String(), plans: Type.Integer({ description: 'Personal plans written' }) });
export const LaunchOneReply = LaunchReply;
export const LaunchManyReply = Type.Object({ launches: Type.Array(LaunchReply) });

export const ChangeReply = Type.Object({
  groupId: Type.Integer(),
  launchId: Type.Integer(),
  state: LaunchState,
  personIds: Type.Union([Type.Array(Type.Integer()), Type.Null()]),
});

export const StateReply = Type.Object({
  groupId: Type.Integer(),
  launch: Type.Union([
    Type.Object({ id: Type.Integer(), state: LaunchState, startsOn: Day, timeZone: Type.String(), launchedAt: Type.String(), stoppedAt: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  pauses: Type.Array(Type.Object({ personId: Type.Union([Type.Integer(), Type.Null()]), from: Type.String(), to: Type.Union([Type.String(), Type.Null()]) })),
});

const Score = Type.Union([Type.Integer(), Type.Null()], { description: 'Best score of the unit test (retakes allowed); null without a test or before an attempt' });

export const ProgressReply = Type.Object({
  groupId: Type.Integer(),
  launch: Type.Union([Type.Object({ id: Type.Integer(), state: LaunchState, startsOn: Day, timeZone: Type.String() }), Type.Null()]),
  thresholdPercent: Type.Union([Type.Integer(), Type.Null()]),
  members: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      name: Type.String(),
      status: Status,
      behind: Type.Boolean(),
      startsOn: Day,
      endsOn: NullableDay,
      minutesPerWeek: Type.Union([Type.Integer(), Type.Null()]),
      completedMinutes: Type.Integer(),
      expectedMinutes: Type.Integer(),
      totalMinutes: Type.Integer(),
      lessonsDone: Type.Integer(),
      unitsPassed: Type.Integer(),
      units: Type.Array(
        Type.Object({ unitId: Type.Integer(), title: Type.String(), opensOn: NullableDay, dueOn: NullableDay, passed: Type.Boolean(), lessonsDone: Type.Integer(), lessons: Type.Integer(), bestScore: Score, attempts: Type.Integer() }),
      ),
    }),
  ),
});

const LearnerUnit = Type.Object({
  unitId: Type.Integer(),
  title: Type.String(),
  minutes: Type.Integer(),
  opensOn: NullableDay,
  dueOn: NullableDay,
  passed: Type.Boolean(),
  bestScore: Score,
  attempts: Type.Integer(),
});

export const MyPlanReply = Type.Object({
  groupId: Type.Integer(),
  plan: Type.Union([
    Type.Object({
      status: Status,
      behind: Type.Boolean(),
      startsOn: Day,
      endsOn: NullableDay,
      minutesPerWeek: Type.Union([Type.Integer(), Type.Null()]),
      completedMinutes: Type.Integer(),
      expectedMinutes: Type.Integer(),
      totalMinutes: Type.Integer(),
      dueThisWeek: Type.Array(LearnerUnit),
      next: Type.Union([LearnerUnit, Type.Null()]),
      units: Type.Array(LearnerUnit),
    }),
    Type.Null(),
  ]),
});
