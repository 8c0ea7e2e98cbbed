import { Type } from '@fastify/type-provider-typebox';
import { Day } from '../groups/groups-schemas';
import { ProgressUnit } from './launch-schemas';

/** TypeBox shapes of the report API (issue 10 part 8); they also make its OpenAPI. */

const NullableDay = Type.Union([Day, Type.Null()]);
const LaunchState = Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('stopped')]);
const Status = Type.Union([Type.Literal('notStarted'), Type.Literal('inProgress'), Type.Literal('paused'), Type.Literal('completed'), Type.Literal('stopped')]);
const Reason = Type.Union([Type.Literal('behind'), Type.Literal('failedTest'), Type.Literal('notStarted')]);
const Launch = Type.Object({ id: Type.Integer(), state: LaunchState, startsOn: Day, timeZone: Type.String() });

export const PersonParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  personId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});

export const CsvQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru')], { description: 'Language of the header row and the words in cells (default en)' })) },
  { additionalProperties: false },
);

const Member = Type.Object({
  personId: Type.Integer(),
  name: Type.String(),
  status: Status,
  onTrack: Type.Boolean(),
  unitsPlanned: Type.Integer({ description: 'Units due by today in their plan, credited ones included' }),
  unitsDone: Type.Integer({ description: 'Units passed, credited ones (passed before a move) included' }),
  unitsTotal: Type.Integer(),
  plannedEnd: NullableDay,
  estimatedEnd: Type.Union([Day, Type.Null()], { description: 'At their pace so far; null before any progress, or when completed, paused or stopped' }),
  completedMinutes: Type.Integer(),
  expectedMinutes: Type.Integer(),
  totalMinutes: Type.Integer(),
  averageScore: Type.Union([Type.Integer(), Type.Null()], { description: 'Mean of the best scores of the unit tests tried' }),
  attempts: Type.Integer({ description: 'Test attempts submitted' }),
  attention: Type.Array(Reason),
});

export const GroupReportReply = Type.Object({
  groupId: Type.Integer(),
  launch: Type.Union([Launch, Type.Null()]),
  today: NullableDay,
  thresholdPercent: Type.Union([Type.Integer(), Type.Null()]),
  members: Type.Array(Member),
  attention: Type.Array(Type.Object({ personId: Type.Integer(), name: Type.String(), reasons: Type.Array(Reason) })),
  weeks: Type.Array(Type.Object({ weekOf: Day, planned: Type.Integer(), actual: Type.Union([Type.Integer(), Type.Null()]) }), { description: 'Cumulative units due (planned) and passed (actual) by each week\'s end' }),
});

const HistoryKind = Type.Union(
  [
    Type.Literal('joined'),
    Type.Literal('left'),
    Type.Literal('removed'),
    Type.Literal('deactivated'),
    Type.Literal('movedIn'),
    Type.Literal('movedOut'),
    Type.Literal('launched'),
    Type.Literal('launchedAgain'),
    Type.Literal('paused'),
    Type.Literal('resumed'),
    Type.Literal('stopped'),
  ],
  { description: 'What happened: membership (joined, left, removed, deactivated, movedIn, movedOut) or training (launched, launchedAgain, paused, resumed, stopped)' },
);

const HistoryEntry = Type.Object({
  at: Type.String({ description: 'The moment (ISO 8601)' }),
  on: Day,
  kind: HistoryKind,
  scope: Type.Union([Type.Literal('group'), Type.Literal('person')], { description: 'group: done to the whole group; person: to this person alone' }),
  actorId: Type.Union([Type.Integer(), Type.Null()], { description: 'Who did it; null when the app did it or it is not recorded' }),
  actorName: Type.Union([Type.String(), Type.Null()]),
  otherGroup: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()], { description: 'For a move: the group moved from (movedIn) or to (movedOut)' }),
});

export const PersonReportReply = Type.Object({
  groupId: Type.Integer(),
  launch: Launch,
  today: Day,
  thresholdPercent: Type.Union([Type.Integer(), Type.Null()]),
  member: Member,
  startsOn: Day,
  minutesPerWeek: Type.Union([Type.Integer(), Type.Null()]),
  units: Type.Array(ProgressUnit),
  attempts: Type.Array(Type.Object({ unitId: Type.Integer(), title: Type.String(), number: Type.Integer(), submittedAt: Type.String(), submittedOn: Day, score: Type.Integer(), passed: Type.Boolean() })),
  history: Type.Array(HistoryEntry, { description: 'Their history in this group, newest first: joins, leaves and moves, launches, pauses, resumes, stops and launches again (the group\'s while they were a member, and their own)' }),
});

export const CsvReply = Type.String({ description: 'text/csv; charset=utf-8, with a UTF-8 BOM so Excel keeps Cyrillic' });
