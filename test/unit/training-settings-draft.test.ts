import { allTopicsAt, draftOf, draftProblems, settingsOf, toggleExpressUnit } from '../../client/pages/groups/card/training/settings-draft';
import { addDays } from '../../client/pages/groups/card/training/use-plan-preview';
import type { TrainingSettings } from '../../client/pages/groups/card/training/training-client';
import { trainingSettingsBody } from '../support/training-settings';

const saved = trainingSettingsBody({ intendedStaff: { en: 'Editors', ru: 'Редакторы' } }) as TrainingSettings;

describe('the training settings form model', () => {
  it('gives back exactly the settings it was made from', () => {
    expect(settingsOf(draftOf(saved))).toEqual(saved);
    const topics: TrainingSettings = { ...saved, program: { topics: [{ topicId: 3, upTo: 'intermediate' }] }, courseType: 'express', express: { unitIds: [9, 4], durationDays: 14 } };
    expect(settingsOf(draftOf(topics))).toEqual({ ...topics, express: { unitIds: [4, 9], durationDays: 14 } });
  });

  it('names each wrong field and sends nothing while one is wrong', () => {
    const draft = { ...draftOf(saved), minutesPerWeek: '1.5', thresholdPercent: '101' };
    expect(draftProblems(draft)).toEqual({ minutesPerWeek: 'wholeNumber', thresholdPercent: 'wholeNumber' });
    expect(settingsOf(draft)).toBeNull();
    // With no waiting the minutes do not matter; an express course needs its days; chosen topics need one
    expect(draftProblems({ ...draftOf(saved), noWaiting: true, minutesPerWeek: '' })).toEqual({});
    expect(draftProblems({ ...draftOf(saved), courseType: 'express' })).toEqual({ expressDurationDays: 'wholeNumber' });
    expect(draftProblems({ ...draftOf(saved), programKind: 'topics' })).toEqual({ programTopics: 'noTopics' });
  });

  it('edits an express course: units ticked and unticked, days typed, then the settings to save', () => {
    // Given the saved main course, when the manager switches to express and ticks units 12, 5 and 9, then unticks 12
    let draft = { ...draftOf(saved), courseType: 'express' as const };
    for (const id of [12, 5, 9, 5]) draft = { ...draft, expressUnitIds: toggleExpressUnit(draft.expressUnitIds, id, true) };
    draft = { ...draft, expressUnitIds: toggleExpressUnit(draft.expressUnitIds, 12, false) };
    expect(draft.expressUnitIds).toEqual([5, 9]);
    // Without days (or with a day count that is no whole number of days) nothing is sent
    for (const days of ['', '0', '2.5', '3651']) {
      expect({ days, problems: draftProblems({ ...draft, expressDurationDays: days }) }).toEqual({ days, problems: { expressDurationDays: 'wholeNumber' } });
      expect(settingsOf({ ...draft, expressDurationDays: days })).toBeNull();
    }
    // With 10 days: the express course as the server takes it, the main course's fields kept for a switch back
    draft = { ...draft, expressDurationDays: '10' };
    expect(draftProblems(draft)).toEqual({});
    expect(settingsOf(draft)).toEqual({ ...saved, courseType: 'express', express: { unitIds: [5, 9], durationDays: 10 } });
    expect(settingsOf({ ...draft, courseType: 'main' })).toEqual({ ...saved, express: { unitIds: [5, 9], durationDays: 10 } });
  });

  it('applies the shortcut "all topics up to <level>" to the chosen-topics list', () => {
    expect(allTopicsAt([1, 2], 'beginner')).toEqual({ 1: 'beginner', 2: 'beginner' });
  });

  it('counts days on the calendar across a month end', () => {
    expect(addDays('2026-03-29', 7)).toBe('2026-04-05');
    expect(addDays('2026-02-25', 7)).toBe('2026-03-04');
  });
});
