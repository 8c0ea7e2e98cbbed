import { claimedOrigin, frameLang, originOf, placementOptions, secretsEqual } from '../../server/auth/frame-fields';
import { isAlreadyBound } from '../../server/portal/install-setup';
import { BitrixError } from '../../server/bitrix/bitrix-errors';

describe('reading the frame POST', () => {
  it('parses PLACEMENT_OPTIONS leniently', () => {
    expect(placementOptions('{"GROUP_ID":"10","URI":"/workgroups/group/10/"}')).toEqual({ GROUP_ID: '10', URI: '/workgroups/group/10/' });
    expect(placementOptions('{"GROUP_ID":10,"nested":{"a":1}}')).toEqual({ GROUP_ID: '10' });
    expect(placementOptions('not json')).toEqual({});
    expect(placementOptions('[1,2]')).toEqual({});
    expect(placementOptions(undefined)).toEqual({});
    expect(placementOptions({ GROUP_ID: '3' })).toEqual({ GROUP_ID: '3' });
  });

  it('accepts only a plain language code', () => {
    expect(frameLang({ LANG: 'de' })).toBe('de');
    expect(frameLang({ LANG: 'RU' })).toBe('ru');
    expect(frameLang({ LANG: '"><script>' })).toBe('en');
    expect(frameLang({}, { LANG: 'ua' })).toBe('ua');
    expect(frameLang(undefined)).toBe('en');
  });

  it('turns DOMAIN and PROTOCOL into an origin only when DOMAIN is a host name', () => {
    expect(claimedOrigin({ DOMAIN: 'acme.bitrix24.com', PROTOCOL: '1' })).toBe('https://acme.bitrix24.com');
    expect(claimedOrigin({ DOMAIN: 'localhost:3100', PROTOCOL: '0' })).toBe('http://localhost:3100');
    expect(claimedOrigin({ DOMAIN: 'evil.com; script-src *' })).toBeNull();
    expect(claimedOrigin({ DOMAIN: 'a.com/x' })).toBeNull();
    expect(claimedOrigin({})).toBeNull();
  });

  it('takes the portal origin from a stored REST root', () => {
    expect(originOf('https://acme.bitrix24.com/rest/')).toBe('https://acme.bitrix24.com');
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('nonsense')).toBeNull();
  });

  it('compares secrets exactly', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'abc')).toBe(false);
  });
});

describe('idempotent binding', () => {
  it('counts "already bound" answers as done, and nothing else', () => {
    expect(isAlreadyBound(new BitrixError('ERROR_HANDLER_ALREADY_EXIST', 'Handler already binded', 400, 'event.bind'))).toBe(true);
    expect(isAlreadyBound(new BitrixError('ERROR_CORE', 'Unable to set placement handler: Handler already binded', 400, 'placement.bind'))).toBe(true);
    expect(isAlreadyBound(new BitrixError('ERROR_CORE', 'Handler already bound', 400, 'placement.bind'))).toBe(true);
    expect(isAlreadyBound(new BitrixError('ERROR_PLACEMENT_NOT_FOUND', 'Placement not found', 400, 'placement.bind'))).toBe(false);
    expect(isAlreadyBound(new Error('already bound'))).toBe(false);
  });
});
