import { LEVELS, type Level, type TrainingSettings } from './training-client';

/**
 * The form's copy of the settings: numbers as typed (text), both program shapes kept while the
 * manager switches between them, so nothing typed is lost by a click on the other choice.
 */
export interface SettingsDraft {
  courseType: 'main' | 'express';
  noWaiting: boolean;
  minutesPerWeek: string;
  thresholdPercent: string;
  programKind: 'allTopicsUpTo' | 'topics';
  programLevel: Level;
  /** topicId -> target level; a topic absent is not in the program. */
  programTopics: Record<string, Level>;
  expressUnitIds: number[];
  expressDurationDays: string;
  intendedStaffEn: string;
  intendedStaffRu: string;
  lateJoiners: 'ownPace' | 'catchUp';
  timeZone: string;
}

export function draftOf(settings: TrainingSettings): SettingsDraft {
  const topics = 'topics' in settings.program ? settings.program.topics : [];
  return {
    courseType: settings.courseType,
    noWaiting: settings.noWaiting,
    minutesPerWeek: settings.minutesPerWeek === null ? '' : String(settings.minutesPerWeek),
    thresholdPercent: String(settings.thresholdPercent),
    programKind: 'topics' in settings.program ? 'topics' : 'allTopicsUpTo',
    programLevel: 'allTopicsUpTo' in settings.program ? settings.program.allTopicsUpTo : 'elementary',
    programTopics: Object.fromEntries(topics.map((t) => [String(t.topicId), t.upTo])),
    expressUnitIds: [...settings.express.unitIds].sort((a, b) => a - b),
    expressDurationDays: settings.express.durationDays === null ? '' : String(settings.express.durationDays),
    intendedStaffEn: settings.intendedStaff.en,
    intendedStaffRu: settings.intendedStaff.ru,
    lateJoiners: settings.lateJoiners,
    timeZone: settings.timeZone,
  };
}

export type DraftField = 'minutesPerWeek' | 'thresholdPercent' | 'expressDurationDays' | 'programTopics' | 'timeZone';
export type DraftProblem = 'wholeNumber' | 'noTopics' | 'required';

const whole = (text: string, min: number, max: number): number | null => {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
};

/** What is wrong with the draft, field by field (empty: it can be sent). */
export function draftProblems(draft: SettingsDraft): Partial<Record<DraftField, DraftProblem>> {
  const problems: Partial<Record<DraftField, DraftProblem>> = {};
  if (whole(draft.thresholdPercent, 0, 100) === null) problems.thresholdPercent = 'wholeNumber';
  if (draft.courseType === 'main' && !draft.noWaiting && whole(draft.minutesPerWeek, 1, 10080) === null) problems.minutesPerWeek = 'wholeNumber';
  if (draft.courseType === 'main' && draft.programKind === 'topics' && Object.keys(draft.programTopics).length === 0) problems.programTopics = 'noTopics';
  if (draft.courseType === 'express' && whole(draft.expressDurationDays, 1, 3650) === null) problems.expressDurationDays = 'wholeNumber';
  if (draft.timeZone.trim() === '') problems.timeZone = 'required';
  return problems;
}

/** The settings the draft stands for, as the API takes them; null while a field is wrong. */
export function settingsOf(draft: SettingsDraft): TrainingSettings | null {
  if (Object.keys(draftProblems(draft)).length > 0) return null;
  const program: TrainingSettings['program'] =
    draft.programKind === 'topics'
      ? { topics: Object.entries(draft.programTopics).map(([topicId, upTo]) => ({ topicId: Number(topicId), upTo })) }
      : { allTopicsUpTo: draft.programLevel };
  return {
    courseType: draft.courseType,
    noWaiting: draft.noWaiting,
    // Kept as typed even with no waiting or express, where the server ignores it: switching back finds it.
    minutesPerWeek: draft.noWaiting ? null : whole(draft.minutesPerWeek, 1, 10080),
    thresholdPercent: Number(draft.thresholdPercent.trim()),
    program,
    express: { unitIds: draft.expressUnitIds, durationDays: whole(draft.expressDurationDays, 1, 3650) },
    intendedStaff: { en: draft.intendedStaffEn, ru: draft.intendedStaffRu },
    lateJoiners: draft.lateJoiners,
    timeZone: draft.timeZone.trim(),
  };
}

/** "All topics up to <level>" applied to the chosen-topics list: every topic, at that level. */
export function allTopicsAt(topicIds: readonly number[], level: Level): Record<string, Level> {
  return Object.fromEntries(topicIds.map((id) => [String(id), level]));
}

export const isLevel = (value: string): value is Level => (LEVELS as readonly string[]).includes(value);

/** The express course's units with one ticked or unticked: each once, in id order (as the server keeps them). */
export function toggleExpressUnit(chosen: readonly number[], unitId: number, on: boolean): number[] {
  const next = new Set(chosen);
  if (on) next.add(unitId);
  else next.delete(unitId);
  return [...next].sort((a, b) => a - b);
}
