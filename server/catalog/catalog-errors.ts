import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors';

/**
 * A 4xx that carries more than a field: the stored item on an edit conflict, the list of problems
 * of an import file. The catalog's routes are registered in a scope whose error handler adds
 * `details` to the usual body; anything else goes on to the app's one error handler.
 */
export class ProblemWithDetails extends HttpError {
  constructor(statusCode: number, code: string, message: string, readonly details: unknown) {
    super(statusCode, code, message);
    this.name = 'ProblemWithDetails';
  }
}

export function editConflict(what: string, current: unknown): ProblemWithDetails {
  return new ProblemWithDetails(
    409,
    'EDIT_CONFLICT',
    `Someone else saved this ${what} after you opened it. Your changes were not saved; compare them with the stored version.`,
    { current },
  );
}

export function sendProblemDetails(scope: FastifyInstance): void {
  scope.setErrorHandler((error, _request, reply) => {
    if (error instanceof ProblemWithDetails) {
      return reply.status(error.statusCode).send({ error: error.code, message: error.message, details: error.details });
    }
    // Rethrown: Fastify hands it to the parent (the app's) error handler.
    throw error;
  });
}
