/**
 * `app.use(tracewire())`: everything a request needs from core, wired into Koa. Core does the work
 * (extraction, SERVER span, attributes, ignore list, request ids, response headers, emitter
 * binding, ending the span on 'close'); this file tells it Koa's route, trust-proxy setting and
 * errors, and runs the rest of the middleware chain inside the request's context.
 */
import type { Middleware, Next, ParameterizedContext } from 'koa';
import { createHttpServerTracing, run, type RequestTrace } from '@tracewire/core';
import { headersAddedSince, onerrorInContext, type OnError } from './error-response';
import { matchedRoute } from './matched-route';
import type { TracewireKoaOptions } from './types';

/**
 * Validates `options` once (bad ones throw core's TracewireError here, at setup) and returns the
 * middleware; register it first so every later middleware and route runs in the request's context.
 */
export function tracewire(options?: TracewireKoaOptions): Middleware {
  const tracing = createHttpServerTracing(options);
  // an explicit option wins over Koa's `app.proxy` (as documented); core at 06110a5 let the
  // per-request value win, so pass the option through rather than rely on core's precedence
  const trustProxyOption = options?.trustProxy;

  return function tracewireMiddleware(ctx: ParameterizedContext, next: Next): Promise<void> {
    const res = ctx.res;
    const before = res.getHeaderNames();
    const trace = tracing.start(ctx.req, res, {
      route: () => matchedRoute(ctx),
      trustProxy: trustProxyOption ?? ctx.app.proxy,
    });
    ctx.state.tracewire = trace;
    ctx.onerror = onerrorInContext(ctx.onerror as OnError, trace.context, headersAddedSince(res, before));
    return run(trace.context, runDownstream, next, trace, res);
  };
}

async function runDownstream(next: Next, trace: RequestTrace, res: ParameterizedContext['res']): Promise<void> {
  try {
    await next();
  } catch (error) {
    // SPEC-NOTES §4.7: an exception belongs on the span only if it fails the request. Koa picks
    // the status after we rethrow (err.status, else 500) and an app may answer it otherwise, so
    // decide once the response is written. Errors a later middleware caught never reach here.
    res.once('finish', () => {
      if (res.statusCode >= 500) trace.recordError(error);
    });
    throw error;
  }
}
