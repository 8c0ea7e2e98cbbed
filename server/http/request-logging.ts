import { LogController, type FastifyRequest } from 'fastify';

/**
 * Which requests get Fastify's per-request log lines. The health probe (every few seconds from a
 * load balancer), static assets and the favicon say nothing an operator needs at `info`: they
 * drowned the lines that matter. At `debug` and below every request is logged again.
 */
const ROUTINE = /^\/(?:healthz|favicon\.(?:ico|svg)|assets\/)/;

export function isRoutineRequest(url: string | undefined): boolean {
  return ROUTINE.test(url ?? '');
}

export function requestLogController(level: string): LogController {
  const everyRequest = level === 'debug' || level === 'trace';
  return new LogController({
    disableRequestLogging: everyRequest ? false : (request: FastifyRequest) => isRoutineRequest(request.url),
  });
}
