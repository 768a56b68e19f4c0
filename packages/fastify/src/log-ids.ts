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

/** Set by `@tracewire/pino`'s `traceMixin()` on the mixin function it returns. */
const kTraceMixin = Symbol.for('tracewire.pino.traceMixin');

/**
 * Whether the app's pino logger already adds trace ids through `traceMixin()`: then per-request
 * child bindings would write every key twice. pino keeps the mixin under a private symbol
 * described `pino.mixin`, on the root logger and inherited by children through the prototype.
 */
export function loggerHasTraceMixin(log: unknown): boolean {
  for (let target = log; target !== null && typeof target === 'object'; target = Object.getPrototypeOf(target)) {
    for (const key of Object.getOwnPropertySymbols(target)) {
      if (key.description !== 'pino.mixin') continue;
      const mixin = (target as Record<symbol, unknown>)[key] as { [kTraceMixin]?: unknown } | undefined;
      return typeof mixin === 'function' && mixin[kTraceMixin] === true;
    }
  }
  return false;
}
