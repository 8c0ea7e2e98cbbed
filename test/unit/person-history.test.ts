import { MOVE_WINDOW_MS, personHistory, type HistoryFacts, type MembershipFacts, type PlanMoment } from '../../server/training/person-history';

/**
 * The person report's history read off the stored moments (server/training/person-history.ts):
 * each moment one event, the ones seen twice shown once, days in the group's zone, newest first.
 */

const PERSON = 5;
const d = (iso: string) => new Date(iso);
/** A plan's stop or restart; by nobody recorded unless told. */
const m = (at: Date | string, by: number | null = null): PlanMoment => ({ at: typeof at === 'string' ? d(at) : at, by });
const member = (over: Partial<MembershipFacts> = {}): MembershipFacts => ({
  joinedAt: d('2026-03-01T08:00:00Z'),
  joinedBy: 1,
  leftAt: null,
  leftBy: null,
  endState: null,
  before: null,
  after: null,
  ...over,
});
const facts = (over: Partial<HistoryFacts> = {}): HistoryFacts => ({
  memberships: [member()],
  launches: [{ id: 10, launchedAt: d('2026-03-02T08:00:00Z'), launchedBy: 1, stoppedAt: null, stoppedBy: null }],
  pauses: [],
  plans: [{ launchId: 10, stops: [], restarts: [] }],
  ...over,
});
const story = (f: HistoryFacts, zone = 'Europe/Moscow') => personHistory(f, PERSON, zone).map((e) => `${e.on} ${e.kind}:${e.scope}${e.actorId === null ? '' : ` by ${e.actorId}`}`);

describe('personHistory', () => {
  it('given a join and a launch, lists them newest first with their days in the zone', () => {
    expect(story(facts())).toEqual(['2026-03-02 launched:group by 1', '2026-03-01 joined:person by 1']);
    // 22:30 UTC on the 1st is the 2nd in Moscow and still the 1st in New York.
    const late = facts({ memberships: [member({ joinedAt: d('2026-03-01T22:30:00Z') })], launches: [] });
    expect(story(late)).toEqual(['2026-03-02 joined:person by 1']);
    expect(story(late, 'America/New_York')).toEqual(['2026-03-01 joined:person by 1']);
  });

  it('given a pause closed by the person\'s stop, shows the pause and the stop but no resume', () => {
    const stop = d('2026-03-05T08:00:00Z');
    const f = facts({
      pauses: [{ launchId: 10, personId: PERSON, pausedAt: d('2026-03-03T08:00:00Z'), pausedBy: 2, resumedAt: stop, resumedBy: 2 }],
      plans: [{ launchId: 10, stops: [m(stop)], restarts: [] }],
    });
    expect(story(f)).toEqual(['2026-03-05 stopped:person', '2026-03-03 paused:person by 2', '2026-03-02 launched:group by 1', '2026-03-01 joined:person by 1']);
  });

  it('given the whole group stopped, shows one group stop, not the person\'s plan stop as well', () => {
    const stop = d('2026-03-05T08:00:00Z');
    const f = facts({
      launches: [{ id: 10, launchedAt: d('2026-03-02T08:00:00Z'), launchedBy: 1, stoppedAt: stop, stoppedBy: 3 }],
      pauses: [{ launchId: 10, personId: null, pausedAt: d('2026-03-04T08:00:00Z'), pausedBy: 3, resumedAt: stop, resumedBy: 3 }],
      plans: [{ launchId: 10, stops: [m(new Date(stop.getTime() + 5))], restarts: [] }],
    });
    expect(story(f).slice(0, 2)).toEqual(['2026-03-05 stopped:group by 3', '2026-03-04 paused:group by 3']);
    expect(story(f)).toHaveLength(4);
  });

  it('given a stop and a launch again, shows both, and each earlier stop too', () => {
    const f = facts({ plans: [{ launchId: 10, stops: [m('2026-03-03T08:00:00Z'), m('2026-03-06T08:00:00Z')], restarts: [m('2026-03-04T08:00:00Z')] }] });
    expect(story(f).slice(0, 3)).toEqual(['2026-03-06 stopped:person', '2026-03-04 launchedAgain:person', '2026-03-03 stopped:person']);
  });

  it('given a stop and a launch again of this person by named people, says who did each; those before it was recorded say nobody', () => {
    const f = facts({
      plans: [{ launchId: 10, stops: [m('2026-03-03T08:00:00Z'), m('2026-03-06T08:00:00Z', 2), m('2026-03-09T08:00:00Z', 3)], restarts: [m('2026-03-04T08:00:00Z'), m('2026-03-07T08:00:00Z', 3)] }],
    });
    expect(story(f).slice(0, 5)).toEqual([
      '2026-03-09 stopped:person by 3',
      '2026-03-07 launchedAgain:person by 3',
      '2026-03-06 stopped:person by 2',
      '2026-03-04 launchedAgain:person',
      '2026-03-03 stopped:person',
    ]);
  });

  it('given a plan stop with an actor at the group\'s stop or at a move, still shows that stop or move alone, with its own actor', () => {
    const stop = d('2026-03-05T08:00:00Z');
    const groupStop = facts({
      launches: [{ id: 10, launchedAt: d('2026-03-02T08:00:00Z'), launchedBy: 1, stoppedAt: stop, stoppedBy: 3 }],
      plans: [{ launchId: 10, stops: [m(stop, 4)], restarts: [] }],
    });
    expect(story(groupStop)).toEqual(['2026-03-05 stopped:group by 3', '2026-03-02 launched:group by 1', '2026-03-01 joined:person by 1']);
    const leftAt = d('2026-03-08T08:00:00Z');
    const moved = facts({ memberships: [member({ leftAt, leftBy: 1, endState: 'removed' })], plans: [{ launchId: 10, stops: [m(leftAt, 4)], restarts: [] }] });
    expect(story(moved)[0]).toBe('2026-03-08 removed:person by 1');
    expect(story(moved)).toHaveLength(3);
  });

  it('given the group paused before the person joined, leaves that pause out; their own pauses stay', () => {
    const f = facts({
      memberships: [member({ joinedAt: d('2026-03-10T08:00:00Z') })],
      pauses: [
        { launchId: 10, personId: null, pausedAt: d('2026-03-03T08:00:00Z'), pausedBy: 1, resumedAt: d('2026-03-04T08:00:00Z'), resumedBy: 1 },
        { launchId: 10, personId: PERSON, pausedAt: d('2026-03-11T08:00:00Z'), pausedBy: 1, resumedAt: null, resumedBy: null },
      ],
    });
    expect(story(f)).toEqual(['2026-03-11 paused:person by 1', '2026-03-10 joined:person by 1']);
  });

  it('given a leave followed by a join elsewhere within the window, calls it a move; a later join is not one', () => {
    const leftAt = d('2026-03-08T08:00:00Z');
    const moved = facts({
      launches: [],
      memberships: [member({ leftAt, leftBy: 1, endState: 'removed', after: { groupId: 77, groupName: 'Engineers', joinedAt: new Date(leftAt.getTime() + 2000) } })],
      plans: [{ launchId: 10, stops: [m(new Date(leftAt.getTime() - 30))], restarts: [] }],
    });
    const [first] = personHistory(moved, PERSON, 'Europe/Moscow');
    expect(first).toMatchObject({ kind: 'movedOut', actorId: 1, otherGroup: { id: 77, name: 'Engineers' } });
    // The plan the leave ended is not a stop of its own.
    expect(story(moved)).toEqual(['2026-03-08 movedOut:person by 1', '2026-03-01 joined:person by 1']);

    const muchLater = facts({ launches: [], memberships: [member({ leftAt, leftBy: null, endState: 'removed', after: { groupId: 77, groupName: 'Engineers', joinedAt: new Date(leftAt.getTime() + MOVE_WINDOW_MS + 1) } })] });
    expect(personHistory(muchLater, PERSON, 'UTC')[0]).toMatchObject({ kind: 'removed', actorId: null, otherGroup: null });
  });

  it('given a join right after a period elsewhere ended, calls it a move in from there', () => {
    const joinedAt = d('2026-03-08T08:00:00Z');
    const f = facts({ launches: [], memberships: [member({ joinedAt, before: { groupId: 76, groupName: 'Clerks', leftAt: new Date(joinedAt.getTime() - 60_000) } })] });
    expect(personHistory(f, PERSON, 'UTC')).toEqual([{ at: joinedAt.toISOString(), on: '2026-03-08', kind: 'movedIn', scope: 'person', actorId: 1, otherGroup: { id: 76, name: 'Clerks' } }]);
  });

  it('names how a membership ended: left, removed, or deactivated by the people pass', () => {
    const ended = (endState: MembershipFacts['endState']) => personHistory(facts({ launches: [], memberships: [member({ leftAt: d('2026-03-09T08:00:00Z'), endState })] }), PERSON, 'UTC')[0].kind;
    expect([ended('left'), ended('removed'), ended('ended')]).toEqual(['left', 'removed', 'deactivated']);
  });

  it('at one moment, puts the later step of the story first', () => {
    const moment = d('2026-03-02T08:00:00Z');
    const f = facts({ memberships: [member({ joinedAt: moment })], launches: [{ id: 10, launchedAt: moment, launchedBy: 1, stoppedAt: null, stoppedBy: null }] });
    expect(story(f)).toEqual(['2026-03-02 launched:group by 1', '2026-03-02 joined:person by 1']);
    const again = facts({ plans: [{ launchId: 10, stops: [m(moment)], restarts: [m(moment)] }] });
    expect(story(again).slice(0, 2)).toEqual(['2026-03-02 launchedAgain:person', '2026-03-02 stopped:person']);
  });
});
