import type { ApiClient } from '../../../api';

/** The report calls (issue 10 part 8) and their shapes, as server/training/report-schemas.ts answers them. */

export type MemberStatus = 'notStarted' | 'inProgress' | 'paused' | 'completed' | 'stopped';
export type AttentionReason = 'behind' | 'failedTest' | 'notStarted';

export interface ReportMember {
  personId: number;
  name: string;
  status: MemberStatus;
  onTrack: boolean;
  unitsPlanned: number;
  unitsDone: number;
  unitsTotal: number;
  plannedEnd: string | null;
  estimatedEnd: string | null;
  completedMinutes: number;
  expectedMinutes: number;
  totalMinutes: number;
  averageScore: number | null;
  attempts: number;
  attention: AttentionReason[];
}

export interface WeekPoint {
  weekOf: string;
  planned: number;
  actual: number | null;
}

interface Launch {
  id: number;
  state: 'running' | 'paused' | 'stopped';
  startsOn: string;
  timeZone: string;
}

export interface GroupReport {
  groupId: number;
  launch: Launch | null;
  today: string | null;
  thresholdPercent: number | null;
  members: ReportMember[];
  attention: Array<{ personId: number; name: string; reasons: AttentionReason[] }>;
  weeks: WeekPoint[];
}

export type HistoryKind = 'joined' | 'left' | 'removed' | 'deactivated' | 'movedIn' | 'movedOut' | 'launched' | 'launchedAgain' | 'paused' | 'resumed' | 'stopped';

/** One event of a person's history in the group; `on` is its day in the group's zone. */
export interface HistoryEntry {
  at: string;
  on: string;
  kind: HistoryKind;
  scope: 'group' | 'person';
  actorId: number | null;
  actorName: string | null;
  otherGroup: { id: number; name: string } | null;
}

export interface PersonReport {
  groupId: number;
  launch: Launch;
  today: string;
  thresholdPercent: number | null;
  member: ReportMember;
  startsOn: string;
  minutesPerWeek: number | null;
  /** credited: passed before this plan (a move from another group, a late join, a restart), so passed and without dates here. */
  units: Array<{ unitId: number; title: string; opensOn: string | null; dueOn: string | null; passed: boolean; credited: boolean; passedOn: string | null; lessonsDone: number; lessons: number; bestScore: number | null; attempts: number }>;
  attempts: Array<{ unitId: number; title: string; number: number; submittedAt: string; submittedOn: string; score: number; passed: boolean }>;
  /** Newest first. */
  history: HistoryEntry[];
}

export function reportClient(api: ApiClient) {
  return {
    group: (groupId: number) => api.get<GroupReport>(`/api/groups/${groupId}/training/report`),
    person: (groupId: number, personId: number) => api.get<PersonReport>(`/api/groups/${groupId}/training/report/people/${personId}`),
    csv: (groupId: number, lang: 'en' | 'ru') => api.get<string>(`/api/groups/${groupId}/training/report.csv?lang=${lang}`),
  };
}

export type SortKey = 'name' | 'status' | 'units' | 'plannedEnd' | 'estimatedEnd' | 'score' | 'attempts';

const STATUS_ORDER: Record<MemberStatus, number> = { notStarted: 0, inProgress: 1, paused: 2, completed: 3, stopped: 4 };

/** The members table's order: by a column, nulls last either way, then by name. Pure. */
export function sortMembers(members: readonly ReportMember[], key: SortKey, ascending: boolean, collator: Intl.Collator): ReportMember[] {
  const value = (m: ReportMember): string | number | null => {
    switch (key) {
      case 'name':
        return m.name;
      case 'status':
        return STATUS_ORDER[m.status];
      case 'units':
        return m.unitsDone - m.unitsPlanned;
      case 'plannedEnd':
        return m.plannedEnd;
      case 'estimatedEnd':
        return m.estimatedEnd;
      case 'score':
        return m.averageScore;
      case 'attempts':
        return m.attempts;
    }
  };
  return [...members].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? collator.compare(a.name, b.name) : x === null ? 1 : -1;
    const order = typeof x === 'string' ? collator.compare(x, y as string) : x - (y as number);
    return (ascending ? order : -order) || collator.compare(a.name, b.name);
  });
}
