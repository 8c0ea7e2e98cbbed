import { canonicalJson, eventDedupKey } from '../../server/portal/events-inbox';
import { applicationTokenMatches } from '../../server/auth/frame-fields';
import { eventId } from '../../server/portal/platform-events';
import { retryDelayMs } from '../../server/jobs/retry-backoff';

describe('event verification', () => {
  it('matches only the exact stored application token', () => {
    expect(applicationTokenMatches('abc123', 'abc123')).toBe(true);
    expect(applicationTokenMatches('abc123', 'abc124')).toBe(false);
    expect(applicationTokenMatches('abc123', 'abc1234')).toBe(false);
    expect(applicationTokenMatches('abc123', 'ABC123')).toBe(false);
  });

  it.each([
    [null, 'x'], [undefined, 'x'], ['', ''], ['stored', undefined], ['stored', ''], ['stored', ['stored']], ['stored', { 0: 'stored' }],
  ])('fails closed for stored %p and given %p', (stored, given) => {
    expect(applicationTokenMatches(stored as string | null, given)).toBe(false);
  });
});

describe('event de-duplication keys', () => {
  it('are the same for the same delivery, however its keys were ordered', () => {
    const a = eventDedupKey('ONUSERADD', '1700000000', { ID: '5', NAME: 'A', UF: { x: 1, y: [1, 2] } });
    const b = eventDedupKey('onUserAdd', '1700000000', { UF: { y: [1, 2], x: 1 }, NAME: 'A', ID: '5' });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differ when the event, the ts or the data differ', () => {
    const base = eventDedupKey('ONUSERADD', '1', { ID: '5' });
    expect(eventDedupKey('ONSONETGROUPUPDATE', '1', { ID: '5' })).not.toBe(base);
    expect(eventDedupKey('ONUSERADD', '2', { ID: '5' })).not.toBe(base);
    expect(eventDedupKey('ONUSERADD', '1', { ID: '6' })).not.toBe(base);
    expect(eventDedupKey('ONUSERADD', '1', { ID: 5 })).not.toBe(base);
  });

  it('write canonical JSON', () => {
    expect(canonicalJson({ b: [3, { d: 1, c: null }], a: 'x', u: undefined })).toBe('{"a":"x","b":[3,{"c":null,"d":1}]}');
  });

  it('read ids from form strings', () => {
    expect(eventId('42')).toBe(42);
    expect(eventId(42)).toBe(42);
    expect(eventId('4x')).toBeNull();
    expect(eventId('0')).toBeNull();
    expect(eventId(undefined)).toBeNull();
  });
});

describe('job retry back-off', () => {
  it('doubles from 10 s up to 15 minutes, with at most 20 % spread', () => {
    expect(retryDelayMs(1, () => 0)).toBe(10_000);
    expect(retryDelayMs(2, () => 0)).toBe(20_000);
    expect(retryDelayMs(4, () => 0)).toBe(80_000);
    expect(retryDelayMs(30, () => 0)).toBe(900_000);
    expect(retryDelayMs(1, () => 1)).toBe(12_000);
  });
});
