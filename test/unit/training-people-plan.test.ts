import { applies, outcomes, pickerPeople, type PickerPerson, type ProgressMember } from '../../client/pages/groups/card/training-people-model';

/** The chosen-people picker of the training panel, without a browser: who is listed, what applies to whom, what became of each. */

const member = (personId: number, name: string, status: ProgressMember['status'], inGroup = true): ProgressMember => ({ personId, name, inGroup, status, behind: false, unitsPassed: 1, units: [{}, {}] });
const collator = new Intl.Collator('en');

describe('choosing people of a group in training', () => {
  it('lists the members still in the group once each, by name, with their own open pauses', () => {
    const people = pickerPeople(
      [member(3, 'Zoe', 'inProgress'), member(2, 'Adam', 'stopped', false), member(2, 'Adam', 'notStarted'), member(4, '', 'paused'), member(5, 'Left', 'stopped', false)],
      [
        { personId: 4, from: '2026-03-03T00:00:00Z', to: null },
        { personId: 3, from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' },
        { personId: null, from: '2026-03-01T00:00:00Z', to: null },
      ],
      collator,
    );
    expect(people.map((p) => [p.personId, p.name, p.status, p.ownPause, p.unitsTotal])).toEqual([
      [4, '#4', 'paused', true, 2],
      [2, 'Adam', 'notStarted', false, 2],
      [3, 'Zoe', 'inProgress', false, 2],
    ]);
  });

  it('offers each action only to whom it fits', () => {
    const person = (status: PickerPerson['status'], ownPause = false): PickerPerson => ({ personId: 1, name: 'A', status, behind: false, ownPause, unitsPassed: 0, unitsTotal: 1 });
    expect(applies('pause', person('inProgress'), 'running')).toBe(true);
    expect(applies('pause', person('inProgress'), 'paused')).toBe(false); // the whole group is paused
    expect(applies('pause', person('paused', true), 'running')).toBe(false);
    expect(applies('resume', person('paused', true), 'running')).toBe(true);
    expect(applies('resume', person('paused'), 'paused')).toBe(false); // paused with the group only: resume the group
    expect(applies('stop', person('completed'), 'running')).toBe(true);
    expect(applies('stop', person('stopped'), 'running')).toBe(false);
    expect(applies('restart', person('stopped'), 'running')).toBe(true);
    expect(applies('restart', person('notStarted'), 'running')).toBe(false);
    expect(applies('restart', person('stopped'), 'stopped')).toBe(false);
  });

  it('says what became of every chosen person', () => {
    const chosen = [1, 2, 3].map((personId) => ({ personId, name: `P${personId}`, status: 'inProgress' as const, behind: false, ownPause: false, unitsPassed: 0, unitsTotal: 1 }));
    expect(outcomes(chosen, [1, 2], [1]).map((o) => [o.person.personId, o.outcome])).toEqual([
      [1, 'done'],
      [2, 'unchanged'],
      [3, 'notApplicable'],
    ]);
  });
});
