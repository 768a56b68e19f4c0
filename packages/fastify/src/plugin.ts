/**
 * The Fastify plugin: `await app.register(tracewire)`. Core does the tracing (headers, span,
 * attributes, naming, ignore list, ending on 'close'); this file only ties it to Fastify's hooks.
 *
 * - onRequest: start the request's trace and run the rest of the lifecycle inside its context
 *   with `run(context, done)` — never `enterWith`, which leaks into the next keep-alive request.
 * - preValidation: enter the context again, because body parsing may resume in a callback that
 *   lost it (DESIGN §6).
 * - onError: record what the app threw; Fastify's error handler still answers unchanged.
 * - onClose: flush the tracer so a graceful shutdown loses no spans.
 */
import { TracewireError, createHttpServerTracing, run, type RequestTrace } from '@tracewire/core';
import { applyOutboundOption } from '@tracewire/fetch';
import type { FastifyError, FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { flushTracer } from './flush-on-close';
import { createLogIdsAttacher, loggerHasTraceMixin } from './log-ids';
import { fastifyTrustsProxy, routeOf } from './route-of';
import type { TracewireFastifyOptions } from './types';

const PLUGIN_NAME = '@tracewire/fastify';

/** Explicit `logIds` wins; by default ids are added unless the logger's traceMixin already does. */
function checkLogIds(value: unknown, log: unknown): boolean {
  if (value === undefined) return !loggerHasTraceMixin(log);
  if (typeof value !== 'boolean') {
    throw new TracewireError('TW_ERR_INVALID_OPTION', `tracewire: option "logIds" must be true or false, got ${JSON.stringify(value)}`);
  }
  return value;
}

const plugin: FastifyPluginCallback<TracewireFastifyOptions> = (fastify: FastifyInstance, options, done) => {
  try {
    install(fastify, options);
  } catch (error) {
    // bad options fail registration (core's TracewireError) through Fastify's own channel: a
    // callback plugin that throws would escape avvio as an uncaught exception instead
    done(error as Error);
    return;
  }
  done();
};

function install(fastify: FastifyInstance, options: TracewireFastifyOptions): void {
  // options are checked once, here, at register time; never per request
  const tracing = createHttpServerTracing(options);
  // on by default, so the one line also forwards the context downstream (idempotent, process-wide)
  applyOutboundOption(options?.outbound);
  const logIds = checkLogIds(options.logIds, fastify.log);
  const attachLogIds = logIds ? createLogIdsAttacher() : undefined;

  if (fastify.hasRequestDecorator('tracewire')) {
    // registered twice in one context: a second set of hooks would open a second span per request
    fastify.log.warn(`${PLUGIN_NAME} is already registered here; ignoring the second registration`);
    return;
  }
  // null until onRequest sets it; Fastify wants the property declared up front for its request shape
  fastify.decorateRequest('tracewire', null as unknown as RequestTrace);

  fastify.addHook('onRequest', function tracewireOnRequest(request: FastifyRequest, reply: FastifyReply, next: HookHandlerDoneFunction) {
    let trace: RequestTrace;
    try {
      trace = tracing.start(request.raw, reply.raw, {
        route: () => routeOf(request),
        // Fastify's own trustProxy setting; an explicit `trustProxy` option wins in core
        trustProxy: fastifyTrustsProxy(request),
      });
      request.tracewire = trace;
      if (attachLogIds !== undefined) attachLogIds(request, reply, trace);
    } catch {
      // tracing never fails a request: carry on untraced
      next();
      return;
    }
    // everything after this hook (later hooks, parsing, the handler, reply) runs in the context
    run(trace.context, next);
  });

  fastify.addHook('preValidation', function tracewirePreValidation(request: FastifyRequest, _reply: FastifyReply, next: HookHandlerDoneFunction) {
    const trace = request.tracewire as RequestTrace | null;
    if (trace === null) next();
    else run(trace.context, next);
  });

  fastify.addHook('onError', function tracewireOnError(request: FastifyRequest, _reply: FastifyReply, error: FastifyError, next: () => void) {
    (request.tracewire as RequestTrace | null)?.recordError(error);
    next();
  });

  fastify.addHook('onClose', () => flushTracer(options.tracer));
}

/**
 * `await app.register(tracewire, options?)`. Wrapped with fastify-plugin so its hooks and the
 * `request.tracewire` decoration apply to the context that registers it (the whole app when
 * registered at the root), not to a child context of their own.
 */
export const tracewire = fp(plugin, { fastify: '4.x || 5.x', name: PLUGIN_NAME });
