import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Which requests get a log line. The health probe (every few seconds from a load balancer),
 * static assets and the favicon say nothing an operator needs at `info`: they drowned the lines
 * that matter. At `debug` and below every request is logged again.
 */
const ROUTINE = /^\/(?:healthz|favicon\.(?:ico|svg)|assets\/)/;

export function isRoutineRequest(url: string | undefined): boolean {
  return ROUTINE.test(url ?? '');
}

/**
 * One line per request, written when it completes, with everything Fastify's two lines
 * ("incoming request", then "request completed") carried between them: method, URL (tokens
 * redacted by logging.ts's serializer), client address, status, time and reqId. Writing,
 * serializing and redacting a record was the biggest share of a small request's own time; the
 * first line said nothing the second does not. A request whose client goes away before its reply
 * is written has no line (as before, it had only the first).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export function requestLogController(level: string): LogController {
  const everyRequest = level === 'debug' || level === 'trace';
  return new OneLinePerRequest({
    disableRequestLogging: everyRequest ? false : (request: FastifyRequest) => isRoutineRequest(request.url),
  });
}
