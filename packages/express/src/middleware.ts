/**
 * `app.use(tracewire())`: the one line. Core does the tracing (headers, span, attributes, naming,
 * ignore list, request ids, `traceresponse`, emitter binding, ending on 'close'); this file only
 * tells it what Express knows — the matched route, the errors, the `trust proxy` setting — and runs
 * the rest of the request inside the trace's context.
 */
import { createHttpServerTracing, run, type RequestTrace } from '@tracewire/core';
import { applyOutboundOption } from '@tracewire/fetch';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appTrustsProxy, type RoutedRequest } from './internal/express-shapes';
import { instrumentApp } from './instrument';
import { type RequestState, attachRequestState, requestStateOf } from './request-state';
import { enterSubApp } from './routing';
import type { TracewireExpressOptions, TracewireMiddleware } from './types';

/** Options are checked here, once: a bad one throws core's TracewireError (`TW_ERR_INVALID_OPTION`). */
export function tracewire(options?: TracewireExpressOptions): TracewireMiddleware {
  const tracing = createHttpServerTracing(options);
  // on by default, so the one line also forwards the context downstream (idempotent, process-wide)
  applyOutboundOption(options?.outbound);

  return function tracewireMiddleware(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
    const routed = req as RoutedRequest & { tracewire?: RequestTrace };
    const existing = requestStateOf(routed);
    if (existing !== undefined) {
      // a second tracewire() on the same request — a mounted sub-app's own — keeps the first
      // trace and lets tracewire see the sub-app's routes and error handlers
      try {
        enterSubApp(existing, routed, (routed.app as { mountpath?: unknown } | undefined)?.mountpath);
        instrumentApp(routed);
      } catch {
        // the span keeps a shorter name; the request is unaffected
      }
      next();
      return;
    }
    let trace: RequestTrace;
    let state: RequestState | undefined;
    try {
      trace = tracing.start(req, res, {
        // asked once, when the response has ended: by then routing has recorded the route
        route: () => state?.route,
        // the app's `trust proxy` setting; an explicit trustProxy option wins over it (in core)
        trustProxy: appTrustsProxy(routed),
      });
      state = attachRequestState(routed, trace);
      routed.tracewire = trace;
    } catch {
      // tracing must never fail the request: serve it untraced
      next();
      return;
    }
    try {
      instrumentApp(routed);
    } catch {
      // without it the span keeps the bare method as its name and misses the errors Express routes
    }
    run(trace.context, next);
  };
}
