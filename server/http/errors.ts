import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/unavailable';

/** An error whose message is meant for the caller: 4xx with the field it concerns. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** For 429 and 503: when to try again (sent as Retry-After and in the body). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
  retryAfterSeconds?: number;
}

/**
 * For HTML pages shown inside the portal's frame (launch, install, OAuth callback): an HttpError
 * as it is; anything else is logged and becomes a plain-words 500 that says nothing internal.
 */
export function pageError(error: unknown, request: FastifyRequest): HttpError {
  if (error instanceof HttpError) return error;
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, 'page failed: the database is unavailable');
    return databaseUnavailable();
  }
  request.log.error({ err: error }, 'page failed');
  return new HttpError(500, 'INTERNAL', `Something went wrong on our side (request ${request.id}). Try again in a minute; if it keeps happening, tell your administrator.`);
}

/** The database is down or out of reach: not our bug, and over once it is back (db/unavailable.ts). */
export function databaseUnavailable(): HttpError {
  return new HttpError(503, 'DATABASE_UNAVAILABLE', 'Training Groups cannot reach its database right now. Try again in a minute.');
}

/** Turns "/body/name" or "body.name" (as ajv/typebox report it) into "name". */
function fieldOf(error: FastifyError): string | undefined {
  const first = error.validation?.[0] as
    | { instancePath?: string; params?: { missingProperty?: string; requiredProperties?: string[]; additionalProperty?: string } }
    | undefined;
  if (!first) return undefined;
  // A missing field and an extra one are named by ajv in params, not in the path.
  const named = first.params?.missingProperty ?? first.params?.requiredProperties?.[0] ?? first.params?.additionalProperty;
  const pathParts = (first.instancePath ?? '').split('/').filter(Boolean);
  if (named) pathParts.push(named);
  return pathParts.join('.') || undefined;
}

/**
 * One error handler for the whole app: 4xx answers say what is wrong and which field;
 * 5xx answers say nothing internal (the details go to the log, with a request id to find them).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      const body: ErrorBody = { error: error.code, message: error.message };
      if (error.field) body.field = error.field;
      if (error.retryAfterSeconds !== undefined) {
        body.retryAfterSeconds = error.retryAfterSeconds;
        reply.header('retry-after', String(error.retryAfterSeconds));
      }
      return reply.status(error.statusCode).send(body);
    }
    if (error.validation) {
      const field = fieldOf(error);
      const where = error.validationContext ? `${error.validationContext} ` : '';
      const body: ErrorBody = {
        error: 'VALIDATION_FAILED',
        message: `Invalid ${where}${field ? `field "${field}"` : 'input'}: ${error.validation[0]?.message ?? error.message}`,
      };
      if (field) body.field = field;
      return reply.status(400).send(body);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'request failed: the database is unavailable');
      const unavailable = databaseUnavailable();
      // retryAfterSeconds as in the other 503s (Bitrix24 busy), whose reply schemas require it.
      return reply.status(503).header('retry-after', '30').send({ error: unavailable.code, message: unavailable.message, retryAfterSeconds: 30 });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status < 500) {
      return reply.status(status).send({ error: error.code ?? 'BAD_REQUEST', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(status).send({ error: 'INTERNAL', message: `Something went wrong on our side (request ${request.id}).` });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });
}
