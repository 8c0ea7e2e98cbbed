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

const ChosenPeople = (description: string) => Type.Array(PersonId, { minItems: 1, maxItems: 5000, description });
export const PeopleBody = Type.Object({ personIds: Type.Optional(ChosenPeople('Chosen people; absent: the whole group')) }, { additionalProperties: false });
export const RestartBody = Type.Object({ personIds: ChosenPeople('Chosen people whose training here was stopped') }, { additionalProperties: false });

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
const Credited = Type.Boolean({ description: 'Passed before this plan was built (a move from another group, a late join, a restart): not in its dates or minutes, passed all the same' });

/** A plan as it stands, the same for the manager's view of a member and the learner's own. */
const PlanFacts = {
  status: Status,
  behind: Type.Boolean(),
  startsOn: Day,
  endsOn: NullableDay,
  minutesPerWeek: Type.Union([Type.Integer(), Type.Null()]),
  completedMinutes: Type.Integer(),
  expectedMinutes: Type.Integer(),
  totalMinutes: Type.Integer(),
};

/** A unit of a member's plan for the group's managers (and, as is, in the person report). */
export const ProgressUnit = Type.Object({
  unitId: Type.Integer(),
  title: Type.String(),
  opensOn: NullableDay,
  dueOn: NullableDay,
  passed: Type.Boolean(),
  credited: Credited,
  passedOn: Type.Union([Day, Type.Null()], { description: 'The day it was passed (first attempt at the threshold, or the last lesson read); null when not passed or not known' }),
  lessonsDone: Type.Integer(),
  lessons: Type.Integer(),
  bestScore: Score,
  attempts: Type.Integer(),
});

export const ProgressReply = Type.Object({
  groupId: Type.Integer(),
  launch: Type.Union([Type.Object({ id: Type.Integer(), state: LaunchState, startsOn: Day, timeZone: Type.String() }), Type.Null()]),
  thresholdPercent: Type.Union([Type.Integer(), Type.Null()]),
  members: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      name: Type.String(),
      inGroup: Type.Boolean({ description: 'Still a member (false: the plan ended when they left or moved away)' }),
      ...PlanFacts,
      lessonsDone: Type.Integer(),
      unitsPassed: Type.Integer({ description: 'Units passed, credited ones included' }),
      units: Type.Array(ProgressUnit),
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
  credited: Credited,
  bestScore: Score,
  attempts: Type.Integer(),
});

export const MyPlanReply = Type.Object({
  groupId: Type.Integer(),
  plan: Type.Union([
    Type.Object({
      ...PlanFacts,
      dueThisWeek: Type.Array(LearnerUnit),
      next: Type.Union([LearnerUnit, Type.Null()]),
      units: Type.Array(LearnerUnit),
    }),
    Type.Null(),
  ]),
});
