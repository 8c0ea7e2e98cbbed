import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors';
import { REFUSAL_MESSAGES, REFUSAL_STATUS, type Decision, type Refusal } from './group-rights';

/**
 * The groups routes' errors. A refusal of the rights module becomes its status and plain words;
 * an error with `details` (an edit conflict's stored card, Bitrix24's retry time) keeps them in the
 * body, through the error handler of the groups' route scope.
 */
export class GroupsProblem extends HttpError {
  constructor(statusCode: number, code: string, message: string, readonly details?: unknown) {
    super(statusCode, code, message);
    this.name = 'GroupsProblem';
  }
}

export function refusal(code: Refusal): GroupsProblem {
  return new GroupsProblem(REFUSAL_STATUS[code], code, REFUSAL_MESSAGES[code]);
}

/** Throws unless the decision allows it ('ask-bitrix24' must have been resolved by the caller). */
export function enforce(decision: Decision): void {
  if (decision.allowed === true) return;
  if (decision.allowed === 'ask-bitrix24') throw new Error('group rights: Bitrix24 was not asked before deciding');
  throw refusal(decision.refusal);
}

export const groupNotFound = () => new GroupsProblem(404, 'NOT_FOUND', 'There is no such training group in this portal.');

export function sendGroupsProblems(scope: FastifyInstance): void {
  scope.setErrorHandler((error, _request, reply) => {
    if (error instanceof GroupsProblem && error.details !== undefined) {
      return reply.status(error.statusCode).send({ error: error.code, message: error.message, details: error.details });
    }
    throw error;
  });
}
