import type { MemberStatus } from '../report/report-client';
import type { LaunchState, TrainingState } from './training-client';

/**
 * Choosing people of a group in training (PRODUCT.md §5: pause, resume and stop "a group or chosen
 * people"; a stopped person launched again). Pure: who may be acted on, and what became of each
 * chosen person after a change, for the card's picker (training-people.tsx).
 */

export type PeopleAction = 'pause' | 'resume' | 'stop' | 'restart';
export const PEOPLE_ACTIONS: readonly PeopleAction[] = ['pause', 'resume', 'restart', 'stop'];

/** A member of the launch as the picker lists them (from GET .../training/progress and the pauses). */
export interface PickerPerson {
  personId: number;
  name: string;
  status: MemberStatus;
  behind: boolean;
  /** A pause of their own is open (not only the group's). */
  ownPause: boolean;
  unitsPassed: number;
  unitsTotal: number;
}

export interface ProgressMember {
  personId: number;
  name: string;
  inGroup: boolean;
  status: MemberStatus;
  behind: boolean;
  unitsPassed: number;
  units: unknown[];
}

/**
 * The launch's members still in the group, by name: one row per person (someone who left and
 * came back has an ended plan too; only the current one can be changed).
 */
export function pickerPeople(members: readonly ProgressMember[], pauses: TrainingState['pauses'], collator: Intl.Collator): PickerPerson[] {
  const paused = new Set(pauses.filter((p) => p.personId !== null && p.to === null).map((p) => p.personId as number));
  const current = new Map<number, PickerPerson>();
  for (const m of members) {
    if (!m.inGroup) continue;
    current.set(m.personId, { personId: m.personId, name: m.name || `#${m.personId}`, status: m.status, behind: m.behind, ownPause: paused.has(m.personId), unitsPassed: m.unitsPassed, unitsTotal: m.units.length });
  }
  return [...current.values()].sort((a, b) => collator.compare(a.name, b.name) || a.personId - b.personId);
}

/** Whether the action applies to this person while the launch is in `launch` state (the server checks again). */
export function applies(action: PeopleAction, person: PickerPerson, launch: LaunchState): boolean {
  if (launch === 'stopped') return false;
  const planned = person.status !== 'stopped';
  switch (action) {
    case 'pause':
      // While the whole group is paused, nobody can be paused on their own (the server says ALREADY_PAUSED).
      return planned && !person.ownPause && launch === 'running';
    case 'resume':
      return planned && person.ownPause;
    case 'stop':
      return planned;
    case 'restart':
      return !planned;
  }
}

export type Outcome = 'done' | 'unchanged' | 'notApplicable';

/**
 * What became of each chosen person: done (named in the server's reply), unchanged (sent but not
 * changed, e.g. paused meanwhile by someone else), or not applicable (not sent at all).
 */
export function outcomes(chosen: readonly PickerPerson[], sent: readonly number[], changed: readonly number[]): Array<{ person: PickerPerson; outcome: Outcome }> {
  const sentSet = new Set(sent);
  const changedSet = new Set(changed);
  return chosen.map((person) => ({ person, outcome: changedSet.has(person.personId) ? 'done' : sentSet.has(person.personId) ? 'unchanged' : 'notApplicable' }));
}
