/**
 * Typed errors for everything Bitrix24 can answer, so callers switch on a stable `code`.
 * Messages carry the method, code and Bitrix24's description: never a token, never a request body.
 */
export class BitrixError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    /** HTTP status of the answer; 0 when nothing was answered (network) or nothing was sent. */
    readonly status: number,
    readonly method: string,
  ) {
    super(`Bitrix24 ${method}: ${code}${description ? ` (${description})` : ''}`);
    this.name = 'BitrixError';
  }
}

/** A frame user's token was rejected: the browser must refresh it (BX24/b24jssdk) and call again. */
export class UserTokenExpiredError extends BitrixError {
  constructor(code: string, description: string, status: number, method: string) {
    super(code, description, status, method);
    this.name = 'UserTokenExpiredError';
  }
}

/**
 * The portal's stored grant is unusable: the refresh failed (invalid_grant, invalid_client, ...)
 * or the subscription lapsed (PAYMENT_REQUIRED). The portal state has been updated accordingly.
 */
export class PortalAuthError extends BitrixError {
  constructor(code: string, description: string, status: number, method: string) {
    super(code, description, status, method);
    this.name = 'PortalAuthError';
  }
}

/**
 * Bitrix24 would make a person wait longer than an interactive request may (its bucket is full, or
 * the method is blocked by the operation-time limit): the request was not sent, or not sent again.
 * `retryAfterMs` says when Bitrix24 is expected to take it. Background jobs never get this; they wait.
 */
export class BitrixBusyError extends BitrixError {
  constructor(
    code: string,
    method: string,
    readonly retryAfterMs: number,
  ) {
    super(code, `Bitrix24 is busy; try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`, 503, method);
    this.name = 'BitrixBusyError';
  }
}

/** A wait was cut short: the process is shutting down (BitrixClient.close) or the caller gave up (its signal). */
export class BitrixWaitAbortedError extends BitrixError {
  constructor(method: string) {
    super('WAIT_ABORTED', 'The request was abandoned: the app is shutting down or the job stopped', 0, method);
    this.name = 'BitrixWaitAbortedError';
  }
}

/**
 * Old-style methods (all `sonet_group.*`) throw with an empty `error` and only a description
 * (§3.3). These patterns turn the description into a code callers can rely on.
 */
const EMPTY_CODE_PATTERNS: Array<[RegExp, string]> = [
  [/no permissions?\b/i, 'SONET_NO_PERMISSIONS'],
  [/group not found/i, 'SONET_GROUP_NOT_FOUND'],
  [/^wrong (socialnetwork )?group id/i, 'SONET_WRONG_GROUP_ID'],
  [/^wrong user ids?\b/i, 'SONET_WRONG_USER_IDS'],
  [/^incorrect input data/i, 'SONET_INCORRECT_INPUT'],
  [/^cannot create group/i, 'SONET_CANNOT_CREATE_GROUP'],
  [/^cannot update group/i, 'SONET_CANNOT_UPDATE_GROUP'],
  [/^cannot request to join group/i, 'SONET_CANNOT_REQUEST'],
  [/^wrong feature/i, 'SONET_WRONG_FEATURE'],
  [/^wrong operation/i, 'SONET_WRONG_OPERATION'],
];

/** A stable code for an error answer; an empty code is derived from the description. */
export function errorCodeOf(code: unknown, description: unknown): string {
  const given = typeof code === 'string' ? code.trim() : '';
  if (given) return given;
  const text = typeof description === 'string' ? description.trim() : '';
  for (const [pattern, mapped] of EMPTY_CODE_PATTERNS) {
    if (pattern.test(text)) return mapped;
  }
  return 'SONET_ERROR';
}

/** Builds the error for an answer of Bitrix24 (status plus parsed body, if any). */
export function errorFromAnswer(method: string, status: number, body: unknown): BitrixError {
  if (body && typeof body === 'object' && 'error' in body) {
    const { error, error_description: description } = body as { error?: unknown; error_description?: unknown };
    return new BitrixError(errorCodeOf(error, description), typeof description === 'string' ? description : '', status, method);
  }
  if (status >= 200 && status < 300) return new BitrixError('ERROR_UNEXPECTED_ANSWER', 'The answer is not a REST envelope', status, method);
  return new BitrixError(`HTTP_${status}`, 'The answer is not a REST error envelope', status, method);
}

/** 401 codes that mean "this access token is no longer good" (and a refresh may help). */
export function isExpiredTokenError(error: BitrixError): boolean {
  return error.status === 401 && (error.code === 'expired_token' || error.code === 'invalid_token');
}

/** OAuth codes that mean the stored grant is gone for good: only reinstalling/reopening the app helps. */
export const REINSTALL_OAUTH_CODES = new Set(['invalid_grant', 'invalid_client', 'wrong_client']);
export const PAYMENT_OAUTH_CODE = 'PAYMENT_REQUIRED';
