/** The job kinds the app knows, and what their payloads hold. */
export const JOB_KINDS = {
  /** Full pass over user.get (payload {}), or only some users (payload { userIds }). */
  importPeople: 'import-people',
  /** Full pass over department.get. */
  importDepartments: 'import-departments',
  /** A portal's daily housekeeping (server/jobs/maintenance.ts). */
  maintenance: 'maintenance',
  /** Re-read a linked workgroup's members (payload { groupId }); handled by the groups feature. */
  workgroupSync: 'workgroup-sync',
  /** A workgroup was deleted in Bitrix24 (payload { groupId }); handled by the groups feature. */
  workgroupUnlink: 'workgroup-unlink',
  /** Tell members of a training launch, pause, resume or stop through Bitrix24 (payload: server/training/training-notices.ts); handled by the training feature. */
  trainingNotice: 'training-notice',
  /** Weekly: remind the people behind their training plan through Bitrix24 (server/training/training-reminders.ts). */
  trainingReminders: 'training-reminders',
} as const;

export type JobKind = (typeof JOB_KINDS)[keyof typeof JOB_KINDS];
