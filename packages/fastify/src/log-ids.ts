/**
 * Trace ids on `request.log`: one child logger per request, made once the trace exists, so every
 * line the app or Fastify writes through `request.log`/`reply.log` afterwards carries them.
 */
import type { RequestTrace } from '@tracewire/core';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Fastify 4 keeps per-request switches on the request's logger itself (own properties keyed by
 * private symbols such as `Symbol('fastify.disableRequestLogging')`); a child made by the logger
 * would not have them, and Fastify would then log what the app switched off. They are carried
 * over by description; found once per app (the symbols belong to the Fastify module, not the
 * request), and there are none in Fastify 5.
 */
function fastifyMarks(log: FastifyBaseLogger): symbol[] {
  return Object.getOwnPropertySymbols(log).filter((key) => key.description?.startsWith('fastify.') === true);
}

export type LogIdsAttacher = (request: FastifyRequest, reply: FastifyReply, trace: RequestTrace) => void;

export function createLogIdsAttacher(): LogIdsAttacher {
  let marks: symbol[] | undefined;
  return (request, reply, trace) => {
    const log = request.log;
    const child = log.child({ trace_id: trace.traceId, span_id: trace.spanId, trace_flags: trace.traceFlags });
    // a disabled logger returns itself: nothing to replace
    if (child === log) return;
    marks ??= fastifyMarks(log);
    for (const key of marks) (child as unknown as Record<symbol, unknown>)[key] = (log as unknown as Record<symbol, unknown>)[key];
    request.log = child;
    // Fastify writes "request completed" and error lines through reply.log, a separate property
    if (reply.log === log) reply.log = child;
  };
}
