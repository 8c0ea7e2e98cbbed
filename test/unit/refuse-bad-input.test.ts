import { findLooseNumber, findUnreadable, hasForbiddenCharacter } from '../../server/http/refuse-bad-input';

describe('input no field of ours accepts', () => {
  it('is a control character other than tab, line feed and carriage return, DEL, or an unpaired surrogate', () => {
    for (const bad of ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\ud800', 'a\udc00', '\ud83d']) {
      expect([bad, hasForbiddenCharacter(`x${bad}y`)]).toEqual([bad, true]);
    }
    for (const good of ['a\tb', 'a\nb', 'a\r\nb', '🎓', 'Ада', "' OR 1=1 --", '\u00a0', '\u2028', '']) {
      expect([good, hasForbiddenCharacter(good)]).toEqual([good, false]);
    }
  });

  it('is found at any depth, in a value or a key, and named by its path', () => {
    expect(findUnreadable({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toEqual({ path: ['a', '1', 'c'], what: 'must not contain control characters' });
    expect(findUnreadable({ data: { 'k\u0000y': 1 } })).toEqual({ path: ['data', 'k?y'], what: 'a field name holds a control character' });
    expect(findUnreadable({ a: 'fine', b: [1, true, null] })).toBeNull();
  });

  it('is nesting past 32 levels', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 33; i++) deep = { a: deep };
    expect(findUnreadable(deep)?.what).toMatch(/nested more than 32/);
    let fine: unknown = 1;
    for (let i = 0; i < 32; i++) fine = { a: fine };
    expect(findUnreadable(fine)).toBeNull();
  });
});

describe('numbers as the schema expects them', () => {
  const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
  const version = { type: 'integer', minimum: 1 };

  it('are plain decimal digits when they come as text', () => {
    for (const loose of ['0x10', '1e1', '+16', ' 16', '16.0', '0b10', '0o20', '', 'Infinity']) {
      expect([loose, findLooseNumber(id, loose)?.what]).toEqual([loose, 'must be a plain decimal integer']);
    }
    expect(findLooseNumber(id, '16')).toBeNull();
    expect(findLooseNumber({ type: 'number' }, '1.5')).toBeNull();
    expect(findLooseNumber({ type: 'number' }, '1e3')).not.toBeNull();
  });

  it('fit a 32-bit column unless the schema sets its own bounds', () => {
    expect(findLooseNumber(version, 2 ** 31)?.what).toBe('must be at most 2147483647');
    expect(findLooseNumber(version, '99999999999999999999')?.what).toBe('must be at most 2147483647');
    expect(findLooseNumber(version, 1e308)?.what).toBe('must be at most 2147483647');
    expect(findLooseNumber({ type: 'integer', maximum: 10 }, -(2 ** 40))?.what).toBe('must be at least -2147483648');
    expect(findLooseNumber(version, 2 ** 31 - 1)).toBeNull();
    expect(findLooseNumber(id, 2 ** 40)).toBeNull();
  });

  it('are looked for through objects, arrays, unions and lone query values for arrays', () => {
    const body = { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { id } } } } };
    expect(findLooseNumber(body, { items: [{ id: 1 }, { id: '0x2' }] })?.path).toEqual(['items', '1', 'id']);
    expect(findLooseNumber({ anyOf: [{ type: 'integer' }, { type: 'null' }] }, '0x2')?.path).toEqual([]);
    expect(findLooseNumber({ anyOf: [{ type: 'integer' }, { type: 'string' }] }, '0x2')).toBeNull();
    expect(findLooseNumber({ type: 'array', items: id }, '0x2')?.path).toEqual([]);
    expect(findLooseNumber({ type: 'object', properties: { n: id } }, { ['__proto__']: '0x1', n: 2 })).toBeNull();
  });
});
