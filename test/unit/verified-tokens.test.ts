import { issueSessionToken, SessionTokenError } from '../../server/auth/session-token';
import { VerifiedTokens } from '../../server/auth/verified-tokens';

const SECRET = 'a-session-secret-of-at-least-32-characters';
const claims = { portalId: '8432ada3-c8e6-48a6-838b-69d3f02de6d0', memberId: 'm1', userId: 7, role: 'employee' as const, purpose: 'app' as const, departmentIds: [2] };
const problemOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof SessionTokenError ? error.problem : String(error);
  }
  return 'accepted';
};

describe('verified session tokens kept by the process', () => {
  it('refuses a known token from the moment it expires, as a first verification would', () => {
    const now = Date.UTC(2026, 0, 1);
    const { token } = issueSessionToken(SECRET, claims, 60, now);
    const tokens = new VerifiedTokens(SECRET);
    expect(tokens.verify(token, now).userId).toBe(7);
    expect(tokens.verify(token, now + 59_999).userId).toBe(7);
    expect(problemOf(() => tokens.verify(token, now + 60_000))).toBe('expired');
    expect(problemOf(() => tokens.verify(token, now + 60_000))).toBe('expired');
    expect(tokens.size).toBe(0);
  });

  it('never keeps a token that failed, nor one signed with another secret', () => {
    const tokens = new VerifiedTokens(SECRET);
    const { token } = issueSessionToken(SECRET, claims, 60);
    const forged = `${token.slice(0, -2)}xx`;
    expect(problemOf(() => tokens.verify(forged))).toBe('bad_signature');
    expect(problemOf(() => tokens.verify(forged))).toBe('bad_signature');
    const other = issueSessionToken('another-secret-of-at-least-32-characters!', claims, 60).token;
    expect(problemOf(() => tokens.verify(other))).toBe('bad_signature');
    expect(tokens.size).toBe(0);
  });

  it('holds at most its limit, forgetting the oldest, and hands out claims no caller can change', () => {
    const tokens = new VerifiedTokens(SECRET, 2);
    const [a, b, c] = [1, 2, 3].map((userId) => issueSessionToken(SECRET, { ...claims, userId }, 60).token) as [string, string, string];
    tokens.verify(a);
    tokens.verify(b);
    tokens.verify(c);
    expect(tokens.size).toBe(2);
    const kept = tokens.verify(c);
    expect(Object.isFrozen(kept) && Object.isFrozen(kept.departmentIds)).toBe(true);
    expect(tokens.verify(a).userId).toBe(1);
    expect(tokens.size).toBe(2);
  });
});
