import { OAUTH_STATE_TTL_SECONDS, signOAuthState, verifyOAuthState } from '../../server/portal/oauth-state';
import { issueSessionToken, verifySessionToken } from '../../server/auth/session-token';

const secret = 'a-test-secret-that-is-long-enough-000';

describe('the signed OAuth state', () => {
  it('round-trips the member id', () => {
    expect(verifyOAuthState(secret, signOAuthState(secret, 'member-1'))).toMatchObject({ memberId: 'member-1' });
  });

  it('is refused after it expires', () => {
    const now = Date.now();
    const state = signOAuthState(secret, 'member-1', now);
    expect(verifyOAuthState(secret, state, now + (OAUTH_STATE_TTL_SECONDS - 1) * 1000)).not.toBeNull();
    expect(verifyOAuthState(secret, state, now + OAUTH_STATE_TTL_SECONDS * 1000)).toBeNull();
  });

  it('is refused when signed with another secret or tampered with', () => {
    const state = signOAuthState(secret, 'member-1');
    expect(verifyOAuthState(`${secret}x`, state)).toBeNull();
    const [version, , signature] = state.split('.');
    const forged = Buffer.from(JSON.stringify({ memberId: 'member-2', expiresAt: 9_999_999_999, nonce: 'x' })).toString('base64url');
    expect(verifyOAuthState(secret, `${version}.${forged}.${signature}`)).toBeNull();
    expect(verifyOAuthState(secret, 'garbage')).toBeNull();
    expect(verifyOAuthState(secret, undefined)).toBeNull();
  });

  it('cannot pass for a session token, nor a session token for a state', () => {
    const { token } = issueSessionToken(secret, { portalId: 'p', memberId: 'member-1', userId: 1, role: 'admin', purpose: 'app' }, 600);
    expect(verifyOAuthState(secret, token)).toBeNull();
    expect(() => verifySessionToken(secret, signOAuthState(secret, 'member-1'))).toThrow();
  });
});
