/**
 * `app.use(tracewire())`: everything a request needs from core, wired into Koa. Core does the work
 * (extraction, SERVER span, attributes, ignore list, request ids, response headers, emitter
 * binding, ending the span on 'close'); this file tells it Koa's route, trust-proxy setting and
 * errors, and runs the rest of the middleware chain inside the request's context.
 */
import type { Middleware, Next, ParameterizedContext } from 'koa';
import { createHttpServerTracing, run, type RequestTrace } from '@tracewire/core';
import { applyOutboundOption } from '@tracewire/fetch';
import { onerrorInContext, type OnError } from './error-response';
import { matchedRoute } from './matched-route';
import type { TracewireKoaOptions } from './types';

/**
 * Validates `options` once (bad ones throw core's TracewireError here, at setup) and returns the
 * middleware; register it first so every later middleware and route runs in the request's context.
 */
export function tracewire(options?: TracewireKoaOptions): Middleware {
  const tracing = createHttpServerTracing(options);
  // on by default, so the one line also forwards the context downstream (idempotent, process-wide)
  applyOutboundOption(options?.outbound);

  return function tracewireMiddleware(ctx: ParameterizedContext, next: Next): Promise<void> {
    const trace = tracing.start(ctx.req, ctx.res, {
      route: () => matchedRoute(ctx),
      // Koa's own setting; an explicit `trustProxy` option wins in core
      trustProxy: ctx.app.proxy,
    });
    ctx.state.tracewire = trace;
    ctx.onerror = onerrorInContext(ctx.onerror as OnError, trace);
    return run(trace.context, runDownstream, next, trace);
  };
}

async function runDownstream(next: Next, trace: RequestTrace): Promise<void> {
  try {
    await next();
  } catch (error) {
    // core adds the exception event only if the response ends in error (SPEC-NOTES §4.7): Koa
    // picks the status after we rethrow. Errors a later middleware caught never reach here.
    trace.recordError(error);
    throw error;
  }
}
