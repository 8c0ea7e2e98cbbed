/**
 * REST errors as Bitrix24 sends them: `{"error": CODE, "error_description": text}` plus an HTTP
 * status (BITRIX24.md §3.3, §4.3). Old-style sonet_group.* methods throw with an EMPTY code and
 * HTTP 400 — apps must match on the description, so the emulator must not "improve" that.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code || '(empty code)'}: ${description}`);
    this.name = 'RestError';
  }

  body(): Record<string, unknown> {
    return { error: this.code, ...this.extra, error_description: this.description };
  }
}

/** An error of a sonet_group.* method: empty code, HTTP 400. */
export const sonetError = (description: string) => new RestError(400, '', description);

export const accessDenied = (description = 'Access denied!') => new RestError(403, 'ACCESS_DENIED', description);

export const argumentError = (argument: string, description = `Argument '${argument}' is null or empty`) =>
  new RestError(400, 'ERROR_ARGUMENT', description, { argument });

export const methodNotFound = () => new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');

export const insufficientScope = () =>
  new RestError(403, 'insufficient_scope', 'The request requires higher privileges than provided by the access token');

/** The `time` block of every answer (§3.2); the limiter fields are always present, as on the cloud. */
export function timeBlock(startedAt: number, finishedAt = Date.now()): Record<string, number | string> {
  const start = startedAt / 1000;
  const finish = finishedAt / 1000;
  return {
    start,
    finish,
    duration: finish - start,
    processing: finish - start,
    date_start: isoSeconds(startedAt),
    date_finish: isoSeconds(finishedAt),
    operating_reset_at: Math.floor(finish) + 600,
    operating: 0,
  };
}

/** ISO-8601 with a numeric offset, as Bitrix24 formats dates ('2025-09-09T16:31:11+00:00'). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
