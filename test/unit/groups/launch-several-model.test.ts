import { launchedResult, refusedResult, stillToLaunch } from '../../../client/pages/groups/list/launch-several-model';

/**
 * What the list says became of each chosen group after "Launch training", read from the
 * all-or-none `POST /api/training/launches`, and which groups stay chosen for another try.
 */
describe('launching several chosen groups', () => {
  const a = { id: 1, name: 'Low Risk' };
  const b = { id: 2, name: 'High Risk' };
  const c = { id: 3, name: 'Average Risk' };

  it('reads a 201 as every group launched, with its day, zone and plans', () => {
    const result = launchedResult([a, b], [
      { groupId: 2, launchId: 11, startsOn: '2026-03-02', timeZone: 'Europe/Moscow', plans: 4 },
      { groupId: 1, launchId: 10, startsOn: '2026-03-02', timeZone: 'Europe/Moscow', plans: 3 },
    ]);
    expect(result).toEqual({
      rows: [
        { group: a, outcome: { kind: 'launched', startsOn: '2026-03-02', timeZone: 'Europe/Moscow', plans: 3 } },
        { group: b, outcome: { kind: 'launched', startsOn: '2026-03-02', timeZone: 'Europe/Moscow', plans: 4 } },
      ],
      reason: null,
    });
    expect(stillToLaunch(result)).toEqual([]);
  });

  it('marks the group a 409 names as already training, holds the others back and keeps them chosen', () => {
    const result = refusedResult([a, b, c], { code: 'ALREADY_TRAINING', details: { groupId: 2 }, reason: 'already' });
    expect(result.rows.map((r) => [r.group.id, r.outcome.kind])).toEqual([[1, 'heldBack'], [2, 'alreadyTraining'], [3, 'heldBack']]);
    expect(result.reason).toBeNull();
    expect(stillToLaunch(result)).toEqual([a, c]);
  });

  it('gives a refusal about a group to the only group chosen, with its reason, and unchooses it', () => {
    const result = refusedResult([a], { code: 'NOT_WORKGROUP_MANAGER', reason: 'Bitrix24 says no' });
    expect(result).toEqual({ rows: [{ group: a, outcome: { kind: 'refused', reason: 'Bitrix24 says no' } }], reason: null });
    expect(stillToLaunch(result)).toEqual([]);
  });

  it('says once a refusal that names no group of several, holding every group back (still chosen)', () => {
    const result = refusedResult([a, b], { code: 'NOT_GROUP_MANAGER', reason: 'You do not manage this training group.' });
    expect(result.rows.every((r) => r.outcome.kind === 'heldBack')).toBe(true);
    expect(result.reason).toBe('You do not manage this training group.');
    expect(stillToLaunch(result)).toEqual([a, b]);
  });

  it('does not blame the only group for a refusal about the call (a bad day, no network)', () => {
    for (const code of ['VALIDATION_FAILED', 'NETWORK', 'B24_TOKEN_REQUIRED']) {
      const result = refusedResult([a], { code, reason: 'why' });
      expect(result).toEqual({ rows: [{ group: a, outcome: { kind: 'heldBack' } }], reason: 'why' });
    }
  });

  it('ignores a named group that was not chosen', () => {
    const result = refusedResult([a, b], { code: 'ALREADY_TRAINING', details: { groupId: 99 }, reason: 'already' });
    expect(result.rows.map((r) => r.outcome.kind)).toEqual(['heldBack', 'heldBack']);
    expect(result.reason).toBe('already');
  });
});
