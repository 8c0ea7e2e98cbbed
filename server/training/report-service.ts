import { DateTime } from 'luxon';
import type { RunStatement } from '../db/driver-query';
import type { GroupsCaller, GroupsDeps } from '../groups/group-access';
import { GroupsProblem } from '../groups/groups-errors';
import { attentionReasons, estimatedEnd, plannedByToday, weeklyProgress, type AttentionReason } from './group-report';
import { groupProgress } from './progress-service';
import { actorNames, historyFacts } from './history-repository';
import { personHistory } from './person-history';
import { attemptsOf } from './report-repository';
import { CSV_WORDS, toCsv, type CsvLang } from './report-csv';

/**
 * Reports (issue 10 part 8): the group's progress (progress-service, which also admits the caller)
 * read once (with the day each unit was passed), then the report's arithmetic (group-report.ts) on
 * top. A fixed number of statements per request whatever the group's size: progress's.
 */

type Progress = Awaited<ReturnType<typeof groupProgress>>;
type ProgressMember = Progress['members'][number];

const dayOf = (date: Date, timeZone: string) => DateTime.fromJSDate(date, { zone: timeZone }).toISODate() as string;

function memberRow(m: ProgressMember, today: string) {
  const tested = m.units.filter((u) => u.bestScore !== null);
  return {
    personId: m.personId,
    name: m.name,
    status: m.status,
    onTrack: !m.behind,
    // Credited units were passed before the plan was built: planned, and done, whatever the day.
    unitsPlanned: plannedByToday(m.units.filter((u) => !u.credited).map((u) => u.dueOn), today) + m.units.filter((u) => u.credited).length,
    unitsDone: m.unitsPassed,
    unitsTotal: m.units.length,
    plannedEnd: m.endsOn,
    estimatedEnd: estimatedEnd(m, today),
    completedMinutes: m.completedMinutes,
    expectedMinutes: m.expectedMinutes,
    totalMinutes: m.totalMinutes,
    averageScore: tested.length === 0 ? null : Math.round(tested.reduce((sum, u) => sum + (u.bestScore as number), 0) / tested.length),
    attempts: m.units.reduce((sum, u) => sum + u.attempts, 0),
    attention: attentionReasons(m, today),
  };
}

export type ReportMember = ReturnType<typeof memberRow>;

/** The group report: members' plan vs actual, who needs attention, the weekly chart. */
export async function groupReport(deps: GroupsDeps, caller: GroupsCaller, groupId: number, run?: RunStatement) {
  const progress = await groupProgress(deps, caller, groupId, run);
  if (!progress.launch) return { groupId, launch: null, today: null, thresholdPercent: null, members: [] as ReportMember[], attention: [], weeks: [] };
  const { launch } = progress;
  const today = dayOf(deps.now(), launch.timeZone);
  const members = progress.members.map((m) => memberRow(m, today));
  // A credited unit counts as planned and passed on its pass day (if not known, from the plan's start).
  const creditDay = (m: ProgressMember, u: ProgressMember['units'][number]) => u.passedOn ?? m.startsOn;
  const passedDays = progress.members.flatMap((m) => m.units.flatMap((u) => (u.credited ? [creditDay(m, u)] : u.passed && u.passedOn ? [u.passedOn] : [])));
  const dueDays = progress.members.flatMap((m) => m.units.flatMap((u) => (u.credited ? [creditDay(m, u)] : u.dueOn ? [u.dueOn] : [])));
  return {
    groupId,
    launch,
    today,
    thresholdPercent: progress.thresholdPercent,
    members,
    attention: members.filter((m) => m.attention.length > 0).map((m) => ({ personId: m.personId, name: m.name, reasons: m.attention })),
    weeks: weeklyProgress(launch.startsOn, today, dueDays, passedDays),
  };
}

/** One person's report: their plan unit by unit, their test attempts, their results, their history in the group. */
export async function personReport(deps: GroupsDeps, caller: GroupsCaller, groupId: number, personId: number) {
  const progress = await groupProgress(deps, caller, groupId);
  const member = progress.members.find((m) => m.personId === personId);
  if (!progress.launch || !member) throw new GroupsProblem(404, 'NOT_FOUND', 'This person has no plan in the group\'s training.');
  const timeZone = progress.launch.timeZone;
  const today = dayOf(deps.now(), timeZone);
  const titles = new Map(member.units.map((u) => [u.unitId, u.title]));
  const attempts = await attemptsOf(deps.db, caller.portalId, personId, member.units.map((u) => u.unitId));
  const threshold = progress.thresholdPercent ?? 100;
  const history = personHistory(await historyFacts(deps.db, caller.portalId, groupId, personId), personId, timeZone);
  const names = await actorNames(deps.db, caller.portalId, [...new Set(history.flatMap((e) => (e.actorId === null ? [] : [e.actorId])))]);
  return {
    groupId,
    launch: progress.launch,
    today,
    thresholdPercent: progress.thresholdPercent,
    member: memberRow(member, today),
    startsOn: member.startsOn,
    minutesPerWeek: member.minutesPerWeek,
    units: member.units,
    attempts: attempts.map((a) => ({ unitId: a.unitId, title: titles.get(a.unitId) ?? '', number: a.number, submittedAt: a.submittedAt.toISOString(), submittedOn: dayOf(a.submittedAt, timeZone), score: a.score, passed: a.score >= threshold })),
    history: history.map((e) => ({ ...e, actorName: e.actorId === null ? null : names.get(e.actorId) || null })),
  };
}

const REASON_WORD: Record<AttentionReason, string> = { behind: 'behind', failedTest: 'failedTest', notStarted: 'notStartedReason' };

/** The group report's members as a CSV file for Excel, headers and words in the viewer's language. */
export async function groupReportCsv(deps: GroupsDeps, caller: GroupsCaller, groupId: number, lang: CsvLang) {
  const report = await groupReport(deps, caller, groupId);
  const words = CSV_WORDS[lang];
  const body = toCsv(
    lang,
    report.members.map((m) => ({
      name: m.name,
      status: words[m.status],
      onTrack: m.onTrack ? words.yes : words.no,
      unitsPlanned: m.unitsPlanned,
      unitsDone: m.unitsDone,
      unitsTotal: m.unitsTotal,
      plannedEnd: m.plannedEnd,
      estimatedEnd: m.estimatedEnd,
      averageScore: m.averageScore,
      attempts: m.attempts,
      attention: m.attention.map((r) => words[REASON_WORD[r]]).join(', '),
    })),
  );
  return { body, fileName: `group-${groupId}-report-${report.today ?? 'not-launched'}.csv` };
}
