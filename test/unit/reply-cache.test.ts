import { quarterHourOf, ReplyCache, replyKey } from '../../server/http/reply-cache';

describe('ReplyCache', () => {
  it('answers a kept reply only under the version it was built under', () => {
    const cache = new ReplyCache();
    cache.set('k', '7', '{"a":1}');
    expect(cache.get('k', '7')).toBe('{"a":1}');
    expect(cache.get('k', '8')).toBeUndefined();
    expect(cache.get('other', '7')).toBeUndefined();
    expect(cache.has('k')).toBe(true);
    cache.set('k', '8', '{"a":2}');
    expect(cache.get('k', '7')).toBeUndefined();
    expect(cache.get('k', '8')).toBe('{"a":2}');
    cache.delete('k');
    expect(cache.has('k')).toBe(false);
  });

  it('lets the least recently used go first when it holds too many', () => {
    const cache = new ReplyCache({ maxEntries: 2, maxBytes: 1_000_000 });
    cache.set('a', '1', 'A');
    cache.set('b', '1', 'B');
    expect(cache.get('a', '1')).toBe('A'); // a is now the most recent
    cache.set('c', '1', 'C');
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });

  it('holds no more than its bytes, and never a reply larger than a sixteenth of them', () => {
    const cache = new ReplyCache({ maxEntries: 100, maxBytes: 1_600 });
    cache.set('huge', '1', 'x'.repeat(51)); // 102 bytes > 1600 / 16
    expect(cache.has('huge')).toBe(false);
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, '1', 'x'.repeat(50)); // 100 bytes each
    expect(cache.size).toBe(16);
    expect(cache.has('k3')).toBe(false);
    expect(cache.has('k4')).toBe(true);
    expect(cache.has('k19')).toBe(true);
  });
});

describe('replyKey', () => {
  it('starts with the portal and never confuses one set of parts with another', () => {
    expect(JSON.parse(replyKey('p1', 'catalog', 5))[0]).toBe('p1');
    expect(replyKey('p', 'a,b', 'c')).not.toBe(replyKey('p', 'a', 'b,c'));
    expect(replyKey('p', 'people', undefined, 20)).not.toBe(replyKey('p', 'people', '', 20));
    expect(replyKey('p', 'people', '1')).not.toBe(replyKey('p', 'people', 1));
  });
});

describe('quarterHourOf', () => {
  it('is the same within a quarter hour and changes at its end, the step every time zone offset is a multiple of', () => {
    expect(quarterHourOf(new Date('2026-03-01T23:45:00.000Z'))).toBe(quarterHourOf(new Date('2026-03-01T23:59:59.999Z')));
    expect(quarterHourOf(new Date('2026-03-02T00:00:00.000Z'))).toBe(quarterHourOf(new Date('2026-03-01T23:59:59.999Z')) + 1);
    // Nepal (+05:45): its midnight is a quarter-hour boundary in UTC.
    expect(quarterHourOf(new Date('2026-03-01T18:15:00.000Z'))).not.toBe(quarterHourOf(new Date('2026-03-01T18:14:59.999Z')));
  });
});
