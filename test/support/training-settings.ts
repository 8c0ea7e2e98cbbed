/**
 * The body of PUT /api/groups/:id/training-settings most tests save: a main course of 20 minutes a
 * week, 80 % to pass, every topic up to Elementary, late joiners at their own pace. Tests change
 * only what they are about (`over`); `version` is the one read before saving.
 */
export function trainingSettingsBody(over: Record<string, unknown> = {}) {
  return {
    courseType: 'main',
    noWaiting: false,
    minutesPerWeek: 20,
    thresholdPercent: 80,
    program: { allTopicsUpTo: 'elementary' },
    express: { unitIds: [], durationDays: null },
    intendedStaff: { en: '', ru: '' },
    lateJoiners: 'ownPace',
    timeZone: 'Europe/Moscow',
    ...over,
  };
}
