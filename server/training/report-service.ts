import { DateTime } from 'luxon';
import type { GroupsCaller, GroupsDeps } from '../groups/group-access';
import { GroupsProblem } from '../groups/groups-errors';
import { attentionReasons, estimatedEnd, plannedByToday, weeklyProgress, type AttentionReason } from './group-report';
import { groupProgress } from './progress-service';
import { attemptsOf, passMoments } from './report-repository';
import { CSV_WORDS, toCsv, type CsvLang } from './report-csv';

/**
 * Reports (issue 10 part 8): the group's progress (progress-service, which also admits the caller)
 * read once, then the report's arithmetic (group-report.ts) on top. A fixed number of statements
 * per request whatever the group's size: progress's, plus one for the moments units were passed.
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
    unitsPlanned: plannedByToday(m.units.map((u) => u.dueOn), today),
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
export async function groupReport(deps: GroupsDeps, caller: GroupsCaller, groupId: number) {
  const progress = await groupProgress(deps, caller, groupId);
  if (!progress.launch) return { groupId, launch: null, today: null, thresholdPercent: null, members: [] as ReportMember[], attention: [], weeks: [] };
  const { launch } = progress;
  const today = dayOf(deps.now(), launch.timeZone);
  const members = progress.members.map((m) => memberRow(m, today));
  const passedUnits = progress.members.flatMap((m) => m.units.filter((u) => u.passed).map((u) => ({ personId: m.personId, unitId: u.unitId, tested: u.bestScore !== null })));
  const moments = await passMoments(
    deps.db,
    caller.portalId,
    [...new Set(passedUnits.map((p) => p.personId))],
    [...new Set(passedUnits.map((p) => p.unitId))],
    progress.thresholdPercent ?? 100,
  );
  const momentOf = new Map(moments.map((m) => [`${m.personId}:${m.unitId}`, m]));
  // A unit with a test is passed by its first good attempt; one without, by its last lesson read.
  const passedDays = passedUnits.flatMap((p) => {
    const moment = momentOf.get(`${p.personId}:${p.unitId}`);
    const at = p.tested ? moment?.firstPassAt : moment?.lastLessonAt;
    return at ? [dayOf(at, launch.timeZone)] : [];
  });
  const dueDays = progress.members.flatMap((m) => m.units.flatMap((u) => (u.dueOn ? [u.dueOn] : [])));
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

/** One person's report: their plan unit by unit, their test attempts, their results. */
export async function personReport(deps: GroupsDeps, caller: GroupsCaller, groupId: number, personId: number) {
  const progress = await groupProgress(deps, caller, groupId);
  const member = progress.members.find((m) => m.personId === personId);
  if (!progress.launch || !member) throw new GroupsProblem(404, 'NOT_FOUND', 'This person has no plan in the group\'s training.');
  const timeZone = progress.launch.timeZone;
  const today = dayOf(deps.now(), timeZone);
  const titles = new Map(member.units.map((u) => [u.unitId, u.title]));
  const attempts = await attemptsOf(deps.db, caller.portalId, personId, member.units.map((u) => u.unitId));
  const threshold = progress.thresholdPercent ?? 100;
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
