import type { Knex } from 'knex';
import type { CourseUnit, Level } from './group-plan';

/** group_training_settings (migration 0040), and the group's units the plan is made of. Every query is scoped to its portal. */

export interface TrainingSettings {
  courseType: 'main' | 'express';
  noWaiting: boolean;
  /** null with no waiting (or express). */
  minutesPerWeek: number | null;
  thresholdPercent: number;
  program: { allTopicsUpTo: Level } | { topics: { topicId: number; upTo: Level }[] };
  express: { unitIds: number[]; durationDays: number | null };
  intendedStaff: { en: string; ru: string };
  lateJoiners: 'ownPace' | 'catchUp';
  timeZone: string;
}

export interface StoredSettings extends TrainingSettings {
  /** 0 while nothing is stored (the defaults). */
  version: number;
  defaultKey: string | null;
}

/** What a group has until its settings are first saved: 20 minutes a week, 80 %, everything up to Beginner. */
export const DEFAULT_SETTINGS: TrainingSettings = {
  courseType: 'main',
  noWaiting: false,
  minutesPerWeek: 20,
  thresholdPercent: 80,
  program: { allTopicsUpTo: 'beginner' },
  express: { unitIds: [], durationDays: null },
  intendedStaff: { en: '', ru: '' },
  lateJoiners: 'ownPace',
  timeZone: 'UTC',
};

interface Row {
  course_type: 'main' | 'express';
  no_waiting: boolean;
  minutes_per_week: number | null;
  threshold_percent: number;
  program_kind: 'allTopicsUpTo' | 'topics';
  program_level: Level | null;
  program_topics: unknown;
  express_unit_ids: unknown;
  express_duration_days: number | null;
  intended_staff: unknown;
  late_joiners: 'ownPace' | 'catchUp';
  time_zone: string;
  default_key: string | null;
  version: number;
}

// jsonb comes back parsed from pg, and as text from some drivers: accept both.
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

function fromRow(row: Row): StoredSettings {
  return {
    courseType: row.course_type,
    noWaiting: row.no_waiting,
    minutesPerWeek: row.minutes_per_week,
    thresholdPercent: row.threshold_percent,
    program: row.program_kind === 'allTopicsUpTo' ? { allTopicsUpTo: row.program_level as Level } : { topics: json(row.program_topics) },
    express: { unitIds: json(row.express_unit_ids), durationDays: row.express_duration_days },
    intendedStaff: json(row.intended_staff),
    lateJoiners: row.late_joiners,
    timeZone: row.time_zone,
    defaultKey: row.default_key,
    version: Number(row.version),
  };
}

function columnsOf(settings: TrainingSettings): Record<string, unknown> {
  const topics = 'topics' in settings.program;
  return {
    course_type: settings.courseType,
    no_waiting: settings.noWaiting,
    minutes_per_week: settings.noWaiting ? null : settings.minutesPerWeek,
    threshold_percent: settings.thresholdPercent,
    program_kind: topics ? 'topics' : 'allTopicsUpTo',
    program_level: 'allTopicsUpTo' in settings.program ? settings.program.allTopicsUpTo : null,
    program_topics: JSON.stringify('topics' in settings.program ? settings.program.topics : []),
    express_unit_ids: JSON.stringify(settings.express.unitIds),
    express_duration_days: settings.express.durationDays,
    intended_staff: JSON.stringify(settings.intendedStaff),
    late_joiners: settings.lateJoiners,
    time_zone: settings.timeZone,
  };
}

export async function findSettings(db: Knex, portalId: string, groupId: number): Promise<StoredSettings | null> {
  const row = (await db('group_training_settings').where({ portal_id: portalId, group_id: groupId }).first()) as Row | undefined;
  return row ? fromRow(row) : null;
}

export type SaveResult = { kind: 'saved'; settings: StoredSettings } | { kind: 'conflict' };

/**
 * Saves when the stored version is still `version` (0: nothing stored yet, so the row is inserted,
 * and a concurrent first save loses with a conflict instead of overwriting).
 */
export async function saveSettingsVersioned(db: Knex, portalId: string, groupId: number, version: number, settings: TrainingSettings, userId: number): Promise<SaveResult> {
  const columns = columnsOf(settings);
  if (version === 0) {
    const rows = await db('group_training_settings')
      .insert({ portal_id: portalId, group_id: groupId, ...columns, updated_by: userId })
      .onConflict(['portal_id', 'group_id'])
      .ignore()
      .returning('*');
    return rows[0] ? { kind: 'saved', settings: fromRow(rows[0] as Row) } : { kind: 'conflict' };
  }
  const rows = await db('group_training_settings')
    .where({ portal_id: portalId, group_id: groupId, version })
    .update({ ...columns, updated_by: userId, version: db.raw('version + 1'), updated_at: db.fn.now() })
    .returning('*');
  return rows[0] ? { kind: 'saved', settings: fromRow(rows[0] as Row) } : { kind: 'conflict' };
}

/** Inserts the settings of a group created at install; false when the portal already has that default key. */
export async function insertDefaultSettings(db: Knex, portalId: string, groupId: number, defaultKey: string, settings: TrainingSettings): Promise<boolean> {
  const rows = await db('group_training_settings')
    .insert({ portal_id: portalId, group_id: groupId, ...columnsOf(settings), default_key: defaultKey })
    .onConflict(db.raw('(portal_id, default_key) WHERE default_key IS NOT NULL'))
    .ignore()
    .returning('group_id');
  return rows.length > 0;
}

export async function defaultKeysOf(db: Knex, portalId: string): Promise<string[]> {
  const rows = await db('group_training_settings').where({ portal_id: portalId }).whereNotNull('default_key').select('default_key');
  return rows.map((row: { default_key: string }) => row.default_key);
}

export interface GroupUnit extends Omit<CourseUnit, 'id' | 'topicId'> {
  id: string;
  topicId: string;
  title: string;
  topicName: string;
}

/**
 * The live units of the live courses attached to the group, with their minutes: lessons' estimates
 * plus the unit test's. Read here (not through the catalog's repository: the layout rule) as plain
 * facts for the pure plan module.
 */
export async function groupUnits(db: Knex, portalId: string, groupId: number): Promise<GroupUnit[]> {
  const { rows } = await db.raw<{ rows: Array<Record<string, unknown>> }>(
    `SELECT u.id, u.topic_id, t.name AS topic_name, u.level, u.position, u.title,
            COALESCE((SELECT sum(l.estimated_minutes) FROM lessons l WHERE l.portal_id = u.portal_id AND l.unit_id = u.id AND l.deleted_at IS NULL), 0) AS lesson_minutes,
            COALESCE((SELECT ut.estimated_minutes FROM tests ut WHERE ut.portal_id = u.portal_id AND ut.unit_id = u.id AND ut.deleted_at IS NULL LIMIT 1), 0) AS test_minutes
       FROM group_content gc
       JOIN courses c ON c.portal_id = gc.portal_id AND c.id = gc.course_id AND c.deleted_at IS NULL
       JOIN units u ON u.portal_id = c.portal_id AND u.course_id = c.id AND u.deleted_at IS NULL
       JOIN topics t ON t.portal_id = u.portal_id AND t.id = u.topic_id
      WHERE gc.portal_id = ? AND gc.group_id = ? AND gc.course_id IS NOT NULL
      ORDER BY c.id, u.position, u.id`,
    [portalId, groupId],
  );
  return rows.map((r) => ({
    id: String(r.id),
    topicId: String(r.topic_id),
    topicName: String(r.topic_name),
    level: r.level as Level,
    position: Number(r.position),
    title: String(r.title),
    lessonMinutes: Number(r.lesson_minutes),
    testMinutes: Number(r.test_minutes),
  }));
}

/** Which of these topic ids exist in the portal. */
export async function existingTopicIds(db: Knex, portalId: string, topicIds: readonly number[]): Promise<Set<number>> {
  if (topicIds.length === 0) return new Set();
  const rows = await db('topics').where({ portal_id: portalId }).whereIn('id', [...topicIds]).select('id');
  return new Set(rows.map((row: { id: string | number }) => Number(row.id)));
}
